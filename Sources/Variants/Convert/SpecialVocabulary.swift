import Foundation
import GGUF

/// The special tokens, the add-BOS/EOS flags and the chat template, found as gguf-py's
/// `SpecialVocab` finds them for a SentencePiece or Llama-BPE vocabulary:
///
/// 1. `tokenizer.json`'s `post_processor`: a `TemplateProcessing` whose single template starts
///    with a special token sets `add_bos_token` (true when it is the BOS or CLS token), and one
///    ending with a special token sets `add_eos_token`; `ByteLevel` defaults both to false;
///    `RobertaProcessing` sets BOS, EOS and SEP. Its `normalizer` gives the lowercase and
///    strip-accents flags.
/// 2. `tokenizer_config.json` (only when `tokenizer.json` is there too, for the ids): the chat
///    template (or `chat_template.jinja` / `chat_template.json` beside it); for each of bos,
///    eos, unk, sep, pad, cls, mask, `add_<type>_token` where step 1 set none, and the id of
///    the `tokenizer.json` added token whose content is `<type>_token`.
/// 3. `config.json`'s `<type>_token_id` for the types still without an id.
///
/// Ids outside the vocabulary are skipped, as gguf-py skips them. Not done: the EOT/EOM
/// juggling for a template ending in a token other than EOS (the EOS becomes that token),
/// and the pair template's separator flag.
struct SpecialVocabulary {
    /// The token types gguf-py looks for, in its order, with the GGUF key of each id
    /// (nil: gguf-py has no key for it and skips it).
    static let types: [(name: String, key: String?)] = [
        ("bos", "tokenizer.ggml.bos_token_id"), ("eos", "tokenizer.ggml.eos_token_id"),
        ("unk", "tokenizer.ggml.unknown_token_id"), ("sep", "tokenizer.ggml.seperator_token_id"),
        ("pad", "tokenizer.ggml.padding_token_id"), ("cls", nil), ("mask", "tokenizer.ggml.mask_token_id"),
    ]
    /// The add-flags GGUF has keys for.
    static let flagKeys = ["bos": "tokenizer.ggml.add_bos_token", "eos": "tokenizer.ggml.add_eos_token", "sep": "tokenizer.ggml.add_sep_token"]

    /// Special token ids in the order they were found.
    private(set) var ids: [(type: String, id: Int)] = []
    /// Add flags in the order they were found.
    private(set) var flags: [(type: String, value: Bool)] = []
    /// A single template, or named ones (`name`, `template`).
    private(set) var chatTemplate: CheckpointJSON?
    private(set) var lowercase: Bool?
    private(set) var stripAccents: Bool?
    let vocabularySize: Int

    init(files: CheckpointFiles, vocabularySize: Int) throws(ConvertError) {
        self.vocabularySize = vocabularySize
        var tokenizerConfig = files.tokenizerConfig
        var addedTokens: [CheckpointJSON] = []
        if let tokenizer = files.tokenizerJSON {
            if let normalizer = tokenizer["normalizer"], normalizer != .null { parseNormalizer(normalizer) }
            addedTokens = tokenizer["added_tokens"]?.array ?? []
            if let processor = tokenizer["post_processor"], processor != .null {
                readPostProcessor(processor, tokenizerConfig: &tokenizerConfig)
            }
        }
        if let config = tokenizerConfig {
            chatTemplate = try files.chatTemplate(config: config)
            for (type, _) in Self.types {
                if let add = config["add_\(type)_token"]?.bool, !flags.contains(where: { $0.type == type }) {
                    flags.append((type, add))
                }
                let entry = config["\(type)_token"]
                guard let content = entry?.string ?? entry?["content"]?.string else { continue }
                let id = addedTokens.first { $0["content"]?.string == content }?["id"]
                set(type, id)
            }
        }
        for (type, _) in Self.types {
            set(type, files.config["\(type)_token_id"])
        }
    }

    /// Records `value` as the id of `type` when it is an integer in the vocabulary and the
    /// type has none yet.
    private mutating func set(_ type: String, _ value: CheckpointJSON?) {
        guard let id = value?.integer, id >= 0, id < vocabularySize, !ids.contains(where: { $0.type == type }) else { return }
        ids.append((type, id))
    }

