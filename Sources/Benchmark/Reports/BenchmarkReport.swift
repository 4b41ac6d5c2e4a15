/// The formats a report renders to.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, markdown, csv, json, html
}

/// A report shaped like the paper's: one table per language (rows the models, columns the 10
/// tasks and their average, each cell "mean ± std" over the few-shot sets) and one table of
/// the task averages per language, with calibration per model for the HTML page's plots.
/// Zero-shot records (few-shot set 0) make a section of their own, its tables titled "0-shot"
/// and its cells one value each: a zero-shot score is never averaged with few-shot ones.
///
/// ```swift
/// let source = SyntheticRecordSource(benchmark: .demo)
/// let report = try BenchmarkReport(records: source.records(), metric: .accuracy, source: source)
/// print(report.rendered(.text))
/// ```
public struct BenchmarkReport: Sendable {
    /// What the records are (a `QuestionRecordSource`'s label).
    public var sourceLabel: String
    public var isSynthetic: Bool
    public let metric: CellMetric
    /// One per setting the records have, few-shot first; a report of no records has an empty
    /// few-shot section.
    public var sections: [Section]
    /// Each model's reliability bins (the paper's 5, over the highest raw letter probability)
    /// and ECE, pooling its records of one setting.
    public var calibration: [ModelCalibration]
    /// Every other model against one (`--baseline`), when asked for.
    public var baseline: BaselineComparison?
    /// Where the records come from; JSON and HTML print it.
    public var provenance: ReportProvenance

    /// The scores of one setting.
    public struct Section: Sendable {
        public var setting: ShotSetting
        public var grid: ScoreGrid

        /// Appended to the section's table titles: nothing for few-shot (the paper's protocol),
        /// " — 0-shot" for zero-shot.
        public var titleSuffix: String { setting == .zeroShot ? " — \(setting.label)" : "" }
    }

    public struct ModelCalibration: Sendable, Equatable {
        public var model: String
        public var setting: ShotSetting
        public var bins: [ReliabilityBin]
        public var ece: Double?
        public var records: Int

        /// The model's name, with "(0-shot)" after it for zero-shot records.
        public var label: String { setting == .zeroShot ? "\(model) (\(setting.label))" : model }
    }

    /// Builds the report from `records`; each `ensembles` pair (first, second) adds the rows of
    /// their ensemble (see `Ensemble`). Bootstrap intervals are drawn when `bootstrap` is given;
    /// `baseline` compares every other model with that one (paper accuracy, or restricted
    /// accuracy when that is the metric).
    public init(
        records: [QuestionRecord], metric: CellMetric, tasks: [BenchmarkTask] = BenchmarkTask.allCases,
        sourceLabel: String, isSynthetic: Bool, ensembles: [(String, String)] = [], bootstrap: BootstrapSettings? = nil,
        baseline: String? = nil, provenance: ReportProvenance = ReportProvenance()
    ) throws {
        self.provenance = provenance
        var all = records
        for (first, second) in ensembles {
            all += try Ensemble.combine(records, first: first, second: second)
        }
        self.sourceLabel = sourceLabel
        self.isSynthetic = isSynthetic
        self.metric = metric
        var settings = Set(all.map(\.fewShotSet.setting))
        if settings.isEmpty { settings.insert(.fewShot) }
        sections = try settings.sorted().map { setting in
            Section(setting: setting, grid: try ScoreGrid(records: all, metric: metric, setting: setting, tasks: tasks, bootstrap: bootstrap))
        }
        self.baseline = try baseline.map { name in
            try BaselineComparison(records: all, baseline: name, rule: metric == .restrictedAccuracy ? .restricted : .paper, tasks: tasks)
        }
        let taskSet = Set(tasks)
        calibration = sections.flatMap { section in
            var byModel: [String: [QuestionRecord]] = [:]
            for record in all where taskSet.contains(record.task) && record.fewShotSet.setting == section.setting {
                byModel[record.model, default: []].append(record)
            }
            return section.grid.models.map { model in
                let samples = Calibration.confidences(byModel[model] ?? [])
                return ModelCalibration(
                    model: model, setting: section.setting, bins: Calibration.bins(samples),
                    ece: Calibration.expectedCalibrationError(samples), records: samples.count)
            }
        }
    }

