import GGUF

/// What a model file is quantized to, as llama.cpp names it (`llama_ftype`): a main tensor
/// type, and for the mixtures (`Q4_K_M`, `Q3_K_L`, ...) rules for which tensors get more bits.
///
/// ``tensorType(name:ne:blockCount:tiedOutput:headsPerKeyValueHead:sourceType:)`` follows
/// llama.cpp's `llama_tensor_get_type` (src/llama-quant.cpp, as vendored by llama-cpp-python
/// 0.3.36) for llama-architecture models without experts and without an importance matrix.
/// See ``TensorTypeRules`` for the rules themselves.
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
    case q3_K_M = "Q3_K_M"
    case q3_K_L = "Q3_K_L"
    case q4_K_S = "Q4_K_S"
    case q4_K_M = "Q4_K_M"
    case q5_K_S = "Q5_K_S"
    case q5_K_M = "Q5_K_M"
    case q6_K = "Q6_K"

    public var description: String { rawValue }

    /// Looks a file type up by name, case-insensitively.
    public init?(name: String) {
        guard let match = ModelFileType.allCases.first(where: { $0.rawValue == name.uppercased() }) else { return nil }
        self = match
    }

    /// The file type whose `general.file_type` (llama.cpp's `llama_ftype`) is `value`, if
    /// medsweep writes it.
    public init?(llamaFileType value: UInt32) {
        guard let match = ModelFileType.allCases.first(where: { $0.llamaFileType == value }) else { return nil }
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
        case .q3_K_M: 12
        case .q3_K_L: 13
        case .q4_K_S: 14
        case .q4_K_M: 15
        case .q5_K_S: 16
        case .q5_K_M: 17
        case .q6_K: 18
        case .bf16: 32
        }
    }

    /// The type most weight matrices get (llama.cpp's `llama_ftype_get_default_type`).
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
        case .q3_K_S, .q3_K_M, .q3_K_L: .q3_K
        case .q4_K_S, .q4_K_M: .q4_K
        case .q5_K_S, .q5_K_M: .q5_K
        case .q6_K: .q6_K
        }
    }

    /// Whether the main type is a quantized one: only then do the mixture rules and the
    /// shape fallbacks apply, as in llama.cpp.
    public var isQuantized: Bool { ![.f32, .f16, .bf16].contains(self) }

    /// The type of tensor `name` of shape `ne` in a model of `blockCount` blocks.
    ///
    /// - Parameters:
    ///   - tiedOutput: the file has no `output.weight`, so `token_embd.weight` is also the
    ///     output head and gets the output head's type, as llama.cpp gives it.
    ///   - headsPerKeyValueHead: query heads per key-value head (llama.cpp's `n_gqa`), which
    ///     decides Q2_K's `attn_v`.
    ///   - sourceType: the tensor's type in the file being quantized; a tensor llama.cpp does
    ///     not quantize (one-dimensional, a norm, a name not ending in `weight`) keeps it.
    public func tensorType(
        name: String, ne: [Int], blockCount: Int, tiedOutput: Bool = false, headsPerKeyValueHead: Int = 1,
        sourceType: GGMLType = .f32
    ) -> GGMLType {
        guard TensorTypeRules.allowsQuantization(name: name, ne: ne) else { return sourceType }
        guard isQuantized else { return mainType }
        let rules = TensorTypeRules(fileType: self, blockCount: blockCount, headsPerKeyValueHead: headsPerKeyValueHead)
        return Self.fallback(for: rules.type(of: name, rowLength: ne[0], tiedOutput: tiedOutput), rowLength: ne[0])
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
}
