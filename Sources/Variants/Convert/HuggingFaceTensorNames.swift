/// Hugging Face Llama/Mistral tensor names and their GGUF names, as llama.cpp's
/// `tensor_mapping.py` maps them for the `llama` architecture. The GGUF side (names and
/// shapes) is the engine's table, `MistralConfig.tensorShapes`; this is only the other half.
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

    /// Names outside the blocks.
    static let global: [String: String] = [
        "model.embed_tokens.weight": "token_embd.weight",
        "model.norm.weight": "output_norm.weight",
        "lm_head.weight": "output.weight",
    ]

    /// Names inside block N (`model.layers.N.` before them, `blk.N.` before the GGUF names).
    static let block: [String: (gguf: String, permutation: QueryKeyPermutation.Projection?)] = [
        "input_layernorm.weight": ("attn_norm.weight", nil),
        "self_attn.q_proj.weight": ("attn_q.weight", .query),
        "self_attn.k_proj.weight": ("attn_k.weight", .key),
        "self_attn.v_proj.weight": ("attn_v.weight", nil),
        "self_attn.o_proj.weight": ("attn_output.weight", nil),
        "post_attention_layernorm.weight": ("ffn_norm.weight", nil),
        "mlp.gate_proj.weight": ("ffn_gate.weight", nil),
        "mlp.up_proj.weight": ("ffn_up.weight", nil),
        "mlp.down_proj.weight": ("ffn_down.weight", nil),
    ]

    /// Suffixes llama.cpp's converter skips without looking further.
    static let skippedSuffixes = [".rotary_emb.inv_freq", ".attention.masked_bias", ".attention.bias"]

    public static func map(_ name: String) -> Mapping {
        if skippedSuffixes.contains(where: name.hasSuffix) { return .skipped }
        if let gguf = global[name] { return .tensor(gguf: gguf, permutation: nil) }
        let prefix = "model.layers."
        guard name.hasPrefix(prefix) else { return .unknown }
        let rest = name.dropFirst(prefix.count)
        guard let dot = rest.firstIndex(of: "."), let blockIndex = Int(rest[..<dot]), blockIndex >= 0,
              String(blockIndex) == rest[..<dot],
              let entry = block[String(rest[rest.index(after: dot)...])]
        else { return .unknown }
        return .tensor(gguf: "blk.\(blockIndex).\(entry.gguf)", permutation: entry.permutation)
    }
}

extension HuggingFaceTensorNames {
    /// The checkpoint name of a GGUF tensor name, for messages about a missing tensor.
    static func huggingFaceName(of gguf: String) -> String? {
        if let entry = global.first(where: { $0.value == gguf }) { return entry.key }
        let parts = gguf.split(separator: ".", maxSplits: 2)
        guard parts.count == 3, parts[0] == "blk",
              let entry = block.first(where: { $0.value.gguf == parts[2] }) else { return nil }
        return "model.layers.\(parts[1]).\(entry.key)"
    }
}
