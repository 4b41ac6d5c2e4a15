/// `Q5_K`: as ``BlockQ4_K`` with 5-bit levels: the fifth bit of every value in a separate
/// 32-byte field.
///
/// ```
/// offset  size  field
///      0     2  d           f16 factor of the scales
///      2     2  dmin        f16 factor of the minimums
///      4    12  scales      8 scales + 8 minimums, 6 bits each (KQuantScales)
///     16    32  qh[32]      high bits: bit 2c of qh[l] for value 64c + l,
///                           bit 2c+1 for value 64c + 32 + l
///     48   128  qs[128]     low nibbles, arranged as in Q4_K
/// ```
/// 176 bytes per 256 values (5.5 bits per weight).
public enum BlockQ5_K: GGMLBlockCodec {
    public static let type = GGMLType.q5_K
    static let highBitsOffset = 16, quantsOffset = 48

    public static func dequantize(block: UnsafeRawPointer, into values: UnsafeMutablePointer<Float>) {
        let high = (block + highBitsOffset).assumingMemoryBound(to: UInt8.self)
        let quants = (block + quantsOffset).assumingMemoryBound(to: UInt8.self)
        for chunk in 0 ..< 4 {
            let (d1, m1, d2, m2) = KQuantScales.chunkFactors(block, chunk: chunk)
            let lowMask = UInt8(1) << (2 * chunk), highMask = UInt8(2) << (2 * chunk)
            let q = quants + 32 * chunk
            let out = values + 64 * chunk
            for l in 0 ..< 32 {
                let fifthLow: UInt8 = high[l] & lowMask != 0 ? 16 : 0
                let fifthHigh: UInt8 = high[l] & highMask != 0 ? 16 : 0
                out[l] = d1 * Float((q[l] & 0x0F) + fifthLow) - m1
                out[l + 32] = d2 * Float((q[l] >> 4) + fifthHigh) - m2
            }
        }
    }

    /// ggml's reference quantizer (`quantize_row_q5_K_ref`), through ``AsymmetricSuperBlock``.
    public static func quantize(values: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer in
            let levels = buffer.baseAddress!
            AsymmetricSuperBlock.quantize(values, search: .q5_K, block: block, levels: levels)
            let high = (block + highBitsOffset).assumingMemoryBound(to: UInt8.self)
            let quants = (block + quantsOffset).assumingMemoryBound(to: UInt8.self)
            high.initialize(repeating: 0, count: 32)
            for chunk in 0 ..< 4 {
                for l in 0 ..< 32 {
                    let low = levels[64 * chunk + l], upper = levels[64 * chunk + 32 + l]
                    quants[32 * chunk + l] = (low & 0x0F) | (upper & 0x0F) << 4
                    high[l] |= (low >> 4) << (2 * chunk) | (upper >> 4) << (2 * chunk + 1)
                }
            }
        }
    }
}
