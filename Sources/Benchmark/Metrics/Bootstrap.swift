/// A bootstrap confidence interval and how it was drawn.
public struct BootstrapInterval: Sendable, Equatable, Codable {
    public var lower: Double
    public var upper: Double
    /// 0.95 for a 95% interval.
    public var level: Double
    public var resamples: Int
    public var seed: UInt64

    public init(lower: Double, upper: Double, level: Double, resamples: Int, seed: UInt64) {
        self.lower = lower
        self.upper = upper
        self.level = level
        self.resamples = resamples
        self.seed = seed
    }
}

/// Percentile bootstrap over questions, seeded with SplitMix64 so an interval is the same on
/// every machine for the same seed.
///
/// Each resample draws n of the n questions with replacement and computes the statistic on
/// them; the interval's ends are the (1 − level)/2 and (1 + level)/2 quantiles of the
/// resampled statistics, interpolated linearly between order statistics (numpy's default
/// `percentile` method).
///
/// ```swift
/// let interval = Bootstrap.interval(count: scores.count, resamples: 1000, seed: 7) { indices in
///     indices.reduce(0) { $0 + scores[$1] } / Double(indices.count)
/// }
/// ```
public enum Bootstrap {
    /// The interval of `statistic` over resamples of indices into `0 ..< count`. Nil when there
    /// is nothing to resample, no resamples, or the statistic is undefined on some resample.
    public static func interval(
        count: Int, resamples: Int, seed: UInt64, level: Double = 0.95, statistic: ([Int]) -> Double?
    ) -> BootstrapInterval? {
        // One stratum: the same draws, in the same order, as the stratified bootstrap's.
        stratifiedInterval(counts: [count], resamples: resamples, seed: seed, level: level) { draws in statistic(draws[0]) }
    }

    /// The interval of the mean of `values` (the fast path for scores that are a mean of
    /// per-question values: accuracy, Brier).
    public static func meanInterval(_ values: [Double], resamples: Int, seed: UInt64, level: Double = 0.95) -> BootstrapInterval? {
        interval(count: values.count, resamples: resamples, seed: seed, level: level) { indices in
            indices.reduce(0) { $0 + values[$1] } / Double(indices.count)
        }
    }

    /// The `q` quantile of sorted `values`, linear between order statistics: with h = (n − 1)q,
    /// x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋]).
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty, "no values")
        let h = Double(sorted.count - 1) * q
        let below = Int(h.rounded(.down))
        guard below + 1 < sorted.count else { return sorted[sorted.count - 1] }
        return sorted[below] + (h - Double(below)) * (sorted[below + 1] - sorted[below])
    }
}
