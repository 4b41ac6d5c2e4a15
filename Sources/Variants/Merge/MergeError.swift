/// Why a merge could not be set up or carried out. Every message names the file (or the
/// recipe field), the tensor or field, and the offending value.
public enum MergeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A recipe parameter out of range or not used by the method (`field` like `density`).
    case badParameter(field: String, value: String, reason: String)
    /// A required parameter has no value for a tensor (no filter matched, or none given).
    case missingParameter(field: String, method: MergeMethod, tensor: String)
    /// A GGUF file could not be opened or read.
    case unreadableFile(path: String, reason: String)
    /// A tensor of one file is absent from the other.
    case missingTensor(tensor: String, presentIn: String, absentFrom: String)
    /// The same tensor has different shapes (ggml order) in the two files.
    case shapeMismatch(tensor: String, baseFile: String, baseShape: [Int], modelFile: String, modelShape: [Int])
    /// A metadata field (the vocabulary) differs between the two files.
    case metadataMismatch(field: String, baseFile: String, baseValue: String, modelFile: String, modelValue: String)
    /// A tensor's data could not be decoded.
    case undecodableTensor(file: String, tensor: String, reason: String)
    /// TIES' `int(density · n)` keeps no entry of a tensor (mergekit stops there too).
    case densityKeepsNothing(tensor: String, density: Double, elements: Int)
    /// A config's `layer_range` does not cover the model's blocks.
    case layerCountMismatch(file: String, blockCount: Int, layerCount: Int)
    /// The merged file could not be written.
    case writeFailed(path: String, reason: String)
    /// A mergekit config field is missing, malformed or unsupported.
    case badConfig(file: String, line: Int?, field: String, reason: String)
    /// A config names a model the caller gave no file for.
    case unresolvedModel(file: String, field: String, name: String, known: [String])

    public var description: String {
        switch self {
        case .badParameter(let field, let value, let reason):
            "merge parameter \(field) = \(value): \(reason)"
        case .missingParameter(let field, let method, let tensor):
            "merge parameter \(field), which \(method) needs, has no value for tensor '\(tensor)' (no filter matches it and no unfiltered value is given)"
        case .unreadableFile(let path, let reason):
            "\(path): \(reason)"
        case .missingTensor(let tensor, let presentIn, let absentFrom):
            "tensor '\(tensor)' is in \(presentIn) but not in \(absentFrom): the models do not have the same tensors"
        case .shapeMismatch(let tensor, let baseFile, let baseShape, let modelFile, let modelShape):
            "tensor '\(tensor)' has shape \(baseShape) in \(baseFile) but \(modelShape) in \(modelFile)"
        case .metadataMismatch(let field, let baseFile, let baseValue, let modelFile, let modelValue):
            "\(field) differs: \(baseValue) in \(baseFile), \(modelValue) in \(modelFile)"
        case .undecodableTensor(let file, let tensor, let reason):
            "\(file): tensor '\(tensor)': \(reason)"
        case .densityKeepsNothing(let tensor, let density, let elements):
            "density \(density) keeps int(\(density) × \(elements)) = 0 entries of tensor '\(tensor)'"
        case .layerCountMismatch(let file, let blockCount, let layerCount):
            "\(file) has \(blockCount) blocks but the config's layer_range covers [0, \(layerCount)]: medsweep merges whole models"
        case .writeFailed(let path, let reason):
            "\(path): writing the merged model failed: \(reason)"
        case .badConfig(let file, let line, let field, let reason):
            "\(file)\(line.map { ":\($0)" } ?? ""): \(field) \(reason)"
        case .unresolvedModel(let file, let field, let name, let known):
            "\(file): \(field) names model '\(name)', which was not given (given: \(known.isEmpty ? "none" : known.sorted().joined(separator: ", ")))"
        }
    }
}
