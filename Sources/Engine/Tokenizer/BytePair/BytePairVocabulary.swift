import GGUF

/// A byte-level BPE vocabulary (`tokenizer.ggml.model = "gpt2"`: GPT-2, Llama 3, Qwen2,
/// SmolLM), read from GGUF metadata the way llama.cpp reads it.
///
/// Keys: `tokenizer.ggml.model`, `tokenizer.ggml.tokens` and `tokenizer.ggml.merges`
/// (required); `tokenizer.ggml.token_type` (i32, default normal) as long as the tokens;
/// `tokenizer.ggml.pre` (the ``PreTokenizerProfile``; absent means "default");
/// `tokenizer.ggml.bos_token_id` and `eos_token_id` (default 11, llama.cpp's default for
/// BPE), `unknown_token_id` (default none); `tokenizer.ggml.add_bos_token` (default as the
/// pre-tokenizer says: true for Llama 3's names, false for the others),
/// `tokenizer.ggml.add_eos_token` and `tokenizer.ggml.add_space_prefix` (default false).
///
/// Stricter than llama.cpp, which warns and goes on: a special token id outside the
/// vocabulary, a token type other than 0 to 6 and a merge that is not two parts are errors
/// here. Token scores, which byte-level BPE does not use, are not read.
///
/// ```swift
/// let vocabulary = try BytePairVocabulary(metadata: GGUFFile(path: "ggml-vocab-llama-bpe.gguf").metadata)
/// vocabulary.profile.preTokenizer   // .llama3
/// vocabulary.addsBOS                // true
/// vocabulary.tokens[Int(vocabulary.bosID)]   // "<|begin_of_text|>"
/// ```
public struct BytePairVocabulary: Sendable {
    /// Each token's text in the byte-level alphabet ("Ġpatient" for " patient"; see
    /// ``ByteLevelAlphabet``); an empty text is "[EMPTY_<id>]", as llama.cpp renames it.
    public let tokens: [String]
    public let types: [Vocabulary.TokenType]
    public let profile: PreTokenizerProfile
    public let bosID: Int32
    public let eosID: Int32
    public let unknownID: Int32?
    /// Whether the model expects BOS first: `tokenizer.ggml.add_bos_token`, or the
    /// pre-tokenizer's default.
    public let addsBOS: Bool
    /// Whether the model expects EOS last (`tokenizer.ggml.add_eos_token`, default false).
    public let addsEOS: Bool
    /// Whether decoding drops one leading space of the first token
    /// (`tokenizer.ggml.add_space_prefix`, default false for BPE; encoding adds none).
    public let addsSpacePrefix: Bool

    /// Attributes after llama.cpp's corrections by text (see ``TokenAttributes``).
    let attributes: [TokenAttributes]
    let merges: MergeTable

    public var count: Int { tokens.count }
    public var preTokenizer: PreTokenizer { profile.preTokenizer }

    /// The id of the token whose text is exactly `text` (the last one, if several are).
    public func id(of text: String) -> Int32? { merges.symbols.id(of: text).flatMap { Int($0) < count ? $0 : nil } }

    /// A vocabulary from its parts; ``init(metadata:)`` reads them from a GGUF file.
    /// `rolesNamedByFile` are the special-token roles whose ids the file gives (llama.cpp then
    /// does not look for them by text).
    public init(
        tokens: [String], types: [Vocabulary.TokenType], merges: [String], profile: PreTokenizerProfile,
        bosID: Int32 = 11, eosID: Int32 = 11, unknownID: Int32? = nil,
        addsBOS: Bool? = nil, addsEOS: Bool = false, addsSpacePrefix: Bool = false
    ) throws(TokenizerError) {
        try self.init(
            tokens: tokens, types: types, merges: merges, profile: profile, bosID: bosID, eosID: eosID, unknownID: unknownID,
            addsBOS: addsBOS, addsEOS: addsEOS, addsSpacePrefix: addsSpacePrefix, rolesNamedByFile: [])
    }

