/// A ggml tensor type, by the id GGUF stores for it.
///
/// Every type that can appear in a model file is known here with its block geometry, so
/// `medsweep inspect` can describe any GGUF file and the reader can check every tensor's byte
/// size. Only some types can be decoded (see ``GGMLType/codec``).
///
/// Ids and geometry are ggml's (`ggml.h`, `ggml-common.h`). Ids 4 and 5 (Q4_2, Q4_3), 31–33 and
/// 36–38 (interleaved layouts) were removed from ggml and never appear in files. Q8_1 (9) is an
/// activation-only type of ggml's CPU backend: it has a case and a codec, but the reader refuses
/// it in a file and the writer will not write it (see ``isStoredInFiles``).
public enum GGMLType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case f32 = 0
    case f16 = 1
    case q4_0 = 2
    case q4_1 = 3
    case q5_0 = 6
    case q5_1 = 7
    case q8_0 = 8
    case q8_1 = 9
    case q2_K = 10
    case q3_K = 11
    case q4_K = 12
    case q5_K = 13
    case q6_K = 14
    case q8_K = 15
    case iq2_XXS = 16
    case iq2_XS = 17
    case iq3_XXS = 18
    case iq1_S = 19
    case iq4_NL = 20
    case iq3_S = 21
    case iq2_S = 22
    case iq4_XS = 23
    case i8 = 24
    case i16 = 25
    case i32 = 26
    case i64 = 27
    case f64 = 28
    case iq1_M = 29
    case bf16 = 30
    case tq1_0 = 34
    case tq2_0 = 35
    case mxfp4 = 39

    /// Elements in one super-block of the K-quants (ggml's `QK_K`).
    public static let superBlockSize = 256

    /// The name ggml and gguf-py print ("Q4_K", "F16").
    public var name: String {
        switch self {
        case .f32: "F32"
        case .f16: "F16"
        case .q4_0: "Q4_0"
        case .q4_1: "Q4_1"
        case .q5_0: "Q5_0"
        case .q5_1: "Q5_1"
        case .q8_0: "Q8_0"
        case .q8_1: "Q8_1"
        case .q2_K: "Q2_K"
        case .q3_K: "Q3_K"
        case .q4_K: "Q4_K"
        case .q5_K: "Q5_K"
        case .q6_K: "Q6_K"
        case .q8_K: "Q8_K"
        case .iq2_XXS: "IQ2_XXS"
        case .iq2_XS: "IQ2_XS"
        case .iq3_XXS: "IQ3_XXS"
        case .iq1_S: "IQ1_S"
        case .iq4_NL: "IQ4_NL"
        case .iq3_S: "IQ3_S"
        case .iq2_S: "IQ2_S"
        case .iq4_XS: "IQ4_XS"
        case .i8: "I8"
        case .i16: "I16"
        case .i32: "I32"
        case .i64: "I64"
        case .f64: "F64"
        case .iq1_M: "IQ1_M"
        case .bf16: "BF16"
        case .tq1_0: "TQ1_0"
        case .tq2_0: "TQ2_0"
        case .mxfp4: "MXFP4"
        }
    }

    public var description: String { name }

    /// Looks a type up by its ggml name, case-insensitively ("q4_k" finds ``q4_K``).
    public init?(name: String) {
        let wanted = name.uppercased()
        guard let match = GGMLType.allCases.first(where: { $0.name == wanted }) else { return nil }
        self = match
    }

    /// Elements stored in one block.
    public var elementsPerBlock: Int {
        switch self {
        case .f32, .f16, .bf16, .f64, .i8, .i16, .i32, .i64: 1
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q8_1, .iq4_NL, .mxfp4: 32
        case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .q8_K, .iq2_XXS, .iq2_XS, .iq3_XXS, .iq1_S,
             .iq3_S, .iq2_S, .iq4_XS, .iq1_M, .tq1_0, .tq2_0:
            GGMLType.superBlockSize
        }
    }

    /// Bytes one block occupies in the file.
    public var bytesPerBlock: Int {
        let qk = GGMLType.superBlockSize
        return switch self {
        case .f32, .i32: 4
        case .f16, .bf16, .i16: 2
        case .f64, .i64: 8
        case .i8: 1
        case .q4_0, .iq4_NL: 2 + 16
        case .q4_1: 2 + 2 + 16
        case .q5_0: 2 + 4 + 16
        case .q5_1: 2 + 2 + 4 + 16
        case .q8_0: 2 + 32
        case .q8_1: 2 + 2 + 32
        case .mxfp4: 1 + 16
        case .q2_K: 2 + 2 + qk / 16 + qk / 4
        case .q3_K: 2 + qk / 4 + qk / 8 + 12
        case .q4_K: 2 + 2 + 12 + qk / 2
        case .q5_K: 2 + 2 + 12 + qk / 8 + qk / 2
        case .q6_K: 2 + qk / 2 + qk / 4 + qk / 16
        case .q8_K: 4 + qk + qk / 8
        case .iq2_XXS: 2 + qk / 4
        case .iq2_XS: 2 + qk / 4 + qk / 32
        case .iq3_XXS: 2 + qk / 4 + qk / 8
        case .iq1_S: 2 + qk / 8 + qk / 16
        case .iq3_S: 2 + qk / 4 + qk / 8 + qk / 32 + 4
        case .iq2_S: 2 + qk / 4 + qk / 16
        case .iq4_XS: 2 + 2 + qk / 2 + qk / 64
        case .iq1_M: qk / 8 + qk / 16 + qk / 32
        case .tq1_0: 2 + 4 * 13
        case .tq2_0: 2 + 64
        }
    }

    /// Whether a GGUF tensor may have this type: every type but Q8_1, which ggml computes with
    /// (activations quantized for Q4_1, Q5_0 and Q5_1 dot products) but medsweep, as its rule,
    /// never reads from or writes to a file.
    public var isStoredInFiles: Bool { self != .q8_1 }

    /// Storage cost in bits per element, e.g. 4.5 for Q4_0.
    public var bitsPerWeight: Double {
        Double(bytesPerBlock * 8) / Double(elementsPerBlock)
    }

    /// Bytes needed for `count` elements, or nil when `count` is not a whole number of blocks
    /// or the size overflows.
    public func byteCount(elements count: Int) -> Int? {
        guard count >= 0, count % elementsPerBlock == 0 else { return nil }
        let (bytes, overflow) = (count / elementsPerBlock).multipliedReportingOverflow(by: bytesPerBlock)
        return overflow ? nil : bytes
    }

    /// Bytes of a tensor of shape `ne` (ggml order, fastest dimension first), or nil when the
    /// first dimension is not a whole number of blocks or the size overflows.
    public func byteCount(shape ne: [Int]) -> Int? {
        guard let first = ne.first, ne.allSatisfy({ $0 >= 0 }) else { return nil }
        guard var bytes = byteCount(elements: first) else { return nil }
        for extent in ne.dropFirst() {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: extent)
            if overflow { return nil }
            bytes = product
        }
        return bytes
    }
}
