/// One cell's records made ready for the bootstrap: its distinct questions, and the cell's
/// score (the metric's mean over its few-shot sets) on any resample of them, given as indices
/// into `questionCount`.
///
/// ```swift
/// let cell = CellResample(bySet: recordsBySet, metric: .accuracy)
/// cell.score([0, 0, 2])   // the cell's accuracy with question 0 drawn twice and question 2 once
/// ```
struct CellResample {
    let questionCount: Int
    private let statistic: ([Int]) -> Double?

    init(bySet: [FewShotSet: [QuestionRecord]], metric: CellMetric) {
        let questionIDs = Array(Set(bySet.values.joined().map(\.questionID))).sorted()
        questionCount = questionIDs.count
        if let first = bySet.values.first?.first, metric.questionValue(first) != nil {
            // A mean of per-question values (accuracy, Brier): each question's mean over its
            // sets, resampled as one number, so a resample is a sum and not a metric per set.
            var perQuestion: [String: [Double]] = [:]
            for record in bySet.values.joined() { perQuestion[record.questionID, default: []].append(metric.questionValue(record)!) }
            let values = questionIDs.map { SetStatistics.mean(perQuestion[$0]!)! }
            statistic = { indices in indices.reduce(0) { $0 + values[$1] } / Double(indices.count) }
            return
        }
        // ECE exists only over a set of questions: the metric of each set's drawn records.
        let sets = bySet.keys.sorted()
        let bySetAndQuestion = bySet.mapValues { records in Dictionary(uniqueKeysWithValues: records.map { ($0.questionID, $0) }) }
        statistic = { indices in
            let values = sets.compactMap { set -> Double? in
                let chosen = indices.compactMap { bySetAndQuestion[set]![questionIDs[$0]] }
                return metric.value(of: chosen)
            }
            return SetStatistics.mean(values)
        }
    }

    /// The cell's score on the questions at `indices` (repeats allowed); nil when undefined.
    func score(_ indices: [Int]) -> Double? { statistic(indices) }
}
