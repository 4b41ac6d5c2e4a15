/// `Q3_K`: super-blocks of 256 values in 16 sub-blocks of 16; each value a signed 3-bit level
/// (-4...3) times its sub-block's signed 6-bit scale times one half-precision factor.
///
/// ```
/// offset  size  field
///      0    32  hmask[32]   third bits: bit b of hmask[l] for value 32b + l; a set bit
///                           means level = low bits, a clear one level = low bits - 4
///     32    64  qs[64]      low 2 bits, packed as in Q2_K: for half h, byte l < 32 and
///                           shift 2k, (qs[32h + l] >> 2k) & 3 is value 128h + 32k + l
///     96    12  scales      16 scales of 6 bits, stored + 32: for sub-block s,
///                           bits 0-3 in scales[s] (s < 8) or scales[s - 8] >> 4,
///                           bits 4-5 in (scales[8 + s % 4] >> 2·(s / 4)) & 3
///    108     2  d           f16 factor: value = d · (scale - 32) · level
/// ```
/// 110 bytes per 256 values (3.4375 bits per weight).
public enum BlockQ3_K: GGMLBlockCodec {
    public static let type = GGMLType.q3_K
    static let highBitsOffset = 0, quantsOffset = 32, scalesOffset = 96, dOffset = 108

    /// Sub-block `s`'s scale, -32...31.
    @inline(__always)
    static func subBlockScale(_ s: Int, _ packed: UnsafePointer<UInt8>) -> Int8 {
        let low = s < 8 ? packed[s] & 0x0F : packed[s - 8] >> 4
        let high = (packed[8 + s % 4] >> UInt8(2 * (s / 4))) & 3
        return Int8(bitPattern: low | high << 4) - 32
    }

    public static func dequantize(block: UnsafeRawPointer, into values: UnsafeMutablePointer<Float>) {
        let d = loadHalf(block, at: dOffset)
        let packedScales = (block + scalesOffset).assumingMemoryBound(to: UInt8.self)
        let highBits = (block + highBitsOffset).assumingMemoryBound(to: UInt8.self)
        for half in 0 ..< 2 {
            let quants = (block + quantsOffset + 32 * half).assumingMemoryBound(to: UInt8.self)
            for k in 0 ..< 4 {
                let shift = UInt8(2 * k), mask = UInt8(1) << (4 * half + k)
                for part in 0 ..< 2 {
                    let scale = d * Float(subBlockScale(8 * half + 2 * k + part, packedScales))
                    let out = values + 128 * half + 32 * k + 16 * part
                    for l in 0 ..< 16 {
                        let low = Int32((quants[16 * part + l] >> shift) & 3)
                        let level = low - (highBits[16 * part + l] & mask != 0 ? 0 : 4)
                        out[l] = scale * Float(level)
                    }
                }
            }
        }
    }

    /// ggml's reference quantizer (`quantize_row_q3_K_ref`): each sub-block's scale by
    /// ``SymmetricScaleSearch/refinedFit(_:count:maxLevel:levels:)``; the scale of largest
    /// magnitude, sign kept, maps to -32 and the others round to 6-bit levels against it; the
    /// values then re-rounded against the stored scales.
    public static func quantize(values: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        withUnsafeTemporaryAllocation(of: Int8.self, capacity: 256) { levelBuffer in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 16) { scaleBuffer in
                let levels = levelBuffer.baseAddress!, subScales = scaleBuffer.baseAddress!
                var largest: Float = 0, largestSigned: Float = 0
                for s in 0 ..< 16 {
                    subScales[s] = SymmetricScaleSearch.refinedFit(
                        values + 16 * s, count: 16, maxLevel: 4, levels: levels + 16 * s)
                    if abs(subScales[s]) > largest {
                        largest = abs(subScales[s])
                        largestSigned = subScales[s]
                    }
                }
                let packed = (block + scalesOffset).assumingMemoryBound(to: UInt8.self)
                packed.initialize(repeating: 0, count: 12)
                var d: Float = 0
                if largestSigned != 0 {
                    let inverse = -32 / largestSigned
                    for s in 0 ..< 16 {
                        let rounded = Int32(Int8(truncatingIfNeeded: ggmlNearestInt(inverse * subScales[s])))
                        let level = UInt8(max(-32, min(31, rounded)) + 32)
                        if s < 8 { packed[s] = level & 0x0F } else { packed[s - 8] |= (level & 0x0F) << 4 }
                        packed[8 + s % 4] |= (level >> 4) << UInt8(2 * (s / 4))
                    }
                    d = storeHalf(1 / inverse, block, at: dOffset)
                } else {
                    storeHalf(0, block, at: dOffset)
                }
                for s in 0 ..< 16 {
                    let scale = d * Float(subBlockScale(s, packed))
                    if scale == 0 { continue }
                    for l in 0 ..< 16 {
                        let level = max(-4, min(3, ggmlNearestInt(values[16 * s + l] / scale)))
                        levels[16 * s + l] = Int8(level + 4)
                    }
                }
                let highBits = (block + highBitsOffset).assumingMemoryBound(to: UInt8.self)
                highBits.initialize(repeating: 0, count: 32)
                for j in 0 ..< 256 where levels[j] > 3 {
                    highBits[j % 32] |= UInt8(1) << (j / 32)
                    levels[j] -= 4
                }
                packTwoBitLevels(
                    UnsafeRawPointer(levels).assumingMemoryBound(to: UInt8.self),
                    into: (block + quantsOffset).assumingMemoryBound(to: UInt8.self))
            }
        }
    }
}
