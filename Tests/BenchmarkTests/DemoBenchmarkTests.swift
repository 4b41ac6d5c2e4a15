import Benchmark
import Foundation
import Testing
import TestSupport

/// The built-in demo benchmark: every task in every language, read back through the same
/// reader as the released data; and the synthetic records of the demo report.
@Suite(.offThePool) struct DemoBenchmarkTests {
    @Test func everyTaskInEveryLanguageReadsBack() throws {
        for language in BenchmarkLanguage.allCases {
            for task in BenchmarkTask.allCases {
                let (questions, summary) = try DemoBenchmark.manifest.questions(task: task, language: language)
                #expect(questions.count == 3, "\(task) \(language)")
                #expect(summary.warnings.isEmpty)
                #expect(questions.map(\.identifier) == DemoBenchmark.identifiers(of: task))
                #expect(questions.map(\.goldLetter) == DemoBenchmark.goldLetters(of: task))
                #expect(questions.allSatisfy { $0.letters == task.letters && $0.fewShotSets.count == 3 })
                #expect(questions.allSatisfy { ($0.context != nil) == (task == .pubMedQA) })
            }
        }
    }

    @Test func translationsDifferAndFewShotExamplesStayEnglish() throws {
        let english = try DemoBenchmark.manifest.questions(task: .medQA, language: .en).questions
        for language in BenchmarkLanguage.allCases where language != .en {
            let translated = try DemoBenchmark.manifest.questions(task: .medQA, language: language).questions
            for (one, other) in zip(english, translated) {
                #expect(one.question != other.question, "\(language)")
                #expect(one.fewShotSets == other.fewShotSets)
            }
        }
        // The three sets of a question differ.
        let sets = english[0].fewShotSets
        #expect(sets[0] != sets[1] && sets[1] != sets[2])
    }

    @Test func recordsAreLabelledDemoData() throws {
        for (path, bytes) in DemoBenchmark.files {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.components(separatedBy: "\"demo_note\": \"\(DemoBenchmark.note)\"").count - 1 == 30, "\(path)")
        }
        #expect(DemoBenchmark.manifest.isDemo)
        #expect(DemoBenchmark.files.count == 8)
    }

    @Test func writtenToDiskItReadsBackThroughItsManifest() throws {
        let folder = temporaryPath("demo")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try DemoBenchmark.write(to: folder)
        let manifest = try BenchmarkManifest.load(path: folder + "/benchmark.yaml")
        let (questions, _) = try manifest.questions(task: .pubMedQA, language: .zh)
        #expect(questions.count == 3)
        #expect(try DataFile.path(folder + "/langs_processed/Chinese-full.json").sha256() == manifest.entries.last?.file.sha256)
    }

    @Test func syntheticRecordsAreDeterministicAndValid() throws {
        let records = SyntheticRecordSource(benchmark: .demo, seed: 0).records()
        #expect(records == SyntheticRecordSource(benchmark: .demo, seed: 0).records())
        #expect(records != SyntheticRecordSource(benchmark: .demo, seed: 1).records())
        for record in records { try record.validate() }
        // 4 models × 30 questions × 3 sets × 8 languages, less the merged model's 2 languages
        // and the quantized model's PubMedQA set 3.
        #expect(records.count == 4 * 30 * 3 * 8 - 30 * 3 * 2 - 3 * 8)
        #expect(records.contains { $0.topTokenLetter == nil })
        let grid = try ScoreGrid(records: records, metric: .accuracy)
        #expect(grid.score(model: "synthetic-merged-7b", task: .medQA, language: .ar) == nil)
    }
}
