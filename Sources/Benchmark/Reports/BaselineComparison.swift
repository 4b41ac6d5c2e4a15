import Foundation

/// `report --baseline MODEL`: every other model against the baseline on the same questions, per
/// task and language, averaged over the tasks per language, and over all languages — the
/// paper's quantization and merge tables, whose last column is the gain or loss against the
/// base model.
///
/// A cell's Δ is the accuracy difference on the questions both models were scored on (in the
/// same language and few-shot set); an average's Δ is the mean of its tasks' Δ, as the paper's
/// averages are means of task accuracies ("—" when a task has no pairs). The counts behind the
/// test, the flips, the agreement and the divergence pool the pairs of the tasks (and
/// languages) averaged.
public struct BaselineComparison: Sendable {
    public let baseline: String
    public let rule: PairedComparison.Rule
    public let entries: [Entry]

    /// One model against the baseline in one cell, or one average.
    public struct Entry: Sendable {
        public let setting: ShotSetting
        public let model: String
        /// nil: all languages.
        public let language: BenchmarkLanguage?
        /// nil: the average over the tasks.
        public let task: BenchmarkTask?
        /// The pooled pairs.
        public let pairs: PairedComparison
        /// Points; for an average, the mean of the tasks' Δ (nil when a task has no pairs).
        public let delta: Double?
    }

    /// Compares every model of `records` but `baseline` with it, in each setting.
    public init(
        records: [QuestionRecord], baseline: String, rule: PairedComparison.Rule, tasks: [BenchmarkTask]
    ) throws(BaselineError) {
        let models = records.map(\.model).uniqueInOrder
        guard models.contains(baseline) else { throw .unknownModel(baseline, known: models) }
        self.baseline = baseline
        self.rule = rule

        struct PairKey: Hashable {
            let task: BenchmarkTask, language: BenchmarkLanguage, set: FewShotSet, question: String
        }
        struct CellKey: Hashable {
            let setting: ShotSetting, model: String, language: BenchmarkLanguage, task: BenchmarkTask
        }
        var baseRecords: [PairKey: QuestionRecord] = [:]
        for record in records where record.model == baseline {
            baseRecords[PairKey(task: record.task, language: record.language, set: record.fewShotSet, question: record.questionID)] = record
        }
        var cells: [CellKey: PairedComparison] = [:]
        for record in records where record.model != baseline {
            let key = PairKey(task: record.task, language: record.language, set: record.fewShotSet, question: record.questionID)
            guard let base = baseRecords[key] else { continue }
            cells[CellKey(setting: record.fewShotSet.setting, model: record.model, language: record.language, task: record.task), default: .init()]
                .add(baseline: base, variant: record, rule: rule)
        }

        let languages = records.map(\.language).uniqueInOrder.sorted()
        var entries: [Entry] = []
        for setting in Set(cells.keys.map(\.setting)).sorted() {
            for model in models where model != baseline {
                var modelPairs = PairedComparison(), languageDeltas: [Double?] = []
                var anyPairs = false
                for language in languages {
                    var languagePairs = PairedComparison(), taskDeltas: [Double?] = []
                    for task in tasks {
                        let pairs = cells[CellKey(setting: setting, model: model, language: language, task: task)]
                        taskDeltas.append(pairs?.accuracyDelta)
                        guard let pairs else { continue }
                        entries.append(Entry(setting: setting, model: model, language: language, task: task, pairs: pairs, delta: pairs.accuracyDelta))
                        languagePairs = languagePairs + pairs
                    }
                    guard languagePairs.pairs > 0 else { continue }
                    anyPairs = true
                    let average = Self.mean(taskDeltas)
                    entries.append(Entry(setting: setting, model: model, language: language, task: nil, pairs: languagePairs, delta: average))
                    languageDeltas.append(average)
                    modelPairs = modelPairs + languagePairs
                }
                if anyPairs {
                    entries.append(Entry(setting: setting, model: model, language: nil, task: nil, pairs: modelPairs, delta: Self.mean(languageDeltas)))
                }
            }
        }
        self.entries = entries
    }

    /// The mean, or nil when any value is missing (as the report's averages).
    private static func mean(_ values: [Double?]) -> Double? {
        let present = values.compactMap { $0 }
        guard !present.isEmpty, present.count == values.count else { return nil }
        return present.reduce(0, +) / Double(present.count)
    }

