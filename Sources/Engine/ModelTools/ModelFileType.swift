import GGUF

/// What a model file is quantized to, as llama.cpp names it (`llama_ftype`): a main tensor
/// type, and for the mixtures (`Q4_K_M`, `Q2_K`) a rule for which tensors get more bits.
///
/// ``tensorType(name:ne:blockCount:tiedOutput:headsPerKeyValueHead:)`` follows llama.cpp's
/// `llama_tensor_get_type` for llama-architecture models without experts: one-dimensional
/// tensors (norms) stay F32; the output head gets Q6_K unless the file is Q8_0 or unquantized;
/// in Q4_K_M and Q5_K_M, `attn_v` and `ffn_down` get Q6_K in the first and last eighth of the
/// blocks and every third block between ("use_more_bits"); in Q2_K, `ffn_down` and
/// `attn_output` get Q3_K, and `attn_v` Q4_K where 4 or more query heads share a key-value
/// head, else Q3_K. Q3_K_S is Q3_K throughout.
public enum ModelFileType: String, Sendable, CaseIterable, CustomStringConvertible {
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"
    case q8_0 = "Q8_0"
    case q4_0 = "Q4_0"
    case q4_1 = "Q4_1"
    case q5_0 = "Q5_0"
    case q5_1 = "Q5_1"
    case q2_K = "Q2_K"
    case q3_K_S = "Q3_K_S"
    case q4_K_M = "Q4_K_M"
    case q5_K_M = "Q5_K_M"
    case q6_K = "Q6_K"

    public var description: String { rawValue }

    /// Looks a file type up by name, case-insensitively.
    public init?(name: String) {
        guard let match = ModelFileType.allCases.first(where: { $0.rawValue == name.uppercased() }) else { return nil }
        self = match
    }

    /// The `general.file_type` value llama.cpp writes (its `llama_ftype`).
    public var llamaFileType: UInt32 {
        switch self {
        case .f32: 0
        case .f16: 1
        case .q4_0: 2
        case .q4_1: 3
        case .q8_0: 7
        case .q5_0: 8
        case .q5_1: 9
        case .q2_K: 10
        case .q3_K_S: 11
        case .q4_K_M: 15
        case .q5_K_M: 17
        case .q6_K: 18
        case .bf16: 32
        }
    }

    /// The type most weight matrices get.
    public var mainType: GGMLType {
        switch self {
        case .f32: .f32
        case .f16: .f16
        case .bf16: .bf16
        case .q8_0: .q8_0
        case .q4_0: .q4_0
        case .q4_1: .q4_1
        case .q5_0: .q5_0
        case .q5_1: .q5_1
        case .q2_K: .q2_K
        case .q3_K_S: .q3_K
        case .q4_K_M: .q4_K
        case .q5_K_M: .q5_K
        case .q6_K: .q6_K
        }
    }

    var isQuantized: Bool { ![.f32, .f16, .bf16].contains(self) }

    /// The type of tensor `name` of shape `ne` in a model of `blockCount` blocks.
    ///
    /// - Parameters:
    ///   - tiedOutput: the file has no `output.weight`, so `token_embd.weight` is also the
    ///     output head and gets the output head's type, as llama.cpp gives it.
    ///   - headsPerKeyValueHead: query heads per key-value head (llama.cpp's `n_gqa`), which
    ///     decides Q2_K's `attn_v`.
    public func tensorType(
        name: String, ne: [Int], blockCount: Int, tiedOutput: Bool = false, headsPerKeyValueHead: Int = 1
    ) -> GGMLType {
        if ne.count == 1 { return .f32 }
        let isOutputHead = name == "output.weight" || (tiedOutput && name == "token_embd.weight")
        var type = mainType
        if isOutputHead, isQuantized, self != .q8_0 {
            type = .q6_K
        } else if self == .q2_K, name.hasSuffix(".attn_v.weight") {
            type = headsPerKeyValueHead >= 4 ? .q4_K : .q3_K
        } else if self == .q2_K, name.hasSuffix(".ffn_down.weight") || name.hasSuffix(".attn_output.weight") {
            type = .q3_K
        } else if self == .q4_K_M || self == .q5_K_M,
                  name.hasSuffix(".attn_v.weight") || name.hasSuffix(".ffn_down.weight"),
                  let block = Self.blockIndex(name), Self.usesMoreBits(block, of: blockCount) {
            type = .q6_K
        }
        return Self.fallback(for: type, rowLength: ne[0])
    }

    /// llama.cpp's `tensor_type_fallback`: a row that is not a whole number of the type's
    /// blocks (SmolLM2's 576 against the K-quants' 256) takes a 32-value type of about the same
    /// size, or F16 when even that does not fit.
    static func fallback(for type: GGMLType, rowLength: Int) -> GGMLType {
        guard rowLength % type.elementsPerBlock != 0 else { return type }
        let replacement: GGMLType = switch type {
        case .q2_K, .q3_K: .q4_0
        case .q4_K: .q5_0
        case .q5_K: .q5_1
        case .q6_K: .q8_0
        default: type
        }
        return rowLength % replacement.elementsPerBlock == 0 ? replacement : .f16
    }

    /// llama.cpp's `use_more_bits`: the first and last eighth of the blocks, and every third
    /// block in between.
    static func usesMoreBits(_ block: Int, of count: Int) -> Bool {
        block < count / 8 || block >= 7 * count / 8 || (block - count / 8) % 3 == 2
    }

    private static func blockIndex(_ name: String) -> Int? {
        let parts = name.split(separator: ".")
        guard parts.count > 2, parts[0] == "blk" else { return nil }
        return Int(parts[1])
    }
}
