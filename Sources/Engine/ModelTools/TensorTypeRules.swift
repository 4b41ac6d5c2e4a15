import GGUF

/// llama.cpp's choice of a tensor's type within a file type (`llama_tensor_get_type_impl`,
/// src/llama-quant.cpp), for llama-architecture models without experts or an importance
/// matrix, restated for the file types medsweep writes.
///
/// The tensor's category comes from its name as llama.cpp reads it (`tensor_get_category`):
/// the output head, the token embedding, then the first of `attn_v.weight`, `attn_output.weight`,
/// `ffn_down` the name contains. llama.cpp counts `attn_v` and `ffn_down` tensors in the order
/// it writes them, block by block, so the count is the block index here.
struct TensorTypeRules {
    let fileType: ModelFileType
    let blockCount: Int
    let headsPerKeyValueHead: Int

    /// Whether llama.cpp quantizes the tensor at all (`tensor_allows_quantization`): two or
    /// more dimensions, a name ending in `weight` and not a norm's.
    static func allowsQuantization(name: String, ne: [Int]) -> Bool {
        ne.count >= 2 && name.hasSuffix("weight") && !name.contains("_norm.weight")
    }

    /// The type before the shape fallback.
    func type(of name: String, rowLength: Int, tiedOutput: Bool) -> GGMLType {
        let main = fileType.mainType
        if name == "output.weight" || (tiedOutput && name == "token_embd.weight") {
            // A row that is not whole K-quant blocks gets Q8_0 here, not the shape fallback.
            if rowLength % main.elementsPerBlock != 0 { return .q8_0 }
            return main == .q8_0 ? .q8_0 : .q6_K
        }
        if name == "token_embd.weight" { return main }
        let block = Self.blockIndex(name) ?? 0
        if name.contains("attn_v.weight") { return attentionValueType(block: block) }
        if name.contains("attn_output.weight") { return attentionOutputType() }
        if name.contains("ffn_down") { return feedForwardDownType(block: block) }
        return main
    }

    private func attentionValueType(block: Int) -> GGMLType {
        var type = fileType.mainType
        switch fileType {
        case .q2_K: type = headsPerKeyValueHead >= 4 ? .q4_K : .q3_K
        case .q3_K_M: type = block < 2 ? .q5_K : .q4_K
        case .q3_K_L: type = .q5_K
        case .q4_K_M, .q5_K_M: if ModelFileType.usesMoreBits(block, of: blockCount) { type = .q6_K }
        case .q4_K_S: if block < 4 { type = .q5_K }
        default: break
        }
        // Llama 70B (80 blocks, grouped queries): eight query heads share each value matrix, so
        // llama.cpp gives the small `attn_v` more bits.
        if isLlama70B, type == .q3_K || type == .q4_K { type = .q5_K }
        return type
    }

    private func attentionOutputType() -> GGMLType {
        switch fileType {
        case .q2_K: .q3_K
        case .q3_K_M: .q4_K
        case .q3_K_L: .q5_K
        default: fileType.mainType
        }
    }

    private func feedForwardDownType(block: Int) -> GGMLType {
        switch fileType {
        case .q2_K: .q3_K
        case .q3_K_M: block < blockCount / 16 ? .q5_K : .q4_K
        case .q3_K_L: .q5_K
        case .q4_K_M, .q5_K_M: ModelFileType.usesMoreBits(block, of: blockCount) ? .q6_K : fileType.mainType
        case .q4_K_S: block < blockCount / 8 ? .q5_K : .q4_K
        default: fileType.mainType
        }
    }

    /// llama.cpp's `LLM_TYPE_70B` for the llama architecture: 80 blocks with fewer key-value
    /// heads than query heads (with as many it is the 65B).
    private var isLlama70B: Bool { blockCount == 80 && headsPerKeyValueHead > 1 }

    /// N of a tensor named `blk.N.…`.
    static func blockIndex(_ name: String) -> Int? {
        let parts = name.split(separator: ".", maxSplits: 2)
        guard parts.count > 2, parts[0] == "blk" else { return nil }
        return Int(parts[1])
    }
}