    /// Builds the report from a source's records.
    public init(
        source: any QuestionRecordSource, metric: CellMetric, ensembles: [(String, String)] = [], bootstrap: BootstrapSettings? = nil,
        baseline: String? = nil
    ) throws {
        try self.init(
            records: try source.records(), metric: metric, tasks: source.tasks, sourceLabel: source.label,
            isSynthetic: source.isSynthetic, ensembles: ensembles, bootstrap: bootstrap, baseline: baseline,
            provenance: Self.provenance(of: source))
    }

    /// The source's provenance; a source that cannot give it still gets its tables, and the
    /// report says why its provenance is missing.
    private static func provenance(of source: any QuestionRecordSource) -> ReportProvenance {
        do {
            return try source.provenance()
        } catch {
            return ReportProvenance(gaps: ["provenance of \(source.label) cannot be read: \(error)"])
        }
    }

    /// The report's title line.
    public var title: String {
        (isSynthetic ? "SYNTHETIC DEMO — " : "") + "medsweep report: \(metric.title)"
    }

    /// Models in the order they first appear, over all sections.
    public var models: [String] {
        var seen = Set<String>()
        return sections.flatMap(\.grid.models).filter { seen.insert($0).inserted }
    }

    /// Languages any section has, in the benchmark's order.
    public var languages: [BenchmarkLanguage] {
        Set(sections.flatMap(\.grid.languages)).sorted()
    }

    /// The lines under the title: where the records come from and how to read the cells.
    public var notes: [String] {
        ["records: \(sourceLabel)"] + sections.map { section in
            let grid = section.grid
            let average = "Avg. over the \(grid.tasks.count) tasks (— when one is missing)"
            if section.setting == .zeroShot {
                return "0-shot cells: the zero-shot prompt (no examples), one value per cell; — not run; " + average
            }
            return "cells: mean ± population std over the \(grid.expectedSets) few-shot sets; — not run; "
                + "* fewer than \(grid.expectedSets) sets; " + average
        } + (baseline?.notes ?? [])
    }

    /// Each section's per-language tables, then its table of task averages per language.
    public var tables: [ReportTable] {
        let scores = sections.flatMap { section in section.grid.languages.map { languageTable($0, section) } + [averagesTable(section)] }
        let tasks = sections.first?.grid.tasks ?? BenchmarkTask.allCases
        return scores + (baseline?.tables(tasks: tasks) { $0 == .zeroShot ? " — \($0.label)" : "" } ?? [])
    }

    /// One language's table in `section`: models × tasks and their average.
    public func languageTable(_ language: BenchmarkLanguage, _ section: Section) -> ReportTable {
        let grid = section.grid
        let scores = grid.models.map { model in
            [nil] + grid.tasks.map { grid.score(model: model, task: $0, language: language) } + [grid.average(model: model, language: language)]
        }
        return table(
            title: "\(language.englishName) (\(language.rawValue))" + section.titleSuffix,
            columns: ["Model"] + grid.tasks.map(\.shortName) + ["Avg."], scores: scores, section)
    }

    /// Models × languages in `section`: each cell the average over the tasks, the last the
    /// average over the languages.
    public func averagesTable(_ section: Section) -> ReportTable {
        let grid = section.grid
        let scores = grid.models.map { model in
            [nil] + grid.languages.map { grid.average(model: model, language: $0) } + [grid.languageAverage(model: model)]
        }
        return table(
            title: "Average over the \(grid.tasks.count) tasks, per language" + section.titleSuffix,
            columns: ["Model"] + grid.languages.map(\.rawValue) + ["Avg."], scores: scores, section)
    }

    /// A table of `section`'s models whose row `r` shows `scores[r]` (column 0, nil, is the model).
    private func table(title: String, columns: [String], scores: [[CellScore?]], _ section: Section) -> ReportTable {
        let rows = zip(section.grid.models, scores).map { model, row in [model] + row.dropFirst().map { cell($0, section) } }
        return ReportTable(title: title, columns: columns, rows: rows).annotated(with: scores, metric: metric)
    }

    /// A cell's text: "mean ± std" ("mean" for zero-shot), "*" after it when a set is missing,
    /// "—" when not run.
    public func cell(_ score: CellScore?, _ section: Section) -> String {
        guard let score else { return "—" }
        return score.formatted(metric) + (section.grid.isComplete(score) ? "" : "*")
    }

    /// The report in `format`.
    public func rendered(_ format: ReportFormat) -> String {
        switch format {
        case .text: TextReport.render(self)
        case .markdown: MarkdownReport.render(self)
        case .csv: CSVReport.render(self)
        case .json: JSONReport.render(self)
        case .html: HTMLReport.render(self)
        }
    }
}
