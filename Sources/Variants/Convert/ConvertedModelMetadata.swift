import GGUF

/// The model keys llama.cpp's `convert_hf_to_gguf.py` writes for a `LlamaForCausalLM` or
/// `MistralForCausalLM` checkpoint, in its order: `general.architecture`, `general.type`,
/// `general.name`; then `llama.block_count`, `context_length`, `embedding_length`,
/// `feed_forward_length`, `attention.head_count`, `attention.head_count_kv` (when config.json
/// has it), `rope.scaling.type` and `rope.scaling.factor` (linear scaling only),
/// `rope.freq_base` (when config.json has a theta), `attention.layer_norm_rms_epsilon`,
/// `attention.key_length` and `value_length` (when it has `head_dim`), `general.file_type`,
/// `llama.vocab_size`, `llama.rope.dimension_count`; then `general.quantization_version`.
/// The vocabulary's keys follow (``CheckpointVocabulary``).
///
/// Not written: the names llama.cpp guesses from a model card (`general.basename`,
/// `size_label`, `organization`, license), and `llama.attention.sliding_window`, which its
/// converter does not write for these architectures either.
enum ConvertedModelMetadata {
    /// ggml's quantization version (`GGML_QUANT_VERSION`).
    static let quantizationVersion: UInt32 = 2

    static func write(_ config: HuggingFaceConfig, name: String, outputType: FloatOutputType, into metadata: inout GGUFMetadata) {
        metadata["general.architecture"] = .string("llama")
        metadata["general.type"] = .string("model")
        metadata["general.name"] = .string(name)
        metadata["llama.block_count"] = .uint32(UInt32(config.layerCount))
        metadata["llama.context_length"] = .uint32(UInt32(config.contextLength))
        metadata["llama.embedding_length"] = .uint32(UInt32(config.hiddenSize))
        metadata["llama.feed_forward_length"] = .uint32(UInt32(config.intermediateSize))
        metadata["llama.attention.head_count"] = .uint32(UInt32(config.headCount))
        if let keyValueHeads = config.keyValueHeadCountField {
            metadata["llama.attention.head_count_kv"] = .uint32(UInt32(keyValueHeads))
        }
        if let factor = config.linearRopeScalingFactor {
            metadata["llama.rope.scaling.type"] = .string("linear")
            metadata["llama.rope.scaling.factor"] = .float32(Float(factor))
        }
        if let theta = config.ropeTheta {
            metadata["llama.rope.freq_base"] = .float32(Float(theta))
        }
        metadata["llama.attention.layer_norm_rms_epsilon"] = .float32(Float(config.rmsEpsilon))
        if let headDimension = config.headDimensionField {
            metadata["llama.attention.key_length"] = .uint32(UInt32(headDimension))
            metadata["llama.attention.value_length"] = .uint32(UInt32(headDimension))
        }
        metadata["general.file_type"] = .uint32(outputType.llamaFileType)
        metadata["llama.vocab_size"] = .uint32(UInt32(config.vocabularySize))
        metadata["llama.rope.dimension_count"] = .uint32(UInt32(config.headDimensionField ?? config.headDimension))
        metadata["general.quantization_version"] = .uint32(quantizationVersion)
    }

    /// `general.name` as llama.cpp derives it without a model card: the model part of
    /// `_name_or_path` when that is a Hub id (`org/name`, not a local path), else the
    /// directory's name; dashes become spaces and all-lowercase words are title-cased,
    /// except version numbers and words starting with a digit ("mistral-7b-v0.1" gives
    /// "Mistral 7b v0.1").
    static func name(directory: String, nameOrPath: String?) -> String {
        var source = directory.split(separator: "/").last.map(String.init) ?? directory
        if let nameOrPath, !nameOrPath.isEmpty, nameOrPath.filter({ $0 == "/" }).count <= 1,
           let last = nameOrPath.split(separator: "/").last {
            source = String(last)
        }
        return source.replacingDashes().split(whereSeparator: \.isWhitespace).map { word in
            let text = String(word)
            return isAllLowercase(text) && !isVersionOrNumber(text) ? titled(text) : text
        }.joined(separator: " ")
    }

    /// Python's `str.islower()`: some cased letter, and none uppercase.
    private static func isAllLowercase(_ word: String) -> Bool {
        word.contains { $0.isLowercase } && !word.contains { $0.isUppercase }
    }

    /// `^(v\d+(\.\d+)*|\d.*)$`
    private static func isVersionOrNumber(_ word: String) -> Bool {
        if let first = word.first, first.isASCII, first.isNumber { return true }
        guard word.hasPrefix("v") else { return false }
        let parts = word.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// Python's `str.title()`: a letter after a non-letter is uppercased, the others lowercased.
    private static func titled(_ word: String) -> String {
        var result = "", afterLetter = false
        for character in word {
            result += afterLetter ? character.lowercased() : character.uppercased()
            afterLetter = character.isLetter
        }
        return result
    }
}

private extension String {
    func replacingDashes() -> String { String(map { $0 == "-" ? " " : $0 }) }
}