    public func entry(setting: ShotSetting, model: String, language: BenchmarkLanguage?, task: BenchmarkTask?) -> Entry? {
        entries.first { $0.setting == setting && $0.model == model && $0.language == language && $0.task == task }
    }

    /// The models compared, in record order.
    public var models: [String] { entries.map(\.model).uniqueInOrder }

    /// What the verdict is, for titles.
    public var ruleName: String { rule == .paper ? "accuracy" : "restricted accuracy" }

    /// p below this marks a Δ in the tables.
    public static let significance = 0.05

    /// A Δ cell: "+2.3", "−1.0†" (McNemar p < 0.05), "—".
    public static func deltaText(_ entry: Entry?) -> String {
        guard let entry, let delta = entry.delta else { return "—" }
        let rounded = (delta * 10).rounded() / 10
        let sign = rounded > 0 ? "+" : rounded < 0 ? "−" : "±"
        return sign + String(format: "%.1f", abs(rounded)) + (entry.pairs.mcNemarPValue < significance ? "†" : "")
    }

    /// Each setting's tables: one per language (models × tasks and the average, each cell Δ),
    /// then one of the averages with the pooled test, flips, agreement and divergence.
    public func tables(tasks: [BenchmarkTask], titleSuffix: (ShotSetting) -> String) -> [ReportTable] {
        var tables: [ReportTable] = []
        for setting in Set(entries.map(\.setting)).sorted() {
            let suffix = titleSuffix(setting)
            let languages = entries.filter { $0.setting == setting }.compactMap(\.language).uniqueInOrder
            for language in languages {
                let cells = models.map { model in
                    tasks.map { entry(setting: setting, model: model, language: language, task: $0) }
                        + [entry(setting: setting, model: model, language: language, task: nil)]
                }
                // The largest Δ of a column is the best variant there, as the paper bolds its
                // best score (a column's Δ are all against the same baseline cell).
                tables.append(ReportTable(
                    title: "Δ \(ruleName) vs \(baseline) (points), \(language.englishName) (\(language.rawValue))\(suffix)",
                    columns: ["Model"] + tasks.map(\.shortName) + ["Avg."],
                    rows: zip(models, cells).map { model, row in [model] + row.map(Self.deltaText) },
                    best: ReportTable.bestCells(cells.map { [nil] + $0.map { $0?.delta } }, higherIsBetter: true, decimals: 1)))
            }
            var rows: [[String]] = []
            for model in models {
                for language in languages.map(Optional.some) + [nil] {
                    guard let average = entry(setting: setting, model: model, language: language, task: nil) else { continue }
                    let pairs = average.pairs
                    rows.append([
                        model, language?.rawValue ?? "all", Self.deltaText(average), Self.pValueText(pairs.mcNemarPValue),
                        percent(pairs.flipRate), percent(pairs.agreement), pairs.meanDivergence.map { String(format: "%.4f", $0) } ?? "—",
                        String(pairs.pairs),
                    ])
                }
            }
            tables.append(ReportTable(
                title: "vs \(baseline): average over the tasks\(suffix)",
                columns: ["Model", "Lang.", "Δ", "McNemar p", "Flips %", "Agree %", "KL (nats)", "Pairs"], rows: rows))
        }
        return tables
    }

    /// What the baseline tables say, under the report's title.
    public var notes: [String] {
        [
            "baseline \(baseline): Δ = \(ruleName) minus \(baseline)'s on the same questions (language, few-shot set), in points; "
                + "averages are means of the tasks' Δ; † McNemar's exact test p < \(Self.significance) (pairs pooled over the tasks averaged); "
                + "flips: pairs right for one model only; agree: same answer; KL(\(baseline) ‖ model) of the renormalised letter probabilities",
        ]
    }

    static func pValueText(_ p: Double) -> String {
        p < 0.001 ? "<0.001" : String(format: "%.3f", p)
    }

    private func percent(_ share: Double?) -> String {
        share.map { String(format: "%.1f", 100 * $0) } ?? "—"
    }
}

/// Why a baseline comparison cannot be made.
public enum BaselineError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownModel(String, known: [String])

    public var description: String {
        switch self {
        case .unknownModel(let name, let known):
            "--baseline \(name): no such model in the records (models: \(known.joined(separator: ", ")))"
        }
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each where it first appears.
    var uniqueInOrder: [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
