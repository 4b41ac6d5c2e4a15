import GGUF

/// The form activations take before a dot product with weights of a given type, as llama.cpp's
/// CPU backend converts them (its `vec_dot_type`): Q8_0 for Q4_0, Q5_0 and Q8_0 weights, Q8_1
/// for Q4_1 and Q5_1 (whose minimums need each block's sum), Q8_K for the K-quants, F16 for
/// F16, BF16 for BF16, F32 for F32. Integer weights then meet integer activations, and the
/// engine's logits stay within llama.cpp's rounding of the same file.
public enum ActivationFormat: Sendable, Equatable {
    case f32, f16, bf16, q8_0, q8_1, q8K

    /// The format weights of `type` consume, or nil when the engine has no kernel for `type`.
    public init?(weights type: GGMLType) {
        switch type {
        case .f32: self = .f32
        case .f16: self = .f16
        case .bf16: self = .bf16
        case .q8_0, .q4_0, .q5_0: self = .q8_0
        case .q4_1, .q5_1: self = .q8_1
        case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K: self = .q8K
        default: return nil
        }
    }

    /// The storage type of one converted row.
    public var storageType: GGMLType {
        switch self {
        case .f32: .f32
        case .f16: .f16
        case .bf16: .bf16
        case .q8_0: .q8_0
        case .q8_1: .q8_1
        case .q8K: .q8_K
        }
    }

    /// Bytes of one converted row of `length` values (a whole number of blocks).
    public func rowBytes(length: Int) -> Int {
        storageType.byteCount(elements: length)!
    }

    /// Converts one row of `length` floats.
    public func convert(_ values: UnsafePointer<Float>, length: Int, into row: UnsafeMutableRawPointer) {
        switch self {
        case .f32:
            row.copyMemory(from: values, byteCount: length * 4)
        case .f16:
            let out = row.assumingMemoryBound(to: UInt16.self)
            for index in 0 ..< length { out[index] = Float16(values[index]).bitPattern }
        case .bf16:
            for index in 0 ..< length { BlockBF16.quantize(values: values + index, into: row + 2 * index) }
        case .q8_0:
            for block in 0 ..< length / 32 {
                Self.quantizeQ8_0Block(values + 32 * block, into: row + 34 * block)
            }
        case .q8_1:
            for block in 0 ..< length / 32 {
                Self.quantizeQ8_1Block(values + 32 * block, into: row + 36 * block)
            }
        case .q8K:
            for block in 0 ..< length / 256 {
                BlockQ8_K.quantize(values: values + 256 * block, into: row + 292 * block)
            }
        }
    }

    /// Q8_0 as llama.cpp's x86 runtime quantizer writes it (not its reference quantizer):
    /// the multiplier is `127 / max|x|` and values round half to even.
    static func quantizeQ8_0Block(_ values: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        let d = quantize32(values, into: (block + 2).assumingMemoryBound(to: Int8.self))
        block.storeBytes(of: Float16(d).bitPattern.littleEndian, as: UInt16.self)
    }

    /// Q8_1 (layout: GGUF's `BlockQ8_1`; d, s, 32 quants) as llama.cpp's x86 runtime quantizer
    /// writes it (`quantize_row_q8_1`, not its reference quantizer): the quants as Q8_0's, and
    /// `s = d · Σ qs` from the float `d`, before its rounding to f16.
    static func quantizeQ8_1Block(_ values: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        let quants = (block + 4).assumingMemoryBound(to: Int8.self)
        let d = quantize32(values, into: quants)
        var sum: Int32 = 0
        for j in 0 ..< 32 { sum += Int32(quants[j]) }
        block.storeBytes(of: Float16(d).bitPattern.littleEndian, as: UInt16.self)
        block.storeBytes(of: Float16(d * Float(sum)).bitPattern.littleEndian, toByteOffset: 2, as: UInt16.self)
    }

    /// The 32 quants of a Q8_0 or Q8_1 block; returns `d = max|x| / 127` as a float.
    @inline(__always)
    private static func quantize32(_ values: UnsafePointer<Float>, into quants: UnsafeMutablePointer<Int8>) -> Float {
        var absoluteMax: Float = 0
        for j in 0 ..< 32 { absoluteMax = max(absoluteMax, abs(values[j])) }
        let multiplier: Float = absoluteMax != 0 ? 127 / absoluteMax : 0
        for j in 0 ..< 32 {
            let scaled = (values[j] * multiplier).rounded(.toNearestOrEven)
            quants[j] = scaled.isNaN ? 0 : Int8(max(-127, min(127, scaled)))
        }
        return absoluteMax / 127
    }
}
