/// `Q8_1`: the activation type ggml's CPU backend pairs with Q4_1 and Q5_1 weights (Q5_0 takes Q8_0).
/// Blocks of 32 values as 8-bit integers times a half-precision scale, with the scaled sum of
/// the integers precomputed (the kernels of the offset types apply their minimum with it).
///
/// ```
/// offset  size  field
///      0     2  d       f16 scale: value[j] = qs[j] * d
///      2     2  s       f16, d * Σ qs[j] (d unrounded)
///      4    32  qs[32]  i8
/// ```
/// 36 bytes per 32 values. Never stored in a GGUF file (see ``GGMLType/isStoredInFiles``).
public enum BlockQ8_1: GGMLBlockCodec {
    public static let type = GGMLType.q8_1
    static let blockSize = 32
    static let scaleOffset = 0, sumOffset = 2, quantsOffset = 4

    public static func dequantize(block: UnsafeRawPointer, into values: UnsafeMutablePointer<Float>) {
        let d = loadHalf(block, at: scaleOffset)
        let quants = (block + quantsOffset).assumingMemoryBound(to: Int8.self)
        for j in 0 ..< blockSize {
            values[j] = Float(quants[j]) * d
        }
    }

    /// ggml's reference quantizer (`quantize_row_q8_1_ref`): as ``BlockQ8_0``'s (`d = max|x| / 127`,
    /// each value `roundf(x / d)`), plus `s = d · Σ qs` from the unrounded `d`.
    public static func quantize(values: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        let d = BlockExtremes.absoluteMaximum(values, count: blockSize) / 127
        let inverse: Float = d != 0 ? 1 / d : 0
        storeHalf(d, block, at: scaleOffset)
        let quants = (block + quantsOffset).assumingMemoryBound(to: Int8.self)
        var sum: Int32 = 0
        for j in 0 ..< blockSize {
            quants[j] = x86TruncatedInt8((values[j] * inverse).rounded(.toNearestOrAwayFromZero))
            sum += Int32(quants[j])
        }
        storeHalf(Float(sum) * d, block, at: sumOffset)
    }
}
