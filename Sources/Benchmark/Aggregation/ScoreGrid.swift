/// Scores of every model × task × language cell from per-question records of one setting
/// (few-shot: mean ± std over the sets; zero-shot: the one zero-shot prompt), and their
/// averages: the numbers behind the paper-shaped tables. A cell no record reaches is missing
/// (nil), never 0; an average over tasks exists only when every task has a score.
///
/// ```swift
/// let grid = try ScoreGrid(records: records, metric: .accuracy)
/// grid.score(model: "BioMistral-7B", task: .medQA, language: .en)?.formatted(.accuracy)  // "50.6 ± 0.9"
/// grid.average(model: "BioMistral-7B", language: .fr)     // nil if a task is missing in French
/// ```
public struct ScoreGrid: Sendable {
    public let metric: CellMetric
    public let tasks: [BenchmarkTask]
    public let languages: [BenchmarkLanguage]
    /// Models in the order they first appear in the records.
    public let models: [String]
    /// Few-shot or zero-shot: the grid holds the records of this setting only.
    public let setting: ShotSetting
    /// Few-shot sets a complete cell has (the paper: 3; zero-shot: 1).
    public let expectedSets: Int
    private let cells: [CellKey: CellScore]
    /// Bootstrap intervals of the averages (when asked for), keyed by model and language.
    private let averageIntervals: [AverageKey: BootstrapInterval]

    /// Validates every record (see `QuestionRecord.validate`) and refuses duplicates. Records of
    /// another setting, or of tasks or languages outside `tasks` and `languages`, are left out;
    /// `languages` defaults to those the records of the setting have, in the benchmark's order.
    /// `expectedSets` defaults to the paper's 3 for few-shot, 1 for zero-shot.
    public init(
        records: [QuestionRecord], metric: CellMetric, setting: ShotSetting = .fewShot,
        tasks: [BenchmarkTask] = BenchmarkTask.allCases, languages: [BenchmarkLanguage]? = nil, expectedSets: Int? = nil,
        bootstrap: BootstrapSettings? = nil
    ) throws {
        var seen = Set<RecordIdentity>()
        var models: [String] = []
        var knownModels = Set<String>()
        var grouped: [CellKey: [FewShotSet: [QuestionRecord]]] = [:]
        let taskSet = Set(tasks)
        let languageSet = languages.map(Set.init)
        for record in records {
            try record.validate()
            guard seen.insert(RecordIdentity(record)).inserted else {
                throw QuestionRecordError.duplicate(
                    model: record.model, task: record.task.corpusName, language: record.language.rawValue,
                    set: record.fewShotSet, questionID: record.questionID)
            }
            guard record.fewShotSet.setting == setting, taskSet.contains(record.task),
                languageSet?.contains(record.language) ?? true
            else { continue }
            if knownModels.insert(record.model).inserted { models.append(record.model) }
            grouped[record.cell, default: [:]][record.fewShotSet, default: []].append(record)
        }
        var cells: [CellKey: CellScore] = [:]
        var resamples: [CellKey: CellResample] = [:]
        for (key, bySet) in grouped {
            var perSet: [FewShotSet: Double] = [:]
            for (set, setRecords) in bySet {
                if let value = metric.value(of: setRecords) { perSet[set] = value }
            }
            guard !perSet.isEmpty else { continue }
            let questions = Set(bySet.values.joined().map(\.questionID)).count
            let resample = bootstrap.map { _ in CellResample(bySet: bySet, metric: metric) }
            if let resample { resamples[key] = resample }
            let interval = bootstrap.flatMap { settings in resample.flatMap { Self.interval(of: $0, key: key, settings: settings) } }
            cells[key] = CellScore(perSet: perSet, questionCount: questions, interval: interval)
        }
        self.metric = metric
        self.tasks = tasks
        self.languages = languages ?? BenchmarkLanguage.allCases.filter { language in grouped.keys.contains { $0.language == language } }
        self.models = models
        self.setting = setting
        self.expectedSets = expectedSets ?? (setting == .zeroShot ? 1 : FewShotSet.paperSets.count)
        self.cells = cells
        var averageIntervals: [AverageKey: BootstrapInterval] = [:]
        if let bootstrap {
            // An average has an interval when all its cells are there, as it has a value.
            for model in models {
                var all: [CellResample] = []
                for language in self.languages {
                    let inLanguage = tasks.compactMap { resamples[CellKey(model: model, task: $0, language: language)] }
                    guard inLanguage.count == tasks.count, !tasks.isEmpty else { continue }
                    all += inLanguage
                    averageIntervals[AverageKey(model: model, language: language)] =
                        Self.averageInterval(of: inLanguage, model: model, language: language, settings: bootstrap)
                }
                if all.count == tasks.count * self.languages.count, !all.isEmpty {
                    averageIntervals[AverageKey(model: model, language: nil)] =
                        Self.averageInterval(of: all, model: model, language: nil, settings: bootstrap)
                }
            }
        }
        self.averageIntervals = averageIntervals
    }

