/// `Q2_K`: super-blocks of 256 values in 16 sub-blocks of 16; each value a 2-bit level times
/// the sub-block's scale minus the sub-block's minimum, scales and minimums 4-bit multiples of
/// two half-precision factors.
///
/// ```
/// offset  size  field
///      0    16  scales[16]  sub-block s: scale level in bits 0-3, minimum level in bits 4-7
///     16    64  qs[64]      2-bit levels; for half h (128 values), byte l < 32 and shift
///                           2k, level (qs[32h + l] >> 2k) & 3 is value 128h + 32k + l
///                           (sub-block 8h + 2k + l / 16)
///     80     2  d           f16 factor of the scales
///     82     2  dmin        f16 factor of the minimums
/// ```
/// value = d·(scales[s] & 0xF)·level - dmin·(scales[s] >> 4).
/// 84 bytes per 256 values (2.625 bits per weight).
public enum BlockQ2_K: GGMLBlockCodec {
    public static let type = GGMLType.q2_K
    static let scalesOffset = 0, quantsOffset = 16, dOffset = 80, dminOffset = 82

    public static func dequantize(block: UnsafeRawPointer, into values: UnsafeMutablePointer<Float>) {
        let d = loadHalf(block, at: dOffset)
        let dmin = loadHalf(block, at: dminOffset)
        let scales = (block + scalesOffset).assumingMemoryBound(to: UInt8.self)
        for half in 0 ..< 2 {
            let quants = (block + quantsOffset + 32 * half).assumingMemoryBound(to: UInt8.self)
            for k in 0 ..< 4 {
                let shift = UInt8(2 * k)
                for part in 0 ..< 2 {
                    let packed = scales[8 * half + 2 * k + part]
                    let scale = d * Float(packed & 0x0F), minimum = dmin * Float(packed >> 4)
                    let out = values + 128 * half + 32 * k + 16 * part
                    for l in 0 ..< 16 {
                        out[l] = scale * Float((quants[16 * part + l] >> shift) & 3) - minimum
                    }
                }
            }
        }
    }

    /// ggml's reference quantizer (`quantize_row_q2_K_ref`): each sub-block's scale and
    /// minimum by ``AsymmetricScaleSearch/q2_K`` (weights |x|), both stored as 4-bit multiples of
    /// `max / 15`; the values then re-rounded against the stored scale and minimum.
    public static func quantize(values: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { levelBuffer in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 16 + 16 + 16) { floats in
                let levels = levelBuffer.baseAddress!
                let weights = floats.baseAddress!, subScales = weights + 16, subMins = weights + 32
                var largestScale: Float = 0, largestMin: Float = 0
                for s in 0 ..< 16 {
                    let x = values + 16 * s
                    for l in 0 ..< 16 { weights[l] = abs(x[l]) }
                    (subScales[s], subMins[s]) = AsymmetricScaleSearch.q2_K.fit(
                        x, weights: weights, count: 16, levels: levels + 16 * s)
                    if subScales[s] > largestScale { largestScale = subScales[s] }
                    if subMins[s] > largestMin { largestMin = subMins[s] }
                }
                let scales = (block + scalesOffset).assumingMemoryBound(to: UInt8.self)
                scales.initialize(repeating: 0, count: 16)
                if largestScale > 0 {
                    let inverse = 15 / largestScale
                    for s in 0 ..< 16 { scales[s] = UInt8(truncatingIfNeeded: ggmlNearestInt(inverse * subScales[s])) }
                }
                let d = storeHalf(largestScale > 0 ? largestScale / 15 : 0, block, at: dOffset)
                if largestMin > 0 {
                    let inverse = 15 / largestMin
                    for s in 0 ..< 16 { scales[s] |= UInt8(truncatingIfNeeded: ggmlNearestInt(inverse * subMins[s]) << 4) }
                }
                let dmin = storeHalf(largestMin > 0 ? largestMin / 15 : 0, block, at: dminOffset)
                for s in 0 ..< 16 {
                    let scale = d * Float(scales[s] & 0x0F)
                    if scale == 0 { continue }
                    let minimum = dmin * Float(scales[s] >> 4)
                    for l in 0 ..< 16 {
                        let level = ggmlNearestInt((values[16 * s + l] + minimum) / scale)
                        levels[16 * s + l] = UInt8(truncatingIfNeeded: max(0, min(3, level)))
                    }
                }
                packTwoBitLevels(levels, into: (block + quantsOffset).assumingMemoryBound(to: UInt8.self))
            }
        }
    }
}

/// Packs 256 levels of 0...3 as Q2_K and Q3_K store their low bits: for each half h (128
/// values), byte 32h + l holds values 128h + l, +32, +64, +96 in bits 0-1, 2-3, 4-5, 6-7.
func packTwoBitLevels(_ levels: UnsafePointer<UInt8>, into quants: UnsafeMutablePointer<UInt8>) {
    for half in 0 ..< 2 {
        let source = levels + 128 * half
        for l in 0 ..< 32 {
            quants[32 * half + l] = source[l] | source[l + 32] << 2 | source[l + 64] << 4 | source[l + 96] << 6
        }
    }
}
