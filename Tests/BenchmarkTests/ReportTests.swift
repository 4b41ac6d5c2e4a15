@testable import Benchmark
import Foundation
import Testing

/// The paper-shaped tables: golden files for text and Markdown, the shape of CSV, JSON and HTML.
@Suite struct ReportTests {
    /// Two models in English and French: model-a complete in English and without MedMCQA in
    /// French; model-b with only sets 1 and 2 of PubMedQA in English, and not run in French.
    static func report(metric: CellMetric = .accuracy, bootstrap: BootstrapSettings? = nil) throws -> BenchmarkReport {
        var records = ScoreGridTests.records("model-a", languages: [.en])
        records += ScoreGridTests.records("model-a", languages: [.fr], tasks: BenchmarkTask.allCases.filter { $0 != .medMCQA })
        records += ScoreGridTests.records("model-b", languages: [.en], tasks: BenchmarkTask.allCases.filter { $0 != .pubMedQA })
            .map { record in
                // model-b gets question 2 right in every set of the MMLU tasks.
                guard record.task.isMMLU, record.questionID == "q2" else { return record }
                return ScoreGridTests.record("model-b", record.task, .en, set: record.fewShotSet, id: "q2", right: true)
            }
        records += ScoreGridTests.records("model-b", languages: [.en], tasks: [.pubMedQA], sets: [1, 2])
        return try BenchmarkReport(
            records: records, metric: metric, sourceLabel: "golden test records", isSynthetic: false, bootstrap: bootstrap)
    }

    @Test func textTablesMatchTheGoldenFile() throws {
        #expect(try Self.report().rendered(.text) == TestData.golden("report.txt"))
    }

    @Test func markdownTablesMatchTheGoldenFile() throws {
        #expect(try Self.report().rendered(.markdown) == TestData.golden("report.md"))
    }

    @Test func csvHasOneRowPerScore() throws {
        let csv = try Self.report(bootstrap: BootstrapSettings(resamples: 20, seed: 1)).rendered(.csv)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines[0] == CSVReport.header.joined(separator: ","))
        // model-a: 10 + 1 average in English, 9 in French (no average); model-b: 10 + 1 in English.
        #expect(lines.count == 1 + 11 + 9 + 11)
        let pubmed = try #require(lines.first { $0.hasPrefix("accuracy,model-b,en,PubMedQA,") })
        let fields = pubmed.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(fields[6] == "2")
        #expect(fields[9] == "")
        #expect(fields[11] == "0.95")
        #expect(!lines.contains { $0.contains(",fr,MedMCQA,") })
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let text = try Self.report(metric: .ece).rendered(.json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == [
            "title", "synthetic", "records", "metric", "expected_sets", "models", "languages", "tasks", "cells", "averages",
            "language_averages", "missing", "calibration", "provenance",
        ])
        #expect(object["models"] as? [String] == ["model-a", "model-b"])
        #expect((object["metric"] as? [String: Any])?["name"] as? String == "ece")
        let missing = try #require(object["missing"] as? [[String: String]])
        #expect(missing.count == 1 + 10)
        #expect(missing.first == ["model": "model-a", "setting": "few-shot", "language": "fr", "task": "MedMCQA"])
        let cells = try #require(object["cells"] as? [[String: Any]])
        #expect(cells.count == 10 + 9 + 10)
        let calibration = try #require(object["calibration"] as? [[String: Any]])
        #expect((calibration[0]["bins"] as? [Any])?.count == 5)
    }

    @Test func htmlIsOneSelfContainedPage() throws {
        let html = try Self.report().rendered(.html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == 1 + 2)
        #expect(html.components(separatedBy: "<table>").count - 1 == 3)
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(html.contains("<td class=\"missing\">—</td>"))
    }

    /// A sweep over sets 0 to 3: the few-shot tables as the paper's, then tables titled
    /// "0-shot" whose cells are the zero-shot score alone, in every format.
    @Test func zeroShotRecordsGetTablesLabelled0Shot() throws {
        let records = ScoreGridTests.records("model-a", languages: [.en], tasks: [.medQA, .pubMedQA])
            + ScoreGridTests.records("model-a", languages: [.en], tasks: [.medQA, .pubMedQA], sets: [.zeroShot])
        let report = try BenchmarkReport(
            records: records, metric: .accuracy, tasks: [.medQA, .pubMedQA], sourceLabel: "zero", isSynthetic: false)
        #expect(report.sections.map(\.setting) == [.fewShot, .zeroShot])
        #expect(report.tables.map(\.title) == [
            "English (en)", "Average over the 2 tasks, per language",
            "English (en) — 0-shot", "Average over the 2 tasks, per language — 0-shot",
        ])
        #expect(report.tables[0].rows == [["model-a", "66.7 ± 23.6", "66.7 ± 23.6", "66.7 ± 23.6"]])
        #expect(report.tables[2].rows == [["model-a", "50.0", "50.0", "50.0"]])
        let text = report.rendered(.text)
        #expect(text.contains("0-shot cells: the zero-shot prompt (no examples), one value per cell"))
        #expect(!text.contains("50.0*"))

        let csv = report.rendered(.csv).split(separator: "\n").map(String.init)
        let zeroShotRow = try #require(csv.first { $0.hasPrefix("accuracy,model-a,en,MedQA,") && $0.hasSuffix(",0-shot") })
        #expect(zeroShotRow.split(separator: ",", omittingEmptySubsequences: false)[4 ... 9] == ["50.0", "0.0", "1", "", "", ""])

        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any])
        let cells = try #require(object["cells"] as? [[String: Any]])
        let zeroShotCells = cells.filter { $0["setting"] as? String == "0-shot" }
        #expect(zeroShotCells.count == 2)
        #expect(zeroShotCells.allSatisfy { ($0["sets"] as? [String: Double]) == ["0": 50] })
        let calibration = try #require(object["calibration"] as? [[String: Any]])
        #expect(calibration.compactMap { $0["setting"] as? String } == ["few-shot", "0-shot"])
        #expect(report.rendered(.html).contains("model-a (0-shot) — ECE"))
    }

    /// A zero-shot sweep alone: its tables only, no few-shot ones.
    @Test func aZeroShotOnlyReportHasOnlyZeroShotTables() throws {
        let records = ScoreGridTests.records("model-a", languages: [.en, .fr], tasks: [.medQA], sets: [.zeroShot])
        let report = try BenchmarkReport(records: records, metric: .restrictedAccuracy, tasks: [.medQA], sourceLabel: "zero", isSynthetic: false)
        #expect(report.sections.map(\.setting) == [.zeroShot])
        #expect(report.tables.map(\.title).allSatisfy { $0.hasSuffix(" — 0-shot") })
        #expect(report.notes.count == 2)
        #expect(report.tables.last?.rows == [["model-a", "50.0", "50.0", "50.0"]])
    }

    @Test func syntheticReportsSaySo() throws {
        let source = SyntheticRecordSource(benchmark: .demo)
        let report = try BenchmarkReport(source: source, metric: .accuracy)
        #expect(report.title.hasPrefix("SYNTHETIC DEMO"))
        #expect(report.rendered(.text).contains("SYNTHETIC records"))
        #expect(report.rendered(.html).contains("These numbers are SYNTHETIC"))
        #expect(report.rendered(.json).contains("\"synthetic\": true"))
    }
}
