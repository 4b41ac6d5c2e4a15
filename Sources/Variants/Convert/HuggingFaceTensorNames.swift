import Engine

/// Hugging Face Llama/Mistral tensor names and their GGUF names, as llama.cpp's
/// `tensor_mapping.py` maps them for the `llama` architecture. Both names come from the
/// engine's table, ``MistralTensorName``; this adds what the converter does with each.
///
/// ```swift
/// HuggingFaceTensorNames.map("model.layers.3.self_attn.q_proj.weight")
/// // .tensor(gguf: "blk.3.attn_q.weight", permutation: .query)
/// ```
public enum HuggingFaceTensorNames {
    /// What the converter does with a tensor of the checkpoint.
    public enum Mapping: Sendable, Equatable {
        /// Written under the GGUF name, its rows reordered for the engine's RoPE where asked.
        case tensor(gguf: String, permutation: QueryKeyPermutation.Projection?)
        /// Dropped, as llama.cpp drops it (RoPE's precomputed frequencies, attention masks).
        case skipped
        /// Not a tensor of a Llama/Mistral model: an error.
        case unknown
    }

    /// Suffixes llama.cpp's converter skips without looking further.
    static let skippedSuffixes = [".rotary_emb.inv_freq", ".attention.masked_bias", ".attention.bias"]

    public static func map(_ name: String) -> Mapping {
        if skippedSuffixes.contains(where: name.hasSuffix) { return .skipped }
        guard let tensor = MistralTensorName(huggingFaceName: name) else { return .unknown }
        return .tensor(gguf: tensor.ggufName, permutation: permutation(of: tensor))
    }

    /// Query and key rows are reordered for the engine's RoPE (llama.cpp's `permute`).
    private static func permutation(of tensor: MistralTensorName) -> QueryKeyPermutation.Projection? {
        switch tensor {
        case .block(_, .query): .query
        case .block(_, .key): .key
        default: nil
        }
    }
}

extension HuggingFaceTensorNames {
    /// The checkpoint name of a GGUF tensor name, for messages about a missing tensor.
    static func huggingFaceName(of gguf: String) -> String? {
        MistralTensorName(ggufName: gguf)?.huggingFaceName
    }
}
