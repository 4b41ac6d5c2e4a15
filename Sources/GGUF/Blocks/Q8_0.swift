/// `Q8_0`: blocks of 32 values as 8-bit integers times one half-precision scale.
///
/// ```
/// offset  size  field
///      0     2  d       f16 scale
///      2    32  qs[32]  i8, value[j] = qs[j] * d
/// ```
/// 34 bytes per 32 values (8.5 bits per weight).
public enum BlockQ8_0: GGMLBlockCodec {
    public static let type = GGMLType.q8_0
    static let blockSize = 32
    static let scaleOffset = 0, quantsOffset = 2

    public static func dequantize(block: UnsafeRawPointer, into values: UnsafeMutablePointer<Float>) {
        let d = loadHalf(block, at: scaleOffset)
        let quants = (block + quantsOffset).assumingMemoryBound(to: Int8.self)
        for j in 0 ..< blockSize {
            values[j] = Float(quants[j]) * d
        }
    }

    /// ggml's reference quantizer (`quantize_row_q8_0_ref`): `d = max|x| / 127`, each value
    /// `roundf(x / d)`. The reciprocal is taken of the unrounded `d`, and the maximum and the
    /// casts are C's (see ``BlockExtremes/absoluteMaximum(_:count:)``), as ggml does, so the
    /// bytes match llama.cpp's quantizer exactly, NaN and subnormal blocks included.
    public static func quantize(values: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        let d = BlockExtremes.absoluteMaximum(values, count: blockSize) / 127
        let inverse: Float = d != 0 ? 1 / d : 0
        storeHalf(d, block, at: scaleOffset)
        let quants = (block + quantsOffset).assumingMemoryBound(to: Int8.self)
        for j in 0 ..< blockSize {
            quants[j] = x86TruncatedInt8((values[j] * inverse).rounded(.toNearestOrAwayFromZero))
        }
    }
}
