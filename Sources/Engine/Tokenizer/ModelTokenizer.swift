import GGUF

/// The tokenizer a GGUF model file asks for, whichever family its vocabulary is: the one
/// front the engine, the scorer and the tools tokenize through.
///
/// `tokenizer.ggml.model` chooses: "llama" is SentencePiece (Mistral, Llama 2), "gpt2" is
/// byte-level BPE (Llama 3, Qwen2, SmolLM, GPT-2); anything else is
/// ``TokenizerError/unknownModel(_:)``, listing these two.
///
/// ```swift
/// let tokenizer = try ModelTokenizer(file: GGUFFile(path: "SmolLM2-135M-Instruct.Q4_1.gguf"))
/// tokenizer.addsBOS                                 // false: the file says so
/// let ids = tokenizer.promptTokens("Answer:")      // what llama.cpp runs for this prompt
/// tokenizer.decode(ids, renderingSpecialTokens: false)   // "Answer:"
/// ```
public enum ModelTokenizer: Sendable {
    case sentencePiece(SentencePieceTokenizer)
    case bytePair(BytePairTokenizer)

    /// The `tokenizer.ggml.model` values there is a tokenizer for.
    public static let supportedModels: [(name: String, kind: String)] = [("llama", "SentencePiece"), ("gpt2", "byte-level BPE")]

    /// The tokenizer of the vocabulary in `metadata`, chosen by `tokenizer.ggml.model`.
    public init(metadata: GGUFMetadata) throws(TokenizerError) {
        let model = try VocabularyMetadata(metadata).string("tokenizer.ggml.model")
        switch model {
        case "llama": self = .sentencePiece(try SentencePieceTokenizer(metadata: metadata))
        case "gpt2": self = .bytePair(try BytePairTokenizer(metadata: metadata))
        default: throw .unknownModel(model)
        }
    }

    /// The tokenizer of the vocabulary stored in a GGUF file.
    public init(file: GGUFFile) throws(TokenizerError) {
        try self.init(metadata: file.metadata)
    }

    /// "SentencePiece" or "byte-level BPE (<pre-tokenizer name>)".
    public var kind: String {
        switch self {
        case .sentencePiece: "SentencePiece"
        case .bytePair(let tokenizer): "byte-level BPE (\(tokenizer.vocabulary.profile.name))"
        }
    }

    /// The vocabulary's size.
    public var count: Int {
        switch self {
        case .sentencePiece(let tokenizer): tokenizer.vocabulary.count
        case .bytePair(let tokenizer): tokenizer.vocabulary.count
        }
    }

    public var bosID: Int32 {
        switch self {
        case .sentencePiece(let tokenizer): tokenizer.vocabulary.bosID
        case .bytePair(let tokenizer): tokenizer.vocabulary.bosID
        }
    }

    public var eosID: Int32 {
        switch self {
        case .sentencePiece(let tokenizer): tokenizer.vocabulary.eosID
        case .bytePair(let tokenizer): tokenizer.vocabulary.eosID
        }
    }

    /// Whether the model expects BOS first, as llama.cpp decides for the file:
    /// `tokenizer.ggml.add_bos_token`, else true for SentencePiece and as the pre-tokenizer
    /// says for BPE (true for Llama 3's, false for the others).
    public var addsBOS: Bool {
        switch self {
        case .sentencePiece(let tokenizer): tokenizer.vocabulary.addsBOS
        case .bytePair(let tokenizer): tokenizer.vocabulary.addsBOS
        }
    }

    /// Whether the model expects EOS last (`tokenizer.ggml.add_eos_token`, default false).
    public var addsEOS: Bool {
        switch self {
        case .sentencePiece(let tokenizer): tokenizer.vocabulary.addsEOS
        case .bytePair(let tokenizer): tokenizer.vocabulary.addsEOS
        }
    }

    /// The token ids of `text`, BOS first when `addingBOS`; special tokens are not parsed.
    public func encode(_ text: String, addingBOS: Bool) -> [Int32] {
        var text = text
        return text.withUTF8 { encode(utf8: $0, addingBOS: addingBOS) }
    }

    /// The token ids of UTF-8 bytes (invalid UTF-8 handled as llama.cpp handles it).
    public func encode(utf8 text: UnsafeBufferPointer<UInt8>, addingBOS: Bool) -> [Int32] {
        switch self {
        case .sentencePiece(let tokenizer): tokenizer.encode(utf8: text, addingBOS: addingBOS)
        case .bytePair(let tokenizer): tokenizer.encode(utf8: text, addingBOS: addingBOS)
        }
    }

    /// The tokens the engine runs for a prompt: llama.cpp's `llama_tokenize(text, add_special:
    /// true, parse_special: false)` but for EOS, which a scored prompt never ends in (the model
    /// continues it), even where the file sets ``addsEOS``: BOS first when ``addsBOS``.
    public func promptTokens(_ text: String) -> [Int32] {
        var text = text
        return text.withUTF8 { promptTokens(utf8: $0) }
    }

    /// ``promptTokens(_:)`` of UTF-8 bytes.
    public func promptTokens(utf8 text: UnsafeBufferPointer<UInt8>) -> [Int32] {
        encode(utf8: text, addingBOS: addsBOS)
    }

    /// The token's text as the vocabulary stores it ("▁the", "Ġthe", "<0x0A>", "<s>"); `id`
    /// must be a token of the vocabulary.
    public func piece(for id: Int32) -> String {
        switch self {
        case .sentencePiece(let tokenizer): tokenizer.piece(for: id)
        case .bytePair(let tokenizer): tokenizer.piece(for: id)
        }
    }

    /// The bytes token `id` stands for, as llama.cpp's `token_to_piece` with `special = false`
    /// ("▁A" and "ĠA" are " A"; control tokens are nothing); nothing for ids outside the vocabulary.
    public func decodedBytes(ofToken id: Int32) -> [UInt8] {
        switch self {
        case .sentencePiece(let tokenizer): tokenizer.decodedBytes(ofToken: id)
        case .bytePair(let tokenizer): tokenizer.decodedBytes(ofToken: id)
        }
    }

    /// Text of the token ids, as llama.cpp's `llama_detokenize` (`remove_special = false`,
    /// `unparse_special = renderingSpecialTokens`) gives it.
    public func decode(_ ids: some Sequence<Int32>, renderingSpecialTokens: Bool = false) -> String {
        switch self {
        case .sentencePiece(let tokenizer): tokenizer.decode(ids, renderingSpecialTokens: renderingSpecialTokens)
        case .bytePair(let tokenizer): tokenizer.decode(ids, renderingSpecialTokens: renderingSpecialTokens)
        }
    }

    /// The bytes ``decode(_:renderingSpecialTokens:)`` turns into text.
    public func decodeBytes(_ ids: some Sequence<Int32>, renderingSpecialTokens: Bool = false) -> [UInt8] {
        switch self {
        case .sentencePiece(let tokenizer): tokenizer.decodeBytes(ids, renderingSpecialTokens: renderingSpecialTokens)
        case .bytePair(let tokenizer): tokenizer.decodeBytes(ids, renderingSpecialTokens: renderingSpecialTokens)
        }
    }
}
