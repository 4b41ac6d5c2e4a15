/// The bootstrap of an average over cells: each cell's questions are resampled on their own
/// (a stratified bootstrap), so every resample keeps each task's size and the average keeps
/// its weights, one per task, as the report's averages do.
///
/// ```swift
/// // counts: questions per task; statistic: the mean of the tasks' scores on the drawn indices
/// let interval = Bootstrap.stratifiedInterval(counts: [3, 5], resamples: 1000, seed: 7) { draws in … }
/// ```
extension Bootstrap {
    /// The interval of `statistic` over resamples that draw, for each stratum, `counts[i]`
    /// indices into `0 ..< counts[i]` with replacement. Nil when a stratum is empty, there are
    /// no resamples, or the statistic is undefined on some resample.
    public static func stratifiedInterval(
        counts: [Int], resamples: Int, seed: UInt64, level: Double = 0.95, statistic: ([[Int]]) -> Double?
    ) -> BootstrapInterval? {
        guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 }), resamples > 0, level > 0, level < 1 else { return nil }
        var generator = SplitMix64(seed: seed)
        var draws = counts.map { [Int](repeating: 0, count: $0) }
        var values: [Double] = []
        values.reserveCapacity(resamples)
        for _ in 0 ..< resamples {
            for stratum in draws.indices {
                let count = counts[stratum]
                for position in 0 ..< count { draws[stratum][position] = generator.next(below: count) }
            }
            guard let value = statistic(draws) else { return nil }
            values.append(value)
        }
        values.sort()
        let tail = (1 - level) / 2
        return BootstrapInterval(
            lower: quantile(values, tail), upper: quantile(values, 1 - tail), level: level, resamples: resamples, seed: seed)
    }
}
