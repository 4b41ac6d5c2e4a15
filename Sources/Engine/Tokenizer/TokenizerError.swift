import GGUF

/// Why a GGUF file's metadata holds no vocabulary a tokenizer can use.
///
/// Every case names the metadata key at fault and, where there is one, the bad value:
///
/// ```
/// metadata key tokenizer.ggml.model is 'bert'; supported: 'llama' (SentencePiece), 'gpt2' (byte-level BPE)
/// metadata key tokenizer.ggml.scores has 31999 elements; tokenizer.ggml.tokens has 32000
/// metadata key tokenizer.ggml.merges: element 7 = 'Ġt' is not two token texts separated by a space
/// ```
public enum TokenizerError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingKey(String)
    /// The value under `key` is not of the `expected` type (`found` is the type it has).
    case wrongType(key: String, expected: String, found: String)
    /// Element `index` of the array under `key` is not of the `expected` type.
    case wrongElementType(key: String, index: Int, expected: String, found: GGUFValueType)
    /// `tokenizer.ggml.model` names a tokenizer other than SentencePiece's "llama", where only
    /// that one is read (``Vocabulary``).
    case unsupportedModel(String)
    /// `tokenizer.ggml.model` is not "gpt2", where only byte-level BPE is read
    /// (``BytePairVocabulary``).
    case notBytePairModel(String)
    /// `tokenizer.ggml.model` names a tokenizer medsweep does not have (``ModelTokenizer``).
    case unknownModel(String)
    /// `tokenizer.ggml.pre` names a pre-tokenizer medsweep does not have.
    case unknownPreTokenizer(String)
    /// Element `index` of `tokenizer.ggml.merges` is not two non-empty texts separated by a
    /// space (after its first character).
    case malformedMerge(index: Int, value: String)
    /// The array under `key` has `count` elements where `tokenizer.ggml.tokens` has `expected`.
    case lengthMismatch(key: String, count: Int, expected: Int)
    /// A special token id (BOS, EOS, unknown) outside the vocabulary. `isDefault` is true when
    /// the key is absent and the id is llama.cpp's default for the vocabulary's type.
    case specialTokenOutOfRange(key: String, id: Int, vocabularySize: Int, isDefault: Bool)
    /// `tokenizer.ggml.token_type[index]` is not one of llama.cpp's token types (0 to 6).
    case unknownTokenType(index: Int, value: Int32)

    public var description: String {
        switch self {
        case .missingKey(let key):
            "metadata key \(key) is missing"
        case .wrongType(let key, let expected, let found):
            "metadata key \(key) should be \(expected), found \(found)"
        case .wrongElementType(let key, let index, let expected, let found):
            "metadata key \(key): element \(index) should be \(expected), found \(found)"
        case .unsupportedModel(let model):
            "metadata key tokenizer.ggml.model is '\(model)'; only 'llama' (SentencePiece) vocabularies are supported"
        case .notBytePairModel(let model):
            "metadata key tokenizer.ggml.model is '\(model)'; only 'gpt2' (byte-level BPE) vocabularies are read as byte-level BPE"
        case .unknownModel(let model):
            "metadata key tokenizer.ggml.model is '\(model)'; supported: "
                + ModelTokenizer.supportedModels.map { "'\($0.name)' (\($0.kind))" }.joined(separator: ", ")
        case .unknownPreTokenizer(let name):
            "metadata key tokenizer.ggml.pre is '\(name)'; supported: "
                + PreTokenizerProfile.known.map(\.name).joined(separator: ", ") + " (a missing key means 'default')"
        case .malformedMerge(let index, let value):
            "metadata key tokenizer.ggml.merges: element \(index) = '\(value)' is not two token texts separated by a space"
        case .lengthMismatch(let key, let count, let expected):
            "metadata key \(key) has \(count) elements; tokenizer.ggml.tokens has \(expected)"
        case .specialTokenOutOfRange(let key, let id, let vocabularySize, let isDefault):
            "metadata key \(key) = \(id)\(isDefault ? " (the default: the key is absent)" : ""): "
                + "not a token id of a vocabulary of \(vocabularySize) tokens"
        case .unknownTokenType(let index, let value):
            "metadata key tokenizer.ggml.token_type: element \(index) = \(value) is not a token type "
                + "(0 undefined, 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte)"
        }
    }
}
