/// `Q5_1`: blocks of 32 values as 5-bit levels times a half-precision scale plus a
/// half-precision minimum; the fifth bits as in ``BlockQ5_0``.
///
/// ```
/// offset  size  field
///      0     2  d       f16 scale
///      2     2  m       f16 minimum (the block's smallest value)
///      4     4  qh      u32, little-endian: bit j is the fifth bit of value j
///      8    16  qs[16]  nibbles: low 4 bits of value j in qs[j] & 0xF,
///                                of value j + 16 in qs[j] >> 4
/// ```
/// value[j] = level * d + m. 24 bytes per 32 values (6 bits per weight).
public enum BlockQ5_1: GGMLBlockCodec {
    public static let type = GGMLType.q5_1
    static let blockSize = 32
    static let scaleOffset = 0, minOffset = 2, highBitsOffset = 4, quantsOffset = 8

    public static func dequantize(block: UnsafeRawPointer, into values: UnsafeMutablePointer<Float>) {
        let d = loadHalf(block, at: scaleOffset)
        let m = loadHalf(block, at: minOffset)
        let levels = FifthBitLevels(block, highBitsOffset: highBitsOffset, quantsOffset: quantsOffset)
        for j in 0 ..< blockSize {
            values[j] = Float(levels[j]) * d + m
        }
    }

    /// ggml's reference quantizer (`quantize_row_q5_1_ref`): the block's range maps onto
    /// 0...31 (`d = (max - min) / 31`, `m = min`), each value `(uint8_t)((x - min) / d + 0.5)`.
    /// Same arithmetic, same bytes as llama.cpp's.
    public static func quantize(values: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        let (low, high) = BlockExtremes.range(values, count: blockSize)
        let d = (high - low) / 31
        let inverse: Float = d != 0 ? 1 / d : 0
        storeHalf(d, block, at: scaleOffset)
        storeHalf(low, block, at: minOffset)
        FifthBitLevels.store(block, highBitsOffset: highBitsOffset, quantsOffset: quantsOffset) { j in
            UInt8(truncatingIfNeeded: x86TruncatedInt32((values[j] - low) * inverse + 0.5))
        }
    }
}
