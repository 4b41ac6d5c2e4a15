/// What llama.cpp makes of a `tokenizer.ggml.pre` name: the ``PreTokenizer`` and the flags
/// it sets with it (in `llama_vocab::impl::load`). Several names share a pre-tokenizer but not
/// always the flags, so the table is by name.
///
/// ```swift
/// let profile = try PreTokenizerProfile.named("llama-bpe")
/// profile.preTokenizer       // .llama3
/// profile.ignoresMerges      // true: a word that is a token is taken whole
/// profile.addsBOSByDefault   // true
/// ```
public struct PreTokenizerProfile: Sendable, Equatable, CustomStringConvertible {
    /// The name as `tokenizer.ggml.pre` spells it ("default" when the key is absent).
    public let name: String
    public let preTokenizer: PreTokenizer
    /// A word that is a token as a whole becomes that token, whatever the merges would make of
    /// it (llama.cpp's `ignore_merges`).
    public let ignoresMerges: Bool
    /// Whether BOS goes first when `tokenizer.ggml.add_bos_token` is absent.
    public let addsBOSByDefault: Bool
    /// Whether decoding removes spaces before ".,!?" and in contractions, as Hugging Face's
    /// `clean_up_tokenization_spaces` (llama.cpp's `clean_spaces`).
    public let cleansSpaces: Bool

    public var description: String { name }

    /// The profile of a `tokenizer.ggml.pre` value; nil (the key is absent) is "default", as
    /// in llama.cpp. Any other name is an error listing the supported ones, never a fallback.
    public static func named(_ name: String?) throws(TokenizerError) -> PreTokenizerProfile {
        guard let name else { return byName["default"]! }
        guard let profile = byName[name] else { throw .unknownPreTokenizer(name) }
        return profile
    }

    /// Every supported name, grouped by pre-tokenizer. Left out on purpose: names for which
    /// llama.cpp changes more than these flags (chatglm-bpe and glm4 drop BOS; jina-v2-* and
    /// modern-bert strip spaces around their mask token; tekken, gemma4 and others use
    /// pre-tokenizers medsweep does not have).
    public static let known: [PreTokenizerProfile] =
        rows(.default, ["default"], cleansSpaces: true)
        + rows(.llama3, ["llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2", "jina-v5-nano"],
               ignoresMerges: true, addsBOS: true, cleansSpaces: true)
        + rows(.llama3, ["dbrx", "smaug-bpe"], cleansSpaces: true)
        + rows(.qwen2, ["qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "hunyuan", "solar-open"], cleansSpaces: false)
        + rows(.qwen2, ["megrez", "stablelm2"], cleansSpaces: true)
        + rows(.smolLM, ["smollm", "command-r"], cleansSpaces: false)
        + rows(.smolLM, ["starcoder", "refact", "codeshell", "exaone", "minerva-7b", "mellum2"], cleansSpaces: true)
        + rows(.gpt2, ["gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "a.x-4.0", "mellum", "jina-v1-en", "roberta-bpe",
                       "exaone4", "mpt", "olmo", "jais"], cleansSpaces: true)
        + rows(.gpt2, ["trillion", "granite-docling"], cleansSpaces: false)

    private static let byName: [String: PreTokenizerProfile] = Dictionary(uniqueKeysWithValues: known.map { ($0.name, $0) })

    private static func rows(
        _ preTokenizer: PreTokenizer, _ names: [String], ignoresMerges: Bool = false, addsBOS: Bool = false, cleansSpaces: Bool
    ) -> [PreTokenizerProfile] {
        names.map {
            PreTokenizerProfile(
                name: $0, preTokenizer: preTokenizer, ignoresMerges: ignoresMerges, addsBOSByDefault: addsBOS, cleansSpaces: cleansSpaces)
        }
    }
}
