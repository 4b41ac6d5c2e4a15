/// `Q5_0`: blocks of 32 values as 5-bit integers (offset by 16) times one half-precision scale;
/// the fifth bits of all 32 values in one 32-bit word.
///
/// ```
/// offset  size  field
///      0     2  d       f16 scale
///      2     4  qh      u32, little-endian: bit j is the fifth bit of value j
///      6    16  qs[16]  nibbles: low 4 bits of value j in qs[j] & 0xF,
///                                of value j + 16 in qs[j] >> 4
/// ```
/// value[j] = (level - 16) * d. 22 bytes per 32 values (5.5 bits per weight).
public enum BlockQ5_0: GGMLBlockCodec {
    public static let type = GGMLType.q5_0
    static let blockSize = 32
    static let scaleOffset = 0, highBitsOffset = 2, quantsOffset = 6

    public static func dequantize(block: UnsafeRawPointer, into values: UnsafeMutablePointer<Float>) {
        let d = loadHalf(block, at: scaleOffset)
        let levels = FifthBitLevels(block, highBitsOffset: highBitsOffset, quantsOffset: quantsOffset)
        for j in 0 ..< blockSize {
            values[j] = Float(Int32(levels[j]) - 16) * d
        }
    }

    /// ggml's reference quantizer (`quantize_row_q5_0_ref`): the value of largest magnitude,
    /// sign kept, maps to -16 (`d = max / -16`); each value becomes
    /// `min(31, (int8_t)(x / d + 16.5))`. Same arithmetic, same bytes as llama.cpp's.
    public static func quantize(values: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        let d = BlockExtremes.signedMaximum(values, count: blockSize) / -16
        let inverse: Float = d != 0 ? 1 / d : 0
        storeHalf(d, block, at: scaleOffset)
        FifthBitLevels.store(block, highBitsOffset: highBitsOffset, quantsOffset: quantsOffset) { j in
            UInt8(bitPattern: min(31, x86TruncatedInt8(values[j] * inverse + 16.5)))
        }
    }
}