    /// Adds `id` for `type` unless one was found (the trainer spec's ids, after the files).
    mutating func setFallback(_ type: String, _ id: Int32) {
        set(type, .number(Double(id)))
    }

    private mutating func setFlag(_ type: String, _ value: Bool, overwrite: Bool) {
        if let index = flags.firstIndex(where: { $0.type == type }) {
            if overwrite { flags[index].value = value }
        } else {
            flags.append((type, value))
        }
    }

    private mutating func readPostProcessor(_ postProcessor: CheckpointJSON, tokenizerConfig: inout [String: CheckpointJSON]?) {
        var bos = Self.content(tokenizerConfig?["bos_token"]), eos = Self.content(tokenizerConfig?["eos_token"])
        let cls = Self.content(tokenizerConfig?["cls_token"])
        for processor in postProcessor["processors"]?.array ?? [postProcessor] {
            switch processor["type"]?.string {
            case "ByteLevel":
                setFlag("bos", false, overwrite: false)
                setFlag("eos", false, overwrite: false)
            case "RobertaProcessing":
                for type in ["bos", "eos", "sep"] { setFlag(type, true, overwrite: true) }
            case "TemplateProcessing":
                let single = processor["single"]?.array ?? []
                guard single.count > 1 else { continue }
                if let first = single.first?["SpecialToken"]?["id"]?.string {
                    if tokenizerConfig == nil {
                        bos = first
                    } else if first != bos, first != cls, bos == nil {
                        tokenizerConfig?["bos_token"] = .string(first)
                        bos = first
                    }
                    setFlag("bos", first == bos || first == cls, overwrite: true)
                }
                if let last = single.last?["SpecialToken"]?["id"]?.string {
                    if tokenizerConfig == nil {
                        eos = last
                    } else if last != eos {
                        tokenizerConfig?["eos_token"] = .string(last)
                        eos = last
                    }
                    setFlag("eos", true, overwrite: true)
                }
            default:
                continue
            }
        }
    }

    private mutating func parseNormalizer(_ normalizer: CheckpointJSON) {
        switch normalizer["type"]?.string {
        case "Lowercase": lowercase = true
        case "StripAccents": stripAccents = true
        case "BertNormalizer":
            if let value = normalizer["lowercase"]?.bool { lowercase = value }
            if let value = normalizer["strip_accents"]?.bool { stripAccents = value }
        case "Sequence":
            for inner in normalizer["normalizers"]?.array ?? [] { parseNormalizer(inner) }
        default: break
        }
    }

    /// A tokenizer_config token entry: a string, or an object with `content`.
    private static func content(_ entry: CheckpointJSON?) -> String? {
        entry?.string ?? entry?["content"]?.string
    }

    /// Writes the keys in gguf-py's order: ids, flags, chat template, normalizer flags.
    func write(into metadata: inout GGUFMetadata) {
        for (type, id) in ids {
            guard let key = Self.types.first(where: { $0.name == type })?.key else { continue }
            metadata[key] = .uint32(UInt32(id))
        }
        for (type, value) in flags {
            guard let key = Self.flagKeys[type] else { continue }
            metadata[key] = .bool(value)
        }
        switch chatTemplate {
        case .string(let template)?:
            metadata["tokenizer.chat_template"] = .string(template)
        case .array(let choices)?:
            var names: [String] = [], defaultTemplate: String?
            for choice in choices {
                let name = String((choice["name"]?.string ?? "").map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
                guard !name.isEmpty, let template = choice["template"]?.string else { continue }
                if name == "default" {
                    defaultTemplate = template
                } else if !names.contains(name) {
                    names.append(name)
                    metadata["tokenizer.chat_template.\(name)"] = .string(template)
                }
            }
            if !names.isEmpty { metadata["tokenizer.chat_templates"] = .array(.string, names.map { .string($0) }) }
            if let defaultTemplate { metadata["tokenizer.chat_template"] = .string(defaultTemplate) }
        default:
            break
        }
        if let lowercase { metadata["tokenizer.ggml.normalizer.lowercase"] = .bool(lowercase) }
        if let stripAccents { metadata["tokenizer.ggml.normalizer.strip_accents"] = .bool(stripAccents) }
    }
}
