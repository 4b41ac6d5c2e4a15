/// What a reader found besides the questions: how many per task, records it skipped, and
/// warnings (odd records a lenient read rendered or skipped, a test set of another size than
/// the paper's).
public struct ReadSummary: Sendable, Equatable {
    /// Questions read, per task.
    public var questionCounts: [BenchmarkTask: Int] = [:]
    /// Records of corpora that are not one of the 10 tasks, per corpus name (skipped).
    public var skippedCorpora: [String: Int] = [:]
    /// Records of a task left out as odd (see `OddRecordKind.skipsRecord`), per task.
    public var skippedRecords: [BenchmarkTask: Int] = [:]
    /// One warning per task, kind of odd record and field, with the count of records.
    public var oddRecords: [OddRecordWarning] = []
    /// Test sets whose size is not the paper's.
    public var testSizeWarnings: [String] = []

    public init() {}

    /// Every warning's text, odd records first: what commands print and log.
    public var warnings: [String] { oddRecords.map(\.description) + testSizeWarnings }

    /// Adds a warning for each task in `tasks` whose count differs from the paper's test size.
    /// Demo data is small on purpose, so callers skip this for it.
    mutating func checkTestSizes(of tasks: [BenchmarkTask], language: BenchmarkLanguage, file: String) {
        for task in tasks.sorted() {
            let count = questionCounts[task] ?? 0
            if count != task.expectedTestSize {
                testSizeWarnings.append(
                    "\(file): \(task.corpusName) has \(count) test questions in \(language.rawValue); "
                        + "the paper's test set has \(task.expectedTestSize)")
            }
        }
    }
}
