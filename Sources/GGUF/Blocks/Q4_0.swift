/// `Q4_0`: blocks of 32 values as 4-bit integers (offset by 8) times one half-precision scale.
///
/// ```
/// offset  size  field
///      0     2  d       f16 scale
///      2    16  qs[16]  nibbles: value[j] = ((qs[j] & 0xF) - 8) * d,
///                                value[j + 16] = ((qs[j] >> 4) - 8) * d
/// ```
/// 18 bytes per 32 values (4.5 bits per weight).
public enum BlockQ4_0: GGMLBlockCodec {
    public static let type = GGMLType.q4_0
    static let blockSize = 32
    static let scaleOffset = 0, quantsOffset = 2

    public static func dequantize(block: UnsafeRawPointer, into values: UnsafeMutablePointer<Float>) {
        let d = loadHalf(block, at: scaleOffset)
        let quants = (block + quantsOffset).assumingMemoryBound(to: UInt8.self)
        for j in 0 ..< blockSize / 2 {
            values[j] = Float(Int32(quants[j] & 0x0F) - 8) * d
            values[j + blockSize / 2] = Float(Int32(quants[j] >> 4) - 8) * d
        }
    }

    /// ggml's reference quantizer (`quantize_row_q4_0_ref`): the value of largest magnitude,
    /// sign kept, maps to -8 (`d = max / -8`); each value becomes `min(15, (int8_t)(x / d + 8.5))`.
    /// Same arithmetic and the same casts (a subnormal `d` makes `1 / d` infinite), same bytes
    /// as llama.cpp's quantizer.
    public static func quantize(values: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        let d = BlockExtremes.signedMaximum(values, count: blockSize) / -8
        let inverse: Float = d != 0 ? 1 / d : 0
        storeHalf(d, block, at: scaleOffset)
        let quants = (block + quantsOffset).assumingMemoryBound(to: UInt8.self)
        for j in 0 ..< blockSize / 2 {
            let low = min(15, x86TruncatedInt8(values[j] * inverse + 8.5))
            let high = min(15, x86TruncatedInt8(values[j + blockSize / 2] * inverse + 8.5))
            quants[j] = UInt8(bitPattern: low) | UInt8(bitPattern: high) << 4
        }
    }
}
