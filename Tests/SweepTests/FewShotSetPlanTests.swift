import Benchmark
import Engine
import Foundation
import Testing
import TestSupport
@testable import Sweep

/// Few-shot sets through the plan, the journal and the report: zero-shot sweeps, sets the data
/// does not have, unit ids that did not change when the set became a type, and how the plan
/// reads odd data (lenient with warnings, or strict).
@Suite(.offThePool) struct FewShotSetPlanTests {
    /// A zero-shot sweep is planned, journaled and reported: its units say "0-shot", its prompts
    /// are the instruction then the question, its records have set 0, and the report's tables
    /// are labelled 0-shot (before, `report` refused records of set 0).
    @Test func zeroShotSweepGoesFromPlanThroughTheJournalToTheReport() throws {
        let plan = try SweepFixtures.plan(tasks: [.medQA, .pubMedQA], languages: [.en, .fr], sets: [.zeroShot], shardSize: 2)
        #expect(plan.units.count == 2 * 2)
        #expect(plan.units.allSatisfy { $0.fewShotSet == .zeroShot && $0.label.contains(" 0-shot shard ") })
        let path = SweepFixtures.path("journal.sqlite")
        let journal = try Journal.openForWriting(path: path)
        _ = try journal.prepare(sweepName: plan.sweep.name, tasks: plan.tasks, source: plan.sweep.source, units: plan.units, now: 1000)
        for (n, unit) in plan.units.enumerated() {
            let questions = try plan.questions(for: unit)
            // No solved example: the instruction, then the question with the only "**Answer:**(".
            #expect(questions.allSatisfy {
                $0.prompt.hasPrefix(BioInstructQASamples.head) && $0.prompt.components(separatedBy: "**Answer:**(").count == 2
            })
            let lease = try journal.grantLease(unitID: unit.id, workerID: "w\(n)", speculative: false, now: 1001, deadline: 1121)
            // The first letter on top: right when the gold letter is A.
            let results = SweepFixtures.results(for: questions, probabilities: { question in question.letters.map { $0 == question.letters[0] ? 0.7 : 0.1 } }, top: 0.7)
            #expect(try journal.commitResults(leaseID: lease, unitID: unit.id, workerID: "w\(n)", results: results, questions: questions, now: 1002) == .committed)
        }
        let source = try JournalRecordSource(journal: try Journal.openForReading(path: path))
        let records = try source.records()
        #expect(records.count == 2 * 2 * 3)
        #expect(records.allSatisfy { $0.fewShotSet == .zeroShot })
        let report = try BenchmarkReport(source: source, metric: .restrictedAccuracy)
        #expect(report.sections.map(\.setting) == [.zeroShot])
        let text = report.rendered(.text)
        #expect(text.contains("\nEnglish (en) — 0-shot\n"))
        #expect(text.contains("\nFrench (fr) — 0-shot\n"))
        #expect(text.contains("\nAverage over the 2 tasks, per language — 0-shot\n"))
        // Restricted accuracy is the share of questions whose gold letter is A.
        for task in [BenchmarkTask.medQA, .pubMedQA] {
            let expected = 100 * Double(DemoBenchmark.goldLetters(of: task).filter { $0 == "A" }.count) / 3
            let score = try #require(report.sections[0].grid.score(model: "tiny-a", task: task, language: .en))
            #expect(score.sets == [.zeroShot])
            #expect(abs(score.mean - expected) < 1e-9)
        }
    }

    /// A unit's id is a pure function of what it covers, pinned here on fixed digests so a
    /// change to it (which would strand every journal's units) cannot pass unnoticed. The set
    /// enters as its decimal number; each language with its data file's digest and its count.
    @Test func unitIDsArePinned() throws {
        let id = WorkUnit.id(
            model: "tiny-Q4_0", modelDigest: String(repeating: "a", count: 64), templateDigest: String(repeating: "c", count: 64),
            task: .medQA, fewShotSet: 1, firstQuestion: 0,
            slices: [
                (.init(language: .en, questionCount: 3), String(repeating: "b", count: 64)),
                (.init(language: .fr, questionCount: 2), String(repeating: "d", count: 64)),
            ])
        // The SHA-256 of "medsweep-unit-v2\ntiny-Q4_0\naaa…\nccc…\nMedQA\n1\n0\nen bbb… 3\nfr ddd… 2", by Python's hashlib.
        #expect(id == "fb540962116321e4eee591bcca2b5a48")
    }

    @Test func aSetTheDataDoesNotHaveIsRefusedNamingTheFileAndTheSet() throws {
        let error = #expect(throws: PlanError.self) { try SweepFixtures.plan(tasks: [.medQA], languages: [.fr], sets: [1, 4]) }
        #expect(error == .missingFewShotSet(
            file: "langs_processed/French-full.json", task: "MedQA", language: "fr", set: 4, question: "demo-medqa-1", available: 3))
        #expect(error?.description.hasPrefix("fewshot_sets: 4: MedQA fr in langs_processed/French-full.json: ") == true)
    }

    /// A benchmark of one odd file (a few-shot example with 4 options in a 5-option task):
    /// the plan reads it with a warning, or refuses it when the sweep is strict.
    @Test func oddDataIsReadWithWarningsOrRefusedWhenTheSweepIsStrict() throws {
        let folder = SweepFixtures.path("odd-benchmark")
        try FileManager.default.createDirectory(atPath: folder + "/base", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sample = try #require(BioInstructQASamples.oddRecords.first { $0.kind == OddRecordKind.exampleOptions.rawValue })
        let dataPath = folder + "/base/overall_test+prompt.json"
        try Data(sample.text.utf8).write(to: URL(fileURLWithPath: dataPath))
        let digest = try DataFile.path(dataPath).sha256()
        try Data("""
            name: odd
            demo: true
            data:
              - {format: bioinstructqa, path: base/overall_test+prompt.json, sha256: \(digest), languages: [en]}
            """.utf8).write(to: URL(fileURLWithPath: folder + "/benchmark.yaml"))
        var sweep = SweepFixtures.sweep(tasks: [.medQA5Options], languages: [.en], sets: [2])
        sweep.benchmark = .manifest(path: folder + "/benchmark.yaml")

        var warnings: [String] = []
        let plan = try Plan.make(sweep, warning: { warnings.append($0) })
        #expect(warnings == [sample.warning(path: dataPath)])
        #expect(plan.dataWarnings == warnings)
        #expect(plan.questionCount == sample.kept.count)

        sweep.strict = true
        let error = #expect(throws: PlanError.self) { try Plan.make(sweep) }
        #expect(error?.description == "no data for MedQA-5_options in en: " + sample.strictError(path: dataPath))
    }
}
