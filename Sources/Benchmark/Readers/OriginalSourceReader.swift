/// Reads one task's English test questions from an original source (MMLU CSV, MedQA JSON
/// Lines, PubMedQA JSON, MedMCQA JSON Lines) and gives each question few-shot sets drawn with
/// `sampler` from a pool file of the same format (the train or dev split).
///
/// ```swift
/// let reader = try OriginalSourceReader(
///     format: .mmluCSV, task: .anatomy,
///     test: .path("mmlu/test/anatomy_test.csv"), fewShotPool: .path("mmlu/dev/anatomy_dev.csv"),
///     sampler: FewShotSampler(seed: 42))
/// let questions = try reader.questions()
/// questions[0].fewShotDraws[0].exampleIdentifiers   // the dev examples of set 1
/// ```
public struct OriginalSourceReader: Sendable {
    public let format: SourceFormat
    public let task: BenchmarkTask
    public let test: DataFile
    public let fewShotPool: DataFile
    public let sampler: FewShotSampler
    /// Whether to warn about a test set whose size is not the paper's.
    public var checksTestSizes: Bool
    /// Lenient: a repeated identifier skips the record (the first is kept), with a warning;
    /// strict: it is an error. Other problems of these formats are errors either way.
    public var mode: ReadMode

    /// Fails when `format` is the BioInstructQA layout or cannot hold `task`.
    public init(
        format: SourceFormat, task: BenchmarkTask, test: DataFile, fewShotPool: DataFile,
        sampler: FewShotSampler, checksTestSizes: Bool = true, mode: ReadMode = .lenient
    ) throws {
        guard format.needsFewShotPool, format.tasks.contains(task) else {
            throw BenchmarkDataError.invalidValue(
                file: test.name, location: RecordLocation(), field: "format", value: format.rawValue,
                reason: "cannot hold \(task.corpusName) (it holds \(format.tasks.map(\.corpusName).joined(separator: ", ")))")
        }
        self.format = format
        self.task = task
        self.test = test
        self.fewShotPool = fewShotPool
        self.sampler = sampler
        self.checksTestSizes = checksTestSizes
        self.mode = mode
    }

    /// The test questions, in file order, each with its few-shot sets and their draws.
    public func questions() throws -> [BenchmarkQuestion] {
        var questions: [BenchmarkQuestion] = []
        _ = try read { questions.append($0) }
        return questions
    }

    /// Streams the test questions to `body`. The pool is read first (it is small: MMLU's dev
    /// split has 5 examples per subject) and checked for repeated identifiers too.
    @discardableResult
    public func read(_ body: (BenchmarkQuestion) throws -> Void) throws -> ReadSummary {
        var summary = ReadSummary()
        var log = OddRecordLog(mode: mode)
        var skipped = 0
        let pool = try items(of: fewShotPool, role: .fewShotPool, log: &log, skipped: &skipped) { _ in }
        skipped = 0
        _ = try items(of: test, role: .test, log: &log, skipped: &skipped) { item in
            let (sets, draws) = try sampler.draw(
                task: task, questionID: item.identifier ?? "", pool: pool, file: fewShotPool.name)
            let question = BenchmarkQuestion(
                identifier: item.identifier ?? "", task: task, language: .en, context: item.context,
                question: item.question, options: item.options, goldLetter: item.correctLetter,
                fewShotSets: sets, fewShotDraws: draws)
            summary.questionCounts[task, default: 0] += 1
            try body(question)
        }
        if skipped > 0 { summary.skippedRecords[task] = skipped }
        summary.oddRecords = log.warnings
        if checksTestSizes {
            summary.checkTestSizes(of: [task], language: .en, file: test.name)
        }
        return summary
    }

    /// The items of `file`, each identifier's first only (`skipped` counts the others); each is
    /// also passed to `each`.
    private func items(
        of file: DataFile, role: SourceRole, log: inout OddRecordLog, skipped: inout Int,
        _ each: (SolvedExample) throws -> Void
    ) throws -> [SolvedExample] {
        var items: [SolvedExample] = []
        var firstRecord: [String: Int] = [:]
        try format.forEachItem(in: file, task: task, role: role) { location, item in
            let identifier = item.identifier ?? ""
            if let first = firstRecord[identifier] {
                try log.note(.duplicateIdentifier, task: task, .duplicateIdentifier(
                    file: file.name, location: location, identifier: identifier, firstRecord: first))
                skipped += 1
                return
            }
            firstRecord[identifier] = location.record ?? 0
            if role == .fewShotPool { items.append(item) }
            try each(item)
        }
        return items
    }
}
