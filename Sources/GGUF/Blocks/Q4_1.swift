/// `Q4_1`: blocks of 32 values as 4-bit levels times a half-precision scale plus a
/// half-precision minimum.
///
/// ```
/// offset  size  field
///      0     2  d       f16 scale
///      2     2  m       f16 minimum (the block's smallest value)
///      4    16  qs[16]  nibbles: value[j] = (qs[j] & 0xF) * d + m,
///                                value[j + 16] = (qs[j] >> 4) * d + m
/// ```
/// 20 bytes per 32 values (5 bits per weight).
public enum BlockQ4_1: GGMLBlockCodec {
    public static let type = GGMLType.q4_1
    static let blockSize = 32
    static let scaleOffset = 0, minOffset = 2, quantsOffset = 4

    public static func dequantize(block: UnsafeRawPointer, into values: UnsafeMutablePointer<Float>) {
        let d = loadHalf(block, at: scaleOffset)
        let m = loadHalf(block, at: minOffset)
        let quants = (block + quantsOffset).assumingMemoryBound(to: UInt8.self)
        for j in 0 ..< blockSize / 2 {
            values[j] = Float(quants[j] & 0x0F) * d + m
            values[j + blockSize / 2] = Float(quants[j] >> 4) * d + m
        }
    }

    /// ggml's reference quantizer (`quantize_row_q4_1_ref`): the block's range maps onto
    /// 0...15 (`d = (max - min) / 15`, `m = min`), each value `min(15, (int8_t)((x - min) / d + 0.5))`.
    /// The reciprocal of the unrounded `d` is used, as ggml does, so the bytes are llama.cpp's.
    public static func quantize(values: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        let (low, high) = BlockExtremes.range(values, count: blockSize)
        let d = (high - low) / 15
        let inverse: Float = d != 0 ? 1 / d : 0
        storeHalf(d, block, at: scaleOffset)
        storeHalf(low, block, at: minOffset)
        let quants = (block + quantsOffset).assumingMemoryBound(to: UInt8.self)
        for j in 0 ..< blockSize / 2 {
            let first = min(15, x86TruncatedInt8((values[j] - low) * inverse + 0.5))
            let second = min(15, x86TruncatedInt8((values[j + blockSize / 2] - low) * inverse + 0.5))
            quants[j] = UInt8(bitPattern: first) | UInt8(bitPattern: second) << 4
        }
    }
}
