import Foundation

/// The report as one long CSV table, a row per score: every cell that was run, each model's
/// average over the tasks per language (task `average`), and its average over the languages
/// (language `all`, task `average`). Missing cells have no row. Values are full precision. The
/// last column is the setting: `few-shot` (mean and std over the sets, set_1 to set_3 the
/// paper's sets) or `0-shot` (one value: mean, std 0, sets 1, set columns empty).
///
/// ```
/// metric,model,language,task,mean,std,sets,set_1,set_2,set_3,questions,ci_level,ci_low,ci_high,setting
/// accuracy,synthetic-medical-7b,en,MedQA,55.55555555555556,7.856742013183862,3,…,few-shot
/// ```
///
/// With `--baseline`, seven columns follow: baseline, delta (points), p_value (McNemar, exact),
/// flip_rate, agreement, mean_kl (nats) and pairs, on the rows of the other models (empty on
/// the baseline's own rows). See `BaselineComparison`.
enum CSVReport {
    static let header = ["metric", "model", "language", "task", "mean", "std", "sets", "set_1", "set_2", "set_3", "questions", "ci_level", "ci_low", "ci_high", "setting"]

    static let baselineHeader = ["baseline", "delta", "p_value", "flip_rate", "agreement", "mean_kl", "pairs"]

    static func render(_ report: BenchmarkReport) -> String {
        var lines = [(header + (report.baseline == nil ? [] : baselineHeader)).joined(separator: ",")]
        for section in report.sections {
            let grid = section.grid
            func add(_ model: String, _ language: String, _ task: String, _ score: CellScore) {
                var fields = [report.metric.rawValue, model, language, task, number(score.mean), number(score.standardDeviation), String(score.perSet.count)]
                fields += FewShotSet.paperSets.map { set in score.perSet[set].map(number) ?? "" }
                fields.append(String(score.questionCount))
                if let interval = score.interval {
                    fields += [number(interval.level), number(interval.lower), number(interval.upper)]
                } else {
                    fields += ["", "", ""]
                }
                fields.append(section.setting.label)
                if let baseline = report.baseline {
                    let entry = baseline.entry(
                        setting: section.setting, model: model, language: BenchmarkLanguage(rawValue: language),
                        task: BenchmarkTask(corpusName: task))
                    if let entry {
                        let pairs = entry.pairs
                        fields += [baseline.baseline, entry.delta.map(number) ?? "", number(pairs.mcNemarPValue),
                                   pairs.flipRate.map(number) ?? "", pairs.agreement.map(number) ?? "",
                                   pairs.meanDivergence.map(number) ?? "", String(pairs.pairs)]
                    } else {
                        fields += Array(repeating: "", count: baselineHeader.count)
                    }
                }
                lines.append(fields.map(escape).joined(separator: ","))
            }
            for model in grid.models {
                for language in grid.languages {
                    for task in grid.tasks {
                        if let score = grid.score(model: model, task: task, language: language) {
                            add(model, language.rawValue, task.corpusName, score)
                        }
                    }
                    if let average = grid.average(model: model, language: language) { add(model, language.rawValue, "average", average) }
                }
                if let average = grid.languageAverage(model: model) { add(model, "all", "average", average) }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double) -> String { "\(value)" }

    /// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
