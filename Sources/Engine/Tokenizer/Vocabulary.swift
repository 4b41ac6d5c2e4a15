import GGUF

/// A SentencePiece vocabulary (`tokenizer.ggml.model = "llama"`), read from GGUF metadata the
/// way llama.cpp reads it: token texts, scores and types, the special token ids and flags,
/// and a lookup from text to id.
///
/// Keys: `tokenizer.ggml.model` and `tokenizer.ggml.tokens` (required);
/// `tokenizer.ggml.scores` (f32, default 0) and `tokenizer.ggml.token_type` (i32, default
/// normal), each as long as the tokens; `tokenizer.ggml.bos_token_id`, `eos_token_id`,
/// `unknown_token_id` (defaults 1, 2, 0); `tokenizer.ggml.add_bos_token` and
/// `tokenizer.ggml.add_space_prefix` (both default true); `tokenizer.ggml.add_eos_token`
/// (default false).
///
/// ```swift
/// let vocabulary = try Vocabulary(metadata: GGUFFile(path: "mistral-vocab.gguf").metadata)
/// vocabulary.tokens[Int(vocabulary.bosID)]   // "<s>"
/// vocabulary.id(of: "▁the")                   // 272
/// ```
public struct Vocabulary: Sendable {
    /// llama.cpp's token types (`llama_token_type`), as `tokenizer.ggml.token_type` stores them.
    public enum TokenType: Int32, Sendable, CaseIterable {
        case undefined = 0, normal, unknown, control, userDefined, unused, byte
    }

    /// Each token's text, "▁" (U+2581) standing for a space; byte tokens are `<0xHH>`.
    public let tokens: [String]
    /// Each token's merge score: the higher, the earlier a pair merges into it.
    public let scores: [Float]
    public let types: [TokenType]
    public let bosID: Int32
    public let eosID: Int32
    public let unknownID: Int32
    /// Whether the model expects BOS first (`tokenizer.ggml.add_bos_token`); the tokenizer
    /// adds it only when asked, so callers decide.
    public let addsBOS: Bool
    /// Whether the model expects EOS last (`tokenizer.ggml.add_eos_token`); as with BOS, the
    /// tokenizer adds it only when asked.
    public let addsEOS: Bool
    /// Whether a space is put before the text (`tokenizer.ggml.add_space_prefix`), and removed
    /// again when decoding.
    public let addsSpacePrefix: Bool

    let lookup: TokenLookup
    /// The token standing for each byte value in byte fallback (llama.cpp's `byte_to_token`):
    /// `<0xHH>`, else the token whose text is that single byte, else the unknown token.
    let byteTokens: [Int32]
    /// True when no token has "▁" after a character other than "▁" (true of Mistral's): no
    /// token then spans the start of a word, so the merge loop may take words one at a time.
    let wordsMergeAlone: Bool

    /// The number of tokens.
    public var count: Int { tokens.count }

    /// The id of the token whose text is exactly `text` (the last one, if several are).
    public func id(of text: String) -> Int32? { lookup.id(of: text) }

    /// A vocabulary from its parts; `init(metadata:)` reads them from a GGUF file.
    public init(
        tokens: [String], scores: [Float], types: [TokenType],
        bosID: Int32 = 1, eosID: Int32 = 2, unknownID: Int32 = 0,
        addsBOS: Bool = true, addsSpacePrefix: Bool = true, addsEOS: Bool = false
    ) {
        precondition(scores.count == tokens.count && types.count == tokens.count, "one score and one type per token")
        for id in [bosID, eosID, unknownID] {
            precondition(id >= 0 && Int(id) < tokens.count, "special token id \(id) is not in the vocabulary")
        }
        self.tokens = tokens
        self.scores = scores
        self.types = types
        self.bosID = bosID
        self.eosID = eosID
        self.unknownID = unknownID
        self.addsBOS = addsBOS
        self.addsEOS = addsEOS
        self.addsSpacePrefix = addsSpacePrefix
        let lookup = TokenLookup(texts: tokens)
        self.lookup = lookup
        byteTokens = (0 ... 255).map { (byte: Int) -> Int32 in
            let hex = String(byte, radix: 16, uppercase: true)
            if let id = lookup.id(of: "<0x" + (byte < 16 ? "0" : "") + hex + ">") { return id }
            if byte < 0x80, let id = lookup.id(of: String(UnicodeScalar(UInt8(byte)))) { return id }
            return unknownID
        }
        wordsMergeAlone = tokens.allSatisfy { !Self.hasSpaceMarkerAfterOtherCharacter(Array($0.utf8)) }
    }

    /// Whether "▁" occurs in `text` at a byte offset other than 0 without a "▁" just before it.
    private static func hasSpaceMarkerAfterOtherCharacter(_ text: [UInt8]) -> Bool {
        let marker = SentencePieceTokenizer.spaceMarker
        guard text.count > marker.count else { return false }
        for offset in 1 ... text.count - marker.count where text[offset ..< offset + marker.count].elementsEqual(marker) {
            if offset < marker.count || !text[offset - marker.count ..< offset].elementsEqual(marker) { return true }
        }
        return false
    }

    /// Reads the vocabulary from GGUF metadata, throwing a ``TokenizerError`` naming the key
    /// when it is missing, of the wrong type, of the wrong length or out of range.
    public init(metadata: GGUFMetadata) throws(TokenizerError) {
        let reader = VocabularyMetadata(metadata)
        let model = try reader.string("tokenizer.ggml.model")
        guard model == "llama" else { throw .unsupportedModel(model) }
        let tokens = try reader.strings("tokenizer.ggml.tokens")
        let scores = try reader.floats("tokenizer.ggml.scores", count: tokens.count) ?? Array(repeating: 0, count: tokens.count)
        let rawTypes = try reader.int32s("tokenizer.ggml.token_type", count: tokens.count)
        var types = [TokenType](repeating: .normal, count: tokens.count)
        if let rawTypes {
            for (index, raw) in rawTypes.enumerated() {
                guard let type = TokenType(rawValue: raw) else { throw .unknownTokenType(index: index, value: raw) }
                types[index] = type
            }
        }
        let bos = try reader.tokenID("tokenizer.ggml.bos_token_id", default: 1, count: tokens.count)
        let eos = try reader.tokenID("tokenizer.ggml.eos_token_id", default: 2, count: tokens.count)
        let unknown = try reader.tokenID("tokenizer.ggml.unknown_token_id", default: 0, count: tokens.count)
        self.init(
            tokens: tokens, scores: scores, types: types, bosID: bos, eosID: eos, unknownID: unknown,
            addsBOS: try reader.bool("tokenizer.ggml.add_bos_token", default: true),
            addsSpacePrefix: try reader.bool("tokenizer.ggml.add_space_prefix", default: true),
            addsEOS: try reader.bool("tokenizer.ggml.add_eos_token", default: false))
    }
}
