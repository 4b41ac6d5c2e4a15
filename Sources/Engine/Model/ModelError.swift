import GGUF

/// Why a GGUF file cannot be run as a Mistral model, naming the key or tensor at fault.
public enum ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    case unsupportedArchitecture(String?)
    case missingKey(String)
    case wrongType(key: String, expected: String, found: GGUFValueType)
    case badValue(key: String, value: String, reason: String)
    case missingTensor(String)
    case tensorShape(name: String, expected: [Int], found: [Int])
    case tensorType(name: String, type: GGMLType)

    public var description: String {
        switch self {
        case .unsupportedArchitecture(let architecture):
            "general.architecture is \(architecture.map { "'\($0)'" } ?? "missing"); medsweep runs 'llama' (Mistral) models"
        case .missingKey(let key):
            "metadata key \(key) is missing"
        case .wrongType(let key, let expected, let found):
            "metadata key \(key) should be \(expected), found \(found)"
        case .badValue(let key, let value, let reason):
            "metadata key \(key) = \(value): \(reason)"
        case .missingTensor(let name):
            "tensor \(name) is missing"
        case .tensorShape(let name, let expected, let found):
            "tensor \(name) has shape \(found); the metadata implies \(expected)"
        case .tensorType(let name, let type):
            "tensor \(name) has type \(type.name), which the engine cannot compute with "
                + "(supported: \(GGMLType.allCases.filter { ActivationFormat(weights: $0) != nil }.map(\.name).joined(separator: ", ")))"
        }
    }
}
