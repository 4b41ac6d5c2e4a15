/// `Q6_K`: super-blocks of 256 values in 16 sub-blocks of 16; each value a signed 6-bit level
/// (stored offset by 32) times its sub-block's 8-bit scale times one half-precision factor.
///
/// ```
/// offset  size  field
///      0   128  ql[128]     low 4 bits; for half n (128 values) and l < 32:
///                           ql[64n + l]      holds values 128n + l (low nibble), 128n + 64 + l (high)
///                           ql[64n + 32 + l] holds values 128n + 32 + l,         128n + 96 + l
///    128    64  qh[64]      high 2 bits: qh[32n + l] bits 0-1, 2-3, 4-5, 6-7 for values
///                           128n + l, 128n + 32 + l, 128n + 64 + l, 128n + 96 + l
///    192    16  scales[16]  i8 scale of each sub-block of 16
///    208     2  d           f16 factor: value = d * scales[i / 16] * (level - 32)
/// ```
/// 210 bytes per 256 values (6.5625 bits per weight).
public enum BlockQ6_K: GGMLBlockCodec {
    public static let type = GGMLType.q6_K
    static let lowOffset = 0, highOffset = 128, scalesOffset = 192, dOffset = 208

    public static func dequantize(block: UnsafeRawPointer, into values: UnsafeMutablePointer<Float>) {
        let d = loadHalf(block, at: dOffset)
        let scales = (block + scalesOffset).assumingMemoryBound(to: Int8.self)
        for half in 0 ..< 2 {
            let low = (block + lowOffset + 64 * half).assumingMemoryBound(to: UInt8.self)
            let high = (block + highOffset + 32 * half).assumingMemoryBound(to: UInt8.self)
            let scale = scales + 8 * half
            let out = values + 128 * half
            for l in 0 ..< 32 {
                let group = l / 16
                let q1 = Int32((low[l] & 0x0F) | ((high[l] >> 0) & 3) << 4) - 32
                let q2 = Int32((low[l + 32] & 0x0F) | ((high[l] >> 2) & 3) << 4) - 32
                let q3 = Int32((low[l] >> 4) | ((high[l] >> 4) & 3) << 4) - 32
                let q4 = Int32((low[l + 32] >> 4) | ((high[l] >> 6) & 3) << 4) - 32
                out[l] = d * Float(scale[group]) * Float(q1)
                out[l + 32] = d * Float(scale[group + 2]) * Float(q2)
                out[l + 64] = d * Float(scale[group + 4]) * Float(q3)
                out[l + 96] = d * Float(scale[group + 6]) * Float(q4)
            }
        }
    }

    /// ggml's reference quantizer (`quantize_row_q6_K_ref`): each sub-block's scale by
    /// ``SymmetricScaleSearch/bestOfNineteen(_:count:maxLevel:levels:)``; the scale of largest
    /// magnitude, sign kept, maps to -128 and the others round to 8-bit levels against it; the
    /// values then re-rounded against the stored scales. A super-block whose scales are all
    /// negligible is stored as zeros.
    public static func quantize(values: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        withUnsafeTemporaryAllocation(of: Int8.self, capacity: 256) { levelBuffer in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 16) { scaleBuffer in
                let levels = levelBuffer.baseAddress!, subScales = scaleBuffer.baseAddress!
                var largest: Float = 0, largestSigned: Float = 0
                for s in 0 ..< 16 {
                    subScales[s] = SymmetricScaleSearch.bestOfNineteen(
                        values + 16 * s, count: 16, maxLevel: 32, levels: levels + 16 * s)
                    if abs(subScales[s]) > largest {
                        largest = abs(subScales[s])
                        largestSigned = subScales[s]
                    }
                }
                guard largest >= SymmetricScaleSearch.negligible else {
                    block.initializeMemory(as: UInt8.self, repeating: 0, count: type.bytesPerBlock)
                    return
                }
                let inverse = -128 / largestSigned
                let d = storeHalf(1 / inverse, block, at: dOffset)
                let scales = (block + scalesOffset).assumingMemoryBound(to: Int8.self)
                for s in 0 ..< 16 {
                    scales[s] = Int8(truncatingIfNeeded: min(127, ggmlNearestInt(inverse * subScales[s])))
                }
                for s in 0 ..< 16 {
                    let scale = d * Float(scales[s])
                    if scale == 0 { continue }
                    for l in 0 ..< 16 {
                        let level = max(-32, min(31, ggmlNearestInt(values[16 * s + l] / scale)))
                        levels[16 * s + l] = Int8(level + 32)
                    }
                }
                for half in 0 ..< 2 {
                    let low = (block + lowOffset + 64 * half).assumingMemoryBound(to: UInt8.self)
                    let high = (block + highOffset + 32 * half).assumingMemoryBound(to: UInt8.self)
                    let source = UnsafeRawPointer(levels + 128 * half).assumingMemoryBound(to: UInt8.self)
                    for l in 0 ..< 32 {
                        let q1 = source[l], q2 = source[l + 32], q3 = source[l + 64], q4 = source[l + 96]
                        low[l] = (q1 & 0x0F) | (q3 & 0x0F) << 4
                        low[l + 32] = (q2 & 0x0F) | (q4 & 0x0F) << 4
                        high[l] = (q1 >> 4) | (q2 >> 4) << 2 | (q3 >> 4) << 4 | (q4 >> 4) << 6
                    }
                }
            }
        }
    }
}