    init(
        tokens: [String], types: [Vocabulary.TokenType], merges: [String], profile: PreTokenizerProfile,
        bosID: Int32, eosID: Int32, unknownID: Int32?,
        addsBOS: Bool?, addsEOS: Bool, addsSpacePrefix: Bool, rolesNamedByFile: Set<SpecialTokenRole>
    ) throws(TokenizerError) {
        precondition(types.count == tokens.count, "one type per token")
        for id in [bosID, eosID] + (unknownID.map { [$0] } ?? []) {
            precondition(id >= 0 && Int(id) < tokens.count, "special token id \(id) is not in the vocabulary")
        }
        let tokens = tokens.enumerated().map { $1.isEmpty ? "[EMPTY_\($0)]" : $1 }
        self.tokens = tokens
        self.types = types
        self.profile = profile
        self.bosID = bosID
        self.eosID = eosID
        self.unknownID = unknownID
        self.addsBOS = addsBOS ?? profile.addsBOSByDefault
        self.addsEOS = addsEOS
        self.addsSpacePrefix = addsSpacePrefix
        let merges = try MergeTable(merges: merges, tokens: tokens)
        self.merges = merges
        attributes = TokenAttributes.corrected(
            types: types, tokens: tokens, lookup: merges.symbols, rolesNamedByFile: rolesNamedByFile, eosID: eosID)
    }

    /// Reads the vocabulary from GGUF metadata, throwing a ``TokenizerError`` naming the key
    /// (and the value) when something is missing, of the wrong type, of the wrong length, out
    /// of range or malformed.
    public init(metadata: GGUFMetadata) throws(TokenizerError) {
        let reader = VocabularyMetadata(metadata)
        let model = try reader.string("tokenizer.ggml.model")
        guard model == "gpt2" else { throw .notBytePairModel(model) }
        let profile = try PreTokenizerProfile.named(metadata["tokenizer.ggml.pre"] == nil ? nil : reader.string("tokenizer.ggml.pre"))
        let tokens = try reader.strings("tokenizer.ggml.tokens")
        let merges = try reader.strings("tokenizer.ggml.merges")
        var types = [Vocabulary.TokenType](repeating: .normal, count: tokens.count)
        if let rawTypes = try reader.int32s("tokenizer.ggml.token_type", count: tokens.count) {
            for (index, raw) in rawTypes.enumerated() {
                guard let type = Vocabulary.TokenType(rawValue: raw) else { throw .unknownTokenType(index: index, value: raw) }
                types[index] = type
            }
        }
        let bos = try reader.tokenID("tokenizer.ggml.bos_token_id", default: 11, count: tokens.count)
        let eos = try reader.tokenID("tokenizer.ggml.eos_token_id", default: 11, count: tokens.count)
        let unknown = metadata["tokenizer.ggml.unknown_token_id"] == nil
            ? nil : try reader.tokenID("tokenizer.ggml.unknown_token_id", default: 0, count: tokens.count)
        var rolesNamedByFile: Set<SpecialTokenRole> = []
        for role in SpecialTokenRole.allCases where role.keys.contains(where: { key in
            metadata[key]?.intValue.map { $0 >= 0 && $0 < tokens.count } ?? false
        }) {
            rolesNamedByFile.insert(role)
        }
        try self.init(
            tokens: tokens, types: types, merges: merges, profile: profile, bosID: bos, eosID: eos, unknownID: unknown,
            addsBOS: metadata["tokenizer.ggml.add_bos_token"] == nil ? nil : try reader.bool("tokenizer.ggml.add_bos_token", default: false),
            addsEOS: try reader.bool("tokenizer.ggml.add_eos_token", default: false),
            addsSpacePrefix: try reader.bool("tokenizer.ggml.add_space_prefix", default: false),
            rolesNamedByFile: rolesNamedByFile)
    }
}
