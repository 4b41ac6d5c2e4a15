/// The report as one JSON object, for machines:
///
/// ```
/// {"title", "synthetic", "records", "metric": {"name", "title", "higher_is_better"},
///  "expected_sets", "models", "languages", "tasks",
///  "cells": [{"model", "setting", "language", "task", "mean", "std", "sets": {"1": …}, "questions", "ci"?}],
///  "averages": [{"model", "setting", "language", "mean", "std", "sets", "questions"}],
///  "language_averages": [{"model", "setting", "mean", "std", "sets", "questions"}],
///  "missing": [{"model", "setting", "language", "task"}],
///  "calibration": [{"model", "setting", "records", "ece", "bins": [{"lower", "upper", "count", "mean_confidence", "accuracy"}]}],
///  "baseline"?: {"model", "rule", "comparisons": [{"model", "setting", "language", "task", "delta", "p_value", …}]},
///  "provenance": {"medsweep_version", "report_created", "synthetic", "sweep", "models", "template", "data_files", "gaps"}}
/// ```
///
/// (`provenance` in full: `ProvenanceJSON`.) Averages carry a `ci` too: a stratified bootstrap,
/// each of their cells' questions resampled on its own.
///
/// `setting` is "few-shot" (mean and std over the sets, keyed by set number) or "0-shot" (one
/// value, under set "0", std 0); `expected_sets` is the few-shot cells'. Values are full
/// precision; `ci` (`{"level", "lower", "upper", "resamples", "seed"}`) is there when bootstrap
/// intervals were drawn.
enum JSONReport {
    static func render(_ report: BenchmarkReport) -> String {
        var cells: [JSONNode] = []
        var averages: [JSONNode] = []
        var languageAverages: [JSONNode] = []
        var missing: [JSONNode] = []
        for section in report.sections {
            let grid = section.grid
            let setting = JSONMember("setting", .string(section.setting.label))
            for model in grid.models {
                let name = JSONMember("model", .string(model))
                for language in grid.languages {
                    let code = JSONMember("language", .string(language.rawValue))
                    for task in grid.tasks {
                        if let score = grid.score(model: model, task: task, language: language) {
                            cells.append(.object([name, setting, code, JSONMember("task", .string(task.corpusName))] + members(score)))
                        }
                    }
                    if let average = grid.average(model: model, language: language) {
                        averages.append(.object([name, setting, code] + members(average)))
                    }
                }
                if let average = grid.languageAverage(model: model) {
                    languageAverages.append(.object([name, setting] + members(average)))
                }
            }
            missing += grid.missingCells.map { key in
                JSONNode.object([
                    JSONMember("model", .string(key.model)), setting, JSONMember("language", .string(key.language.rawValue)),
                    JSONMember("task", .string(key.task.corpusName)),
                ])
            }
        }
        let calibration = report.calibration.map { entry in
            JSONNode.object([
                JSONMember("model", .string(entry.model)),
                JSONMember("setting", .string(entry.setting.label)),
                JSONMember("records", .number(String(entry.records))),
                JSONMember("ece", entry.ece.map(JSONWriter.number) ?? .null),
                JSONMember("bins", .array(entry.bins.map { bin in
                    .object([
                        JSONMember("lower", JSONWriter.number(bin.lower)), JSONMember("upper", JSONWriter.number(bin.upper)),
                        JSONMember("count", .number(String(bin.count))),
                        JSONMember("mean_confidence", bin.meanConfidence.map(JSONWriter.number) ?? .null),
                        JSONMember("accuracy", bin.accuracy.map(JSONWriter.number) ?? .null),
                    ])
                })),
            ])
        }
        let fewShot = report.sections.first { $0.setting == .fewShot }?.grid
        let document = JSONNode.object([
            JSONMember("title", .string(report.title)),
            JSONMember("synthetic", .bool(report.isSynthetic)),
            JSONMember("records", .string(report.sourceLabel)),
            JSONMember("metric", .object([
                JSONMember("name", .string(report.metric.rawValue)), JSONMember("title", .string(report.metric.title)),
                JSONMember("higher_is_better", .bool(report.metric.higherIsBetter)),
            ])),
            JSONMember("expected_sets", .number(String(fewShot?.expectedSets ?? FewShotSet.paperSets.count))),
            JSONMember("models", .array(report.models.map { .string($0) })),
            JSONMember("languages", .array(report.languages.map { .string($0.rawValue) })),
            JSONMember("tasks", .array(report.sections[0].grid.tasks.map { .string($0.corpusName) })),
            JSONMember("cells", .array(cells)),
            JSONMember("averages", .array(averages)),
            JSONMember("language_averages", .array(languageAverages)),
            JSONMember("missing", .array(missing)),
            JSONMember("calibration", .array(calibration)),
        ] + (report.baseline.map { [JSONMember("baseline", baselineNode($0))] } ?? [])
            + [JSONMember("provenance", ProvenanceJSON.node(report.provenance))])
        return JSONWriter.render(document, indent: 2) + "\n"
    }

    /// `{"model", "rule", "comparisons": [{"model", "setting", "language" ("all"), "task"
    /// ("average"), "delta", "p_value", "flip_rate", "agreement", "mean_kl", "pairs",
    /// "baseline_only", "variant_only"}]}`.
    private static func baselineNode(_ comparison: BaselineComparison) -> JSONNode {
        .object([
            JSONMember("model", .string(comparison.baseline)),
            JSONMember("rule", .string(comparison.rule.rawValue)),
            JSONMember("comparisons", .array(comparison.entries.map { entry in
                let pairs = entry.pairs
                return .object([
                    JSONMember("model", .string(entry.model)),
                    JSONMember("setting", .string(entry.setting.label)),
                    JSONMember("language", .string(entry.language?.rawValue ?? "all")),
                    JSONMember("task", .string(entry.task?.corpusName ?? "average")),
                    JSONMember("delta", entry.delta.map(JSONWriter.number) ?? .null),
                    JSONMember("p_value", JSONWriter.number(pairs.mcNemarPValue)),
                    JSONMember("flip_rate", pairs.flipRate.map(JSONWriter.number) ?? .null),
                    JSONMember("agreement", pairs.agreement.map(JSONWriter.number) ?? .null),
                    JSONMember("mean_kl", pairs.meanDivergence.map(JSONWriter.number) ?? .null),
                    JSONMember("pairs", JSONWriter.number(pairs.pairs)),
                    JSONMember("baseline_only", JSONWriter.number(pairs.baselineOnly)),
                    JSONMember("variant_only", JSONWriter.number(pairs.variantOnly)),
                ])
            })),
        ])
    }

    private static func members(_ score: CellScore) -> [JSONMember] {
        var members = [
            JSONMember("mean", JSONWriter.number(score.mean)),
            JSONMember("std", JSONWriter.number(score.standardDeviation)),
            JSONMember("sets", .object(score.sets.map { JSONMember(String($0.number), JSONWriter.number(score.perSet[$0]!)) })),
            JSONMember("questions", .number(String(score.questionCount))),
        ]
        if let interval = score.interval {
            members.append(JSONMember("ci", .object([
                JSONMember("level", JSONWriter.number(interval.level)),
                JSONMember("lower", JSONWriter.number(interval.lower)),
                JSONMember("upper", JSONWriter.number(interval.upper)),
                JSONMember("resamples", .number(String(interval.resamples))),
                JSONMember("seed", .number(String(interval.seed))),
            ])))
        }
        return members
    }
}
