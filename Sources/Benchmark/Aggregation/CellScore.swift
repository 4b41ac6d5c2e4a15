/// One report cell's score: the metric for each few-shot set, and their mean and population
/// standard deviation ("57.3 ± 0.8" in the paper's tables). The sets are of one setting: the
/// paper's few-shot sets, or zero-shot alone (then the mean is the one value, and std 0).
public struct CellScore: Sendable, Equatable {
    /// The metric per few-shot set present.
    public var perSet: [FewShotSet: Double]
    /// Distinct questions over the sets (for an average: summed over its cells).
    public var questionCount: Int
    /// A bootstrap interval of the mean over sets, when asked for.
    public var interval: BootstrapInterval?

    public init(perSet: [FewShotSet: Double], questionCount: Int, interval: BootstrapInterval? = nil) {
        precondition(!perSet.isEmpty, "a cell score needs at least one set")
        self.perSet = perSet
        self.questionCount = questionCount
        self.interval = interval
    }

    public var sets: [FewShotSet] { perSet.keys.sorted() }

    public var mean: Double { SetStatistics.mean(sets.map { perSet[$0]! })! }

    public var standardDeviation: Double { SetStatistics.populationStandardDeviation(sets.map { perSet[$0]! })! }

    /// "mean ± std" with `metric`'s decimals; a zero-shot score, which has one value, without
    /// "± std".
    public func formatted(_ metric: CellMetric) -> String {
        if sets == [.zeroShot] { return metric.format(mean) }
        return "\(metric.format(mean)) ± \(metric.format(standardDeviation))"
    }

    /// The average of `scores` set by set, over the sets they all have (nil when there is no
    /// score, or no set common to all): each set's value is the mean of the scores' values for
    /// it, and mean ± std are then taken over those set averages.
    public static func average(of scores: [CellScore]) -> CellScore? {
        guard let first = scores.first else { return nil }
        var common = Set(first.perSet.keys)
        for score in scores.dropFirst() { common.formIntersection(score.perSet.keys) }
        guard !common.isEmpty else { return nil }
        var perSet: [FewShotSet: Double] = [:]
        for set in common {
            perSet[set] = SetStatistics.mean(scores.map { $0.perSet[set]! })!
        }
        return CellScore(perSet: perSet, questionCount: scores.reduce(0) { $0 + $1.questionCount })
    }
}
