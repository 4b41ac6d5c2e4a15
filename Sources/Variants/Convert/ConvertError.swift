import GGUF

/// Why a Hugging Face checkpoint could not be converted. Every message names the file, the
/// field or tensor, and the value that was wrong.
public enum ConvertError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file could not be opened, mapped or read.
    case cannotRead(path: String, reason: String)
    /// A JSON file is not valid JSON, or not the object expected.
    case badJSON(path: String, reason: String)
    /// A required field is absent.
    case missingField(path: String, field: String)
    /// A field has a value the converter cannot use.
    case badField(path: String, field: String, value: String, reason: String)
    /// A safetensors file's header or layout is broken.
    case badSafetensors(path: String, reason: String)
    /// One tensor of a safetensors file is broken (offsets, shape, data type).
    case badTensor(path: String, tensor: String, reason: String)
    /// A shard the index names is not there.
    case missingShard(index: String, shard: String)
    /// The same tensor name is in two places.
    case duplicateTensor(tensor: String, first: String, second: String)
    /// The directory holds no weights the converter reads.
    case noWeights(directory: String)
    /// A tensor the converter has no GGUF name for.
    case unknownTensor(path: String, tensor: String)
    /// A tensor the model needs is not in the checkpoint; `hint` says why it is needed.
    case missingTensor(directory: String, tensor: String, hint: String = "")
    /// A tensor's shape disagrees with config.json.
    case tensorShape(path: String, tensor: String, expected: [Int], found: [Int])
    /// Neither tokenizer.model nor a usable tokenizer.json is there.
    case noTokenizer(directory: String)
    /// A tokenizer file is broken or of a kind the converter does not read.
    case badTokenizer(path: String, reason: String)
    /// Writing the GGUF file failed.
    case write(GGUFWriteError)

    public var description: String {
        switch self {
        case .cannotRead(let path, let reason):
            "\(path): cannot read: \(reason)"
        case .badJSON(let path, let reason):
            "\(path): not valid JSON: \(reason)"
        case .missingField(let path, let field):
            "\(path): required field '\(field)' is missing"
        case .badField(let path, let field, let value, let reason):
            "\(path): field '\(field)' is \(value): \(reason)"
        case .badSafetensors(let path, let reason):
            "\(path): not a valid safetensors file: \(reason)"
        case .badTensor(let path, let tensor, let reason):
            "\(path): tensor '\(tensor)': \(reason)"
        case .missingShard(let index, let shard):
            "\(index): weight_map names shard '\(shard)', which is not in the directory"
        case .duplicateTensor(let tensor, let first, let second):
            "tensor '\(tensor)' is in both \(first) and \(second)"
        case .noWeights(let directory):
            "\(directory): no model.safetensors, model.safetensors.index.json or model*.safetensors "
                + "(PyTorch .bin checkpoints are not read; convert them to safetensors first)"
        case .unknownTensor(let path, let tensor):
            "\(path): tensor '\(tensor)' has no GGUF name in a Llama/Mistral model (biases, experts and adapters are not supported)"
        case .missingTensor(let directory, let tensor, let hint):
            "\(directory): the checkpoint has no tensor '\(tensor)'" + (hint.isEmpty ? "" : " (\(hint))")
        case .tensorShape(let path, let tensor, let expected, let found):
            "\(path): tensor '\(tensor)' has shape \(found), config.json gives \(expected)"
        case .noTokenizer(let directory):
            "\(directory): no tokenizer.model (SentencePiece) and no tokenizer.json"
        case .badTokenizer(let path, let reason):
            "\(path): \(reason)"
        case .write(let error):
            error.description
        }
    }
}
