/// ggml's scale searches for the symmetric K-quants, whose sub-blocks have one signed scale and
/// levels `-maxLevel ..< maxLevel`: `make_q3_quants` (Q3_K) and `make_qx_quants` (Q6_K).
///
/// Both start where the value of largest magnitude, sign kept, maps to `-maxLevel`, and weight
/// each value by its square. Levels are written offset by `maxLevel` (0 ..< 2·maxLevel), or all
/// 0 for a sub-block whose largest magnitude is below ggml's `GROUP_MAX_EPS`. Every float
/// operation is ggml's, in ggml's order, so the results are llama.cpp's bit for bit.
enum SymmetricScaleSearch {
    /// ggml's `GROUP_MAX_EPS`: a sub-block smaller than this is all zeros.
    static let negligible: Float = 1e-15

    /// `make_q3_quants(n, nmax, x, L, do_rmse = true)`: after the first rounding, up to five
    /// passes move single values to the level that most improves the weighted least-squares
    /// fit. Returns the least-squares scale of the levels found.
    static func refinedFit(
        _ x: UnsafePointer<Float>, count: Int, maxLevel: Int32, levels: UnsafeMutablePointer<Int8>
    ) -> Float {
        guard let signedMax = largest(x, count: count) else {
            levels.initialize(repeating: 0, count: count)
            return 0
        }
        let inverse = Float(-maxLevel) / signedMax
        var sumLX: Float = 0, sumL2: Float = 0
        for i in 0 ..< count {
            let l = clamped(ggmlNearestInt(inverse * x[i]), maxLevel)
            levels[i] = Int8(truncatingIfNeeded: l)
            let w = x[i] * x[i]
            sumLX += w * x[i] * Float(l)
            sumL2 += w * Float(l) * Float(l)
        }
        for _ in 0 ..< 5 {
            var changed = 0
            for i in 0 ..< count {
                let w = x[i] * x[i]
                let current = Float(levels[i])
                var trialLX = sumLX - w * x[i] * current
                guard trialLX > 0 else { continue }
                var trialL2 = sumL2 - w * current * current
                let moved = clamped(ggmlNearestInt(x[i] * trialL2 / trialLX), maxLevel)
                guard moved != Int32(levels[i]) else { continue }
                trialLX += w * x[i] * Float(moved)
                trialL2 += w * Float(moved) * Float(moved)
                if trialL2 > 0 && trialLX * trialLX * sumL2 > sumLX * sumLX * trialL2 {
                    levels[i] = Int8(truncatingIfNeeded: moved)
                    sumLX = trialLX
                    sumL2 = trialL2
                    changed += 1
                }
            }
            if changed == 0 { break }
        }
        for i in 0 ..< count {
            levels[i] &+= Int8(truncatingIfNeeded: maxLevel)
        }
        return sumL2 > 0 ? sumLX / sumL2 : 0
    }

    /// `make_qx_quants(n, nmax, x, L, rmse_type = 1, NULL)`: the first rounding and 18 more
    /// scales, `-(maxLevel + 0.1·k) / max` for k = ±1...±9; keeps the levels of the one whose
    /// least-squares fit explains the most. Returns that fit's scale.
    static func bestOfNineteen(
        _ x: UnsafePointer<Float>, count: Int, maxLevel: Int32, levels: UnsafeMutablePointer<Int8>
    ) -> Float {
        guard let signedMax = largest(x, count: count) else {
            levels.initialize(repeating: 0, count: count)
            return 0
        }
        func sums(_ inverse: Float) -> (lx: Float, l2: Float) {
            var sumLX: Float = 0, sumL2: Float = 0
            for i in 0 ..< count {
                let l = Float(clamped(ggmlNearestInt(inverse * x[i]), maxLevel))
                let w = x[i] * x[i]
                sumLX += w * x[i] * l
                sumL2 += w * l * l
            }
            return (sumLX, sumL2)
        }
        func keepLevels(_ inverse: Float) {
            for i in 0 ..< count {
                levels[i] = Int8(truncatingIfNeeded: maxLevel + clamped(ggmlNearestInt(inverse * x[i]), maxLevel))
            }
        }
        let first = Float(-maxLevel) / signedMax
        keepLevels(first)
        let (sumLX, sumL2) = sums(first)
        var scale = sumL2 != 0 ? sumLX / sumL2 : 0
        var best = scale * sumLX
        for k in -9 ... 9 where k != 0 {
            let inverse = -(Float(maxLevel) + 0.1 * Float(k)) / signedMax
            let (trialLX, trialL2) = sums(inverse)
            if trialL2 > 0 && trialLX * trialLX > best * trialL2 {
                keepLevels(inverse)
                scale = trialLX / trialL2
                best = scale * trialLX
            }
        }
        return scale
    }

    /// The value of largest magnitude with its sign, or nil when every magnitude is below
    /// ``negligible`` (NaNs never count).
    private static func largest(_ x: UnsafePointer<Float>, count: Int) -> Float? {
        var magnitude: Float = 0, signed: Float = 0
        for i in 0 ..< count where abs(x[i]) > magnitude {
            magnitude = abs(x[i])
            signed = x[i]
        }
        return magnitude < negligible ? nil : signed
    }

    @inline(__always)
    private static func clamped(_ level: Int32, _ maxLevel: Int32) -> Int32 {
        max(-maxLevel, min(maxLevel - 1, level))
    }
}
