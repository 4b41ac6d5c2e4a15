import GGUF

/// A checkpoint's vocabulary as llama.cpp's converter writes it for a Llama or Mistral
/// model (`tokenizer.ggml.model` "llama", pre-tokenizer "default"): token texts, scores and
/// types, then the special tokens (``SpecialVocabulary``).
///
/// From `tokenizer.model` (SentencePiece, `_set_vocab_sentencepiece`): `vocab_size` slots
/// from config.json, each first `[PADi]` with score -10000 and type unused; each piece with
/// an id below `vocab_size` fills its slot (unknown, control, unused and byte pieces keep
/// their type, all others are normal); `added_tokens.json` entries become user-defined, and
/// `tokenizer_config.json`'s `added_tokens_decoder` entries control (when `special` or
/// looking special, like `<|…|>`) or user-defined, both with score -1000. Where the files
/// name no BOS, EOS, unknown or padding token, the SentencePiece model's own ids are written.
///
/// From `tokenizer.json` alone (`_set_vocab_llama_hf`, a BPE model with `byte_fallback` and a
/// `Sequence` decoder, as Llama 2 and Mistral ship it): the model's vocabulary by id, then
/// the added tokens beyond it by id; `<0xHH>` tokens are byte tokens, special tokens control,
/// the rest normal; every score is -1000, as llama.cpp writes them, so SentencePiece-style
/// merging by score has nothing to go on and text tokenizes differently from the original
/// (prefer tokenizer.model where there is one). Llama 3 style byte-level BPE (`ignore_merges`,
/// no byte fallback), WordPiece, Unigram and other tokenizer.json models are refused.
public struct CheckpointVocabulary: Sendable {
    /// Where the vocabulary came from.
    public enum Source: Sendable, Equatable {
        case sentencePiece(path: String)
        case tokenizerJSON(path: String)
    }

    public let source: Source
    public let tokens: [String]
    public let scores: [Float]
    /// llama.cpp's token types (1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte).
    public let types: [Int32]
    /// `tokenizer_config.json`'s `add_prefix_space`, written as `tokenizer.ggml.add_space_prefix`.
    public let addsSpacePrefix: Bool?
    let special: SpecialVocabulary

    static let normal: Int32 = 1, unknown: Int32 = 2, control: Int32 = 3, userDefined: Int32 = 4, unused: Int32 = 5, byte: Int32 = 6

    init(files: CheckpointFiles, vocabularySize: Int) throws(ConvertError) {
        addsSpacePrefix = files.tokenizerConfig?["add_prefix_space"]?.bool
        var tokens: [String], scores: [Float], types: [Int32]
        var model: SentencePieceModel?
        if files.exists("tokenizer.model") {
            let path = files.path("tokenizer.model")
            let sentencePiece = try SentencePieceModel(path: path)
            (tokens, scores, types) = Self.sentencePieceTokens(sentencePiece, vocabularySize: vocabularySize)
            try Self.addTokens(from: files, vocabularySize: vocabularySize, tokens: &tokens, scores: &scores, types: &types)
            source = .sentencePiece(path: path)
            model = sentencePiece
        } else if let tokenizer = files.tokenizerJSON {
            let path = files.path("tokenizer.json")
            (tokens, scores, types) = try Self.llamaBytePairTokens(tokenizer, path: path, tokenizerConfig: files.tokenizerConfig)
            guard tokens.count == vocabularySize else {
                throw .badTokenizer(path: path, reason: "has \(tokens.count) tokens with its added tokens; config.json's vocab_size is \(vocabularySize)")
            }
            source = .tokenizerJSON(path: path)
        } else {
            throw .noTokenizer(directory: files.directory)
        }
        self.tokens = tokens
        self.scores = scores
        self.types = types
        var special = try SpecialVocabulary(files: files, vocabularySize: tokens.count)
        if let model {
            for (type, id) in [("bos", model.bosID), ("eos", model.eosID), ("unk", model.unknownID), ("pad", model.padID)] where id >= 0 {
                special.setFallback(type, id)
            }
        }
        self.special = special
    }

