/// The tensors of a Mistral (GGUF architecture `llama`) model, with their names in GGUF files
/// (llama.cpp's `LLM_TENSOR_NAMES`) and in Hugging Face checkpoints (`transformers`'
/// `MistralForCausalLM` state dict): one table that the shape list, merges and conversions use.
///
/// ```swift
/// MistralTensorName(ggufName: "blk.3.attn_q.weight")?.huggingFaceName
/// // "model.layers.3.self_attn.q_proj.weight"
/// ```
public enum MistralTensorName: Sendable, Hashable {
    /// `token_embd.weight` ↔ `model.embed_tokens.weight`; shape [width, vocabulary].
    case tokenEmbedding
    /// A tensor of transformer block `block`.
    case block(Int, BlockTensor)
    /// `output_norm.weight` ↔ `model.norm.weight`; shape [width].
    case outputNorm
    /// `output.weight` ↔ `lm_head.weight`; shape [width, vocabulary].
    case output

    /// The tensors of one transformer block, in the order llama.cpp's converter writes them.
    public enum BlockTensor: String, Sendable, Hashable, CaseIterable {
        case attentionNorm = "attn_norm"
        case query = "attn_q"
        case key = "attn_k"
        case value = "attn_v"
        case attentionOutput = "attn_output"
        case feedForwardNorm = "ffn_norm"
        case gate = "ffn_gate"
        case up = "ffn_up"
        case down = "ffn_down"

        /// The name after `model.layers.N.` in a Hugging Face checkpoint, without `.weight`.
        public var huggingFaceSuffix: String {
            switch self {
            case .attentionNorm: "input_layernorm"
            case .query: "self_attn.q_proj"
            case .key: "self_attn.k_proj"
            case .value: "self_attn.v_proj"
            case .attentionOutput: "self_attn.o_proj"
            case .feedForwardNorm: "post_attention_layernorm"
            case .gate: "mlp.gate_proj"
            case .up: "mlp.up_proj"
            case .down: "mlp.down_proj"
            }
        }
    }

    /// The name in a GGUF file.
    public var ggufName: String {
        switch self {
        case .tokenEmbedding: "token_embd.weight"
        case .block(let block, let tensor): "blk.\(block).\(tensor.rawValue).weight"
        case .outputNorm: "output_norm.weight"
        case .output: "output.weight"
        }
    }

    /// The name in a Hugging Face checkpoint.
    public var huggingFaceName: String {
        switch self {
        case .tokenEmbedding: "model.embed_tokens.weight"
        case .block(let block, let tensor): "model.layers.\(block).\(tensor.huggingFaceSuffix).weight"
        case .outputNorm: "model.norm.weight"
        case .output: "lm_head.weight"
        }
    }

    /// The tensor a GGUF name denotes, or nil for a name outside the table.
    public init?(ggufName name: String) {
        switch name {
        case "token_embd.weight": self = .tokenEmbedding
        case "output_norm.weight": self = .outputNorm
        case "output.weight": self = .output
        default:
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4, parts[0] == "blk", parts[3] == "weight",
                  let block = Int(parts[1]), block >= 0, String(block) == parts[1],
                  let tensor = BlockTensor(rawValue: String(parts[2]))
            else { return nil }
            self = .block(block, tensor)
        }
    }

    /// The tensor a Hugging Face name denotes, or nil for a name outside the table.
    public init?(huggingFaceName name: String) {
        switch name {
        case "model.embed_tokens.weight": self = .tokenEmbedding
        case "model.norm.weight": self = .outputNorm
        case "lm_head.weight": self = .output
        default:
            let prefix = "model.layers.", suffix = ".weight"
            guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
            let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
            guard let dot = middle.firstIndex(of: "."), let block = Int(middle[..<dot]), block >= 0,
                  String(block) == middle[..<dot],
                  let tensor = BlockTensor.allCases.first(where: { $0.huggingFaceSuffix == middle[middle.index(after: dot)...] })
            else { return nil }
            self = .block(block, tensor)
        }
    }

    /// Every tensor of a model with `blockCount` blocks, in the order llama.cpp's converter
    /// writes them.
    public static func all(blockCount: Int) -> [MistralTensorName] {
        [.tokenEmbedding]
            + (0 ..< blockCount).flatMap { block in BlockTensor.allCases.map { MistralTensorName.block(block, $0) } }
            + [.outputNorm, .output]
    }
}