    /// The score of one cell, or nil when the model was not run there.
    public func score(model: String, task: BenchmarkTask, language: BenchmarkLanguage) -> CellScore? {
        cells[CellKey(model: model, task: task, language: language)]
    }

    /// The average over all `tasks` in `language` (the tables' "Avg." column), with its
    /// stratified bootstrap interval when the grid draws intervals; nil when a task
    /// is missing.
    public func average(model: String, language: BenchmarkLanguage) -> CellScore? {
        let scores = tasks.compactMap { score(model: model, task: $0, language: language) }
        guard scores.count == tasks.count, var average = CellScore.average(of: scores) else { return nil }
        average.interval = averageIntervals[AverageKey(model: model, language: language)]
        return average
    }

    /// The average over all `languages` of the task averages; nil when one is missing.
    public func languageAverage(model: String) -> CellScore? {
        let scores = languages.compactMap { average(model: model, language: $0) }
        guard scores.count == languages.count, var average = CellScore.average(of: scores) else { return nil }
        average.interval = averageIntervals[AverageKey(model: model, language: nil)]
        return average
    }

    /// Whether `score` has every few-shot set.
    public func isComplete(_ score: CellScore) -> Bool { score.perSet.count >= expectedSets }

    /// Cells no record reaches, in table order.
    public var missingCells: [CellKey] {
        models.flatMap { model in
            languages.flatMap { language in
                tasks.compactMap { task in
                    score(model: model, task: task, language: language) == nil ? CellKey(model: model, task: task, language: language) : nil
                }
            }
        }
    }

    private struct RecordIdentity: Hashable {
        var model: String
        var task: BenchmarkTask
        var language: BenchmarkLanguage
        var set: FewShotSet
        var question: String

        init(_ record: QuestionRecord) {
            model = record.model
            task = record.task
            language = record.language
            set = record.fewShotSet
            question = record.questionID
        }
    }

    /// A bootstrap interval of the cell's mean over sets, resampling its questions. Each cell
    /// draws from its own stream (seeded from the settings' seed and the cell), so an interval
    /// does not depend on which other cells were computed.
    private static func interval(of cell: CellResample, key: CellKey, settings: BootstrapSettings) -> BootstrapInterval? {
        let seed = StableHash.seed(settings.seed, "bootstrap", key.model, key.task.corpusName, key.language.rawValue)
        return Bootstrap.interval(count: cell.questionCount, resamples: settings.resamples, seed: seed, level: settings.level, statistic: cell.score)
    }

    /// A bootstrap interval of an average over `cells` (a language's tasks, or all languages'):
    /// each cell's questions resampled on their own, the statistic the mean of the cells'
    /// scores. Seeded from the model and the language ("all" for the average over languages),
    /// so it too is independent of the other intervals.
    private static func averageInterval(
        of cells: [CellResample], model: String, language: BenchmarkLanguage?, settings: BootstrapSettings
    ) -> BootstrapInterval? {
        let seed = StableHash.seed(settings.seed, "bootstrap-average", model, language?.rawValue ?? "all")
        return Bootstrap.stratifiedInterval(
            counts: cells.map(\.questionCount), resamples: settings.resamples, seed: seed, level: settings.level
        ) { draws in
            var sum = 0.0
            for (cell, indices) in zip(cells, draws) {
                guard let score = cell.score(indices) else { return nil }
                sum += score
            }
            return sum / Double(cells.count)
        }
    }

    /// The key of an average's interval: a model in one language, or over all (nil).
    private struct AverageKey: Hashable {
        var model: String
        var language: BenchmarkLanguage?
    }
}