    /// Writes the `tokenizer.*` keys in llama.cpp's order.
    public func write(into metadata: inout GGUFMetadata) {
        if let addsSpacePrefix { metadata["tokenizer.ggml.add_space_prefix"] = .bool(addsSpacePrefix) }
        metadata["tokenizer.ggml.model"] = .string("llama")
        metadata["tokenizer.ggml.pre"] = .string("default")
        metadata["tokenizer.ggml.tokens"] = .array(.string, tokens.map { .string($0) })
        metadata["tokenizer.ggml.scores"] = .array(.float32, scores.map { .float32($0) })
        metadata["tokenizer.ggml.token_type"] = .array(.int32, types.map { .int32($0) })
        special.write(into: &metadata)
    }

    private static func sentencePieceTokens(
        _ model: SentencePieceModel, vocabularySize: Int
    ) -> (tokens: [String], scores: [Float], types: [Int32]) {
        var tokens = (0 ..< vocabularySize).map { "[PAD\($0)]" }
        var scores = [Float](repeating: -10000, count: vocabularySize)
        var types = [Int32](repeating: unused, count: vocabularySize)
        for (id, piece) in model.pieces.enumerated() where id < vocabularySize {
            tokens[id] = piece.text
            scores[id] = piece.score
            types[id] = switch piece.type {
            case .unknown: unknown
            case .control: control
            case .unused: unused
            case .byte: byte
            case .normal, .userDefined: normal
            }
        }
        return (tokens, scores, types)
    }

    /// `added_tokens.json`, then `tokenizer_config.json`'s `added_tokens_decoder`.
    private static func addTokens(
        from files: CheckpointFiles, vocabularySize: Int, tokens: inout [String], scores: inout [Float], types: inout [Int32]
    ) throws(ConvertError) {
        if let added = files.addedTokens {
            for (text, value) in added.sorted(by: { $0.key < $1.key }) {
                guard let id = value.integer, id >= 0 else {
                    throw .badField(path: files.path("added_tokens.json"), field: text, value: value.description, reason: "not a token id")
                }
                guard id < vocabularySize else { continue }
                tokens[id] = text
                scores[id] = -1000
                types[id] = userDefined
            }
        }
        guard let decoder = files.tokenizerConfig?["added_tokens_decoder"]?.object else { return }
        for (key, entry) in decoder {
            guard let id = Int(key), id >= 0 else {
                throw .badField(path: files.path("tokenizer_config.json"), field: "added_tokens_decoder", value: "\"\(key)\"", reason: "not a token id")
            }
            guard let content = entry["content"]?.string else {
                throw .badField(path: files.path("tokenizer_config.json"), field: "added_tokens_decoder.\(key).content",
                                value: entry["content"]?.description ?? "missing", reason: "not a string")
            }
            guard id < vocabularySize else { continue }
            if entry["special"]?.bool == true || looksSpecial(content) {
                tokens[id] = content
                types[id] = control
            } else {
                tokens[id] = content.replacingOccurrences(of: "\u{2581}", with: " ")
                types[id] = userDefined
            }
            scores[id] = -1000
        }
    }

    /// llama.cpp's `does_token_look_special`: added tokens some models fail to mark special.
    static func looksSpecial(_ text: String) -> Bool {
        ["<pad>", "<mask>", "<2mass>", "[@BOS@]"].contains(text)
            || (text.hasPrefix("<|") && text.hasSuffix("|>"))
            || (text.hasPrefix("<\u{FF5C}") && text.hasSuffix("\u{FF5C}>"))
            || (text.hasPrefix("<unused") && text.hasSuffix(">"))
    }

