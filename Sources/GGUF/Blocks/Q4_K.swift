/// `Q4_K`: super-blocks of 256 values in 8 sub-blocks of 32; each value a 4-bit level times
/// the sub-block's scale minus the sub-block's minimum, the scales and minimums 6-bit
/// multiples of two half-precision factors.
///
/// ```
/// offset  size  field
///      0     2  d           f16 factor of the scales
///      2     2  dmin        f16 factor of the minimums
///      4    12  scales      8 scales + 8 minimums, 6 bits each (KQuantScales)
///     16   128  qs[128]     nibbles; for chunk c (64 values, sub-blocks 2c and 2c+1):
///                           value[64c + l]      = d*sc[2c]   * (qs[32c + l] & 0xF) - dmin*m[2c]
///                           value[64c + 32 + l] = d*sc[2c+1] * (qs[32c + l] >> 4)  - dmin*m[2c+1]
/// ```
/// 144 bytes per 256 values (4.5 bits per weight).
public enum BlockQ4_K: GGMLBlockCodec {
    public static let type = GGMLType.q4_K
    static let blockSize = 256, subBlockSize = 32
    static let dOffset = 0, dminOffset = 2, scalesOffset = 4, quantsOffset = 16

    public static func dequantize(block: UnsafeRawPointer, into values: UnsafeMutablePointer<Float>) {
        let quants = (block + quantsOffset).assumingMemoryBound(to: UInt8.self)
        for chunk in 0 ..< 4 {
            let (d1, m1, d2, m2) = KQuantScales.chunkFactors(block, chunk: chunk)
            let q = quants + 32 * chunk
            let out = values + 64 * chunk
            for l in 0 ..< 32 {
                out[l] = d1 * Float(q[l] & 0x0F) - m1
                out[l + 32] = d2 * Float(q[l] >> 4) - m2
            }
        }
    }

    /// ggml's reference quantizer (`quantize_row_q4_K_ref`), through ``AsymmetricSuperBlock``.
    public static func quantize(values: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer in
            let levels = buffer.baseAddress!
            AsymmetricSuperBlock.quantize(values, search: .q4_K, block: block, levels: levels)
            let quants = (block + quantsOffset).assumingMemoryBound(to: UInt8.self)
            for chunk in 0 ..< 4 {
                for l in 0 ..< 32 {
                    quants[32 * chunk + l] = levels[64 * chunk + l] | levels[64 * chunk + 32 + l] << 4
                }
            }
        }
    }
}
