/// The 12-byte field of Q4_K and Q5_K blocks that packs eight 6-bit sub-block scales and
/// eight 6-bit sub-block minimums (ggml's `get_scale_min_k4`):
///
/// ```
/// byte 0..3   scale[0..3]  in bits 0-5, bits 4-5 of scale[4..7] in bits 6-7
/// byte 4..7   min[0..3]    in bits 0-5, bits 4-5 of min[4..7]   in bits 6-7
/// byte 8..11  bits 0-3 of scale[4..7] in bits 0-3, bits 0-3 of min[4..7] in bits 4-7
/// ```
public enum KQuantScales {
    static let byteCount = 12

    /// Sub-block `j`'s scale and minimum, each 0...63.
    @inline(__always)
    public static func scaleAndMin(_ j: Int, _ packed: UnsafePointer<UInt8>) -> (scale: UInt8, min: UInt8) {
        if j < 4 {
            return (packed[j] & 63, packed[j + 4] & 63)
        }
        return (
            (packed[j + 4] & 0x0F) | ((packed[j - 4] >> 6) << 4),
            (packed[j + 4] >> 4) | ((packed[j] >> 6) << 4)
        )
    }

    /// The effective scales and minimums of the two sub-blocks of 64-value chunk `chunk`
    /// (sub-blocks 2·chunk and 2·chunk+1) of a Q4_K or Q5_K block, whose header is
    /// `d` (f16), `dmin` (f16), then the packed scales.
    @inline(__always)
    static func chunkFactors(
        _ block: UnsafeRawPointer, chunk: Int
    ) -> (scaleLow: Float, minLow: Float, scaleHigh: Float, minHigh: Float) {
        let d = loadHalf(block, at: BlockQ4_K.dOffset)
        let dmin = loadHalf(block, at: BlockQ4_K.dminOffset)
        let packed = (block + BlockQ4_K.scalesOffset).assumingMemoryBound(to: UInt8.self)
        let (scaleLow, minLow) = scaleAndMin(2 * chunk, packed)
        let (scaleHigh, minHigh) = scaleAndMin(2 * chunk + 1, packed)
        return (d * Float(scaleLow), dmin * Float(minLow), d * Float(scaleHigh), dmin * Float(minHigh))
    }

    /// Packs eight scales and eight minimums, each 0...63.
    static func pack(scales: [UInt8], mins: [UInt8], into packed: UnsafeMutablePointer<UInt8>) {
        for j in 0 ..< 4 {
            packed[j] = (scales[j] & 63) | ((scales[j + 4] >> 4) << 6)
            packed[j + 4] = (mins[j] & 63) | ((mins[j + 4] >> 4) << 6)
            packed[j + 8] = (scales[j + 4] & 0x0F) | ((mins[j + 4] & 0x0F) << 4)
        }
    }
}

/// How ggml's reference quantizers for Q4_K and Q5_K (`quantize_row_q4_K_ref`, `_q5_K_ref`)
/// choose a super-block's scales, minimums and levels; both formats share the header layout
/// (d, dmin, scales at bytes 0, 2, 4).
///
/// Each sub-block of 32 is fitted by an ``AsymmetricScaleSearch`` with weights `rms + |x|`;
/// the scales and minimums become 6-bit multiples of `max / 63`, and every value is then
/// re-rounded against its sub-block's stored scale and minimum. ggml's arithmetic in ggml's
/// order, so the bytes are llama.cpp's.
enum AsymmetricSuperBlock {
    /// Writes `d`, `dmin` and the packed scales of the super-block at `values` into `block`,
    /// and the 256 levels (0...search.maxLevel) into `levels`.
    static func quantize(
        _ values: UnsafePointer<Float>, search: AsymmetricScaleSearch,
        block: UnsafeMutableRawPointer, levels: UnsafeMutablePointer<UInt8>
    ) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 32 + 8 + 8) { floats in
            let weights = floats.baseAddress!, subScales = weights + 32, subMins = weights + 40
            var largestScale: Float = 0, largestMin: Float = 0
            for s in 0 ..< 8 {
                let x = values + 32 * s
                var sumOfSquares: Float = 0
                for l in 0 ..< 32 { sumOfSquares += x[l] * x[l] }
                let rms = (sumOfSquares / 32).squareRoot()
                for l in 0 ..< 32 { weights[l] = rms + abs(x[l]) }
                (subScales[s], subMins[s]) = search.fit(x, weights: weights, count: 32, levels: levels + 32 * s)
                if subScales[s] > largestScale { largestScale = subScales[s] }
                if subMins[s] > largestMin { largestMin = subMins[s] }
            }
            let inverseScale: Float = largestScale > 0 ? 63 / largestScale : 0
            let inverseMin: Float = largestMin > 0 ? 63 / largestMin : 0
            var scaleLevels = [UInt8](repeating: 0, count: 8), minLevels = [UInt8](repeating: 0, count: 8)
            for s in 0 ..< 8 {
                scaleLevels[s] = min(63, UInt8(truncatingIfNeeded: ggmlNearestInt(inverseScale * subScales[s])))
                minLevels[s] = min(63, UInt8(truncatingIfNeeded: ggmlNearestInt(inverseMin * subMins[s])))
            }
            let packed = (block + BlockQ4_K.scalesOffset).assumingMemoryBound(to: UInt8.self)
            KQuantScales.pack(scales: scaleLevels, mins: minLevels, into: packed)
            let d = storeHalf(largestScale / 63, block, at: BlockQ4_K.dOffset)
            let dmin = storeHalf(largestMin / 63, block, at: BlockQ4_K.dminOffset)
            let top = search.maxLevel
            for s in 0 ..< 8 {
                let (scaleLevel, minLevel) = KQuantScales.scaleAndMin(s, packed)
                let scale = d * Float(scaleLevel)
                if scale == 0 { continue }
                let minimum = dmin * Float(minLevel)
                for l in 0 ..< 32 {
                    let level = ggmlNearestInt((values[32 * s + l] + minimum) / scale)
                    levels[32 * s + l] = UInt8(truncatingIfNeeded: max(0, min(top, level)))
                }
            }
        }
    }
}
