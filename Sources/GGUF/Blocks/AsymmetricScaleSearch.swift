/// ggml's `make_qkx2_quants`: the scale and minimum of one sub-block of an asymmetric K-quant
/// (Q2_K, Q4_K, Q5_K), with its levels.
///
/// Levels run 0...maxLevel and stand for `scale * level - min`. The search starts from the
/// sub-block's range (the minimum never above 0), then tries `steps + 1` scales
/// `(firstStep + stepSize * k + maxLevel) / range`; for each it rounds every value to a level
/// and solves the weighted least-squares scale and minimum for those levels, keeping the pair
/// with the smallest weighted error (squared, or absolute with `absoluteError`).
///
/// Every float operation is ggml's, in ggml's order, so the levels, scales and minimums, and
/// with them the block's bytes, are llama.cpp's.
struct AsymmetricScaleSearch {
    let maxLevel: Int32
    /// ggml's `rmin`, `rdelta` and `nstep`.
    let firstStep: Float, stepSize: Float, steps: Int
    /// ggml's `use_mad`: absolute rather than squared error.
    let absoluteError: Bool

    /// Q2_K's search: 2-bit levels, weights |x|, absolute error.
    static let q2_K = AsymmetricScaleSearch(maxLevel: 3, firstStep: -0.5, stepSize: 0.1, steps: 15, absoluteError: true)
    /// Q4_K's search: 4-bit levels, squared error.
    static let q4_K = AsymmetricScaleSearch(maxLevel: 15, firstStep: -1, stepSize: 0.1, steps: 20, absoluteError: false)
    /// Q5_K's search: 5-bit levels, squared error.
    static let q5_K = AsymmetricScaleSearch(maxLevel: 31, firstStep: -0.5, stepSize: 0.1, steps: 15, absoluteError: false)

    /// Fits the `count` values at `x`, each weighted by `weights`; writes their levels to
    /// `levels` and returns the scale and the minimum, negated as ggml returns it (`the_min`,
    /// 0 or more for finite input).
    func fit(
        _ x: UnsafePointer<Float>, weights: UnsafePointer<Float>, count: Int, levels: UnsafeMutablePointer<UInt8>
    ) -> (scale: Float, negatedMin: Float) {
        var low = x[0], high = x[0]
        var sumW = weights[0]
        var sumX = sumW * x[0]
        for i in 1 ..< count {
            if x[i] < low { low = x[i] }
            if x[i] > high { high = x[i] }
            sumW += weights[i]
            sumX += weights[i] * x[i]
        }
        if low > 0 { low = 0 }
        if high == low {
            levels.initialize(repeating: 0, count: count)
            return (0, -low)
        }
        let top = Float(maxLevel)
        var inverse = top / (high - low)
        var scale = 1 / inverse
        var bestError: Float = 0
        for i in 0 ..< count {
            levels[i] = level(inverse * (x[i] - low))
            bestError += weights[i] * error(scale * Float(levels[i]) + low - x[i])
        }
        if steps < 1 { return (scale, -low) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { trial in
            let trial = trial.baseAddress!
            for step in 0 ... steps {
                inverse = (firstStep + stepSize * Float(step) + top) / (high - low)
                var sumL: Float = 0, sumL2: Float = 0, sumXL: Float = 0
                for i in 0 ..< count {
                    trial[i] = level(inverse * (x[i] - low))
                    let l = Float(trial[i]), w = weights[i]
                    sumL += w * l
                    sumL2 += w * l * l
                    sumXL += w * l * x[i]
                }
                let determinant = sumW * sumL2 - sumL * sumL
                guard determinant > 0 else { continue }
                var trialScale = (sumW * sumXL - sumX * sumL) / determinant
                var trialMin = (sumL2 * sumX - sumL * sumXL) / determinant
                if trialMin > 0 {
                    trialMin = 0
                    trialScale = sumXL / sumL2
                }
                var trialError: Float = 0
                for i in 0 ..< count {
                    trialError += weights[i] * error(trialScale * Float(trial[i]) + trialMin - x[i])
                }
                if trialError < bestError {
                    levels.update(from: trial, count: count)
                    bestError = trialError
                    scale = trialScale
                    low = trialMin
                }
            }
            return (scale, -low)
        }
    }

    @inline(__always)
    private func level(_ scaled: Float) -> UInt8 {
        UInt8(truncatingIfNeeded: max(0, min(maxLevel, ggmlNearestInt(scaled))))
    }

    @inline(__always)
    private func error(_ difference: Float) -> Float {
        absoluteError ? abs(difference) : difference * difference
    }
}