    private static func llamaBytePairTokens(
        _ tokenizer: [String: CheckpointJSON], path: String, tokenizerConfig: [String: CheckpointJSON]?
    ) throws(ConvertError) -> (tokens: [String], scores: [Float], types: [Int32]) {
        guard let model = tokenizer["model"]?.object else { throw .badTokenizer(path: path, reason: "field 'model' is missing or not an object") }
        let type = model["type"]?.string ?? "?"
        if type == "BPE", model["ignore_merges"]?.bool == true, model["byte_fallback"]?.bool != true {
            throw .badTokenizer(path: path, reason: "is a byte-level BPE tokenizer (Llama 3 style, model.ignore_merges true); only SentencePiece-style vocabularies (Llama 2, Mistral) are converted")
        }
        guard type == "BPE", model["byte_fallback"]?.bool == true, tokenizer["decoder"]?["type"]?.string == "Sequence" else {
            throw .badTokenizer(path: path, reason: "model.type is \(type), model.byte_fallback is \(model["byte_fallback"]?.description ?? "missing"), "
                + "decoder.type is \(tokenizer["decoder"]?["type"]?.description ?? "missing"): only a BPE model with byte_fallback true and a "
                + "Sequence decoder (Llama 2 and Mistral's tokenizer.json) is converted without tokenizer.model")
        }
        guard let vocabulary = model["vocab"]?.object else { throw .badTokenizer(path: path, reason: "field 'model.vocab' is missing or not an object") }
        var byID: [String?] = Array(repeating: nil, count: vocabulary.count)
        for (text, value) in vocabulary {
            guard let id = value.integer, id >= 0, id < vocabulary.count else {
                throw .badTokenizer(path: path, reason: "model.vocab gives token \"\(text)\" the id \(value), outside 0..<\(vocabulary.count)")
            }
            guard byID[id] == nil else { throw .badTokenizer(path: path, reason: "model.vocab gives id \(id) to both \"\(byID[id]!)\" and \"\(text)\"") }
            byID[id] = text
        }
        let baseCount = vocabulary.count
        // Added tokens: their ids, the ones beyond the base vocabulary appended in id order.
        var added: [(text: String, id: Int, special: Bool)] = []
        for entry in tokenizer["added_tokens"]?.array ?? [] {
            guard let text = entry["content"]?.string, let id = entry["id"]?.integer, id >= 0 else {
                throw .badTokenizer(path: path, reason: "added_tokens entry \(entry) has no content and id")
            }
            added.append((text, id, entry["special"]?.bool == true))
        }
        for entry in added where entry.id < baseCount { byID[entry.id] = entry.text }
        let specialIDs = specialTokenIDs(added: added, vocabulary: vocabulary, tokenizerConfig: tokenizerConfig)
        var tokens: [String] = [], types: [Int32] = []
        for (id, text) in byID.enumerated() {
            tokens.append(text!)
            types.append(isByteToken(text!) ? byte : specialIDs.contains(id) ? control : normal)
        }
        var seen: Set<String> = []
        for entry in added.filter({ $0.id >= baseCount }).sorted(by: { $0.id < $1.id }) where seen.insert(entry.text).inserted {
            tokens.append(entry.text)
            types.append(specialIDs.contains(entry.id) ? control : userDefined)
        }
        return (tokens, [Float](repeating: -1000, count: tokens.count), types)
    }

    /// The ids of the tokenizer's special tokens (transformers' `all_special_ids`): the tokens
    /// tokenizer_config.json names (`bos_token` … `mask_token`, `additional_special_tokens`),
    /// and the added tokens marked special.
    private static func specialTokenIDs(
        added: [(text: String, id: Int, special: Bool)], vocabulary: [String: CheckpointJSON], tokenizerConfig: [String: CheckpointJSON]?
    ) -> Set<Int> {
        var texts: [String] = added.filter(\.special).map(\.text)
        if let config = tokenizerConfig {
            for type in ["bos", "eos", "unk", "sep", "pad", "cls", "mask"] {
                let entry = config["\(type)_token"]
                if let text = entry?.string ?? entry?["content"]?.string { texts.append(text) }
            }
            for entry in config["additional_special_tokens"]?.array ?? [] {
                if let text = entry.string ?? entry["content"]?.string { texts.append(text) }
            }
        }
        var ids: Set<Int> = []
        for text in texts {
            if let id = added.last(where: { $0.text == text })?.id ?? vocabulary[text]?.integer { ids.insert(id) }
        }
        return ids
    }

    /// `<0xHH>`, HH two hexadecimal digits.
    static func isByteToken(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 6, text.hasPrefix("<0x"), bytes[5] == UInt8(ascii: ">") else { return false }
        return bytes[3 ... 4].allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 70) || ($0 >= 97 && $0 <= 102) }
    }
}
