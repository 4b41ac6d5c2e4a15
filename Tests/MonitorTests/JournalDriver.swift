import Benchmark
import Foundation
import Sweep
import TestSupport

/// A journal written directly, as a coordinator would write it, so the monitor's reads can be
/// checked against numbers the test chose: two cells (MedQA en, MedQA fr) of two units of
/// three questions each, for one model.
struct JournalDriver {
    let folder: String
    let journal: Journal
    let units: [WorkUnit]

    init() throws {
        folder = temporaryPath("monitor")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        journal = try Journal.openForWriting(path: folder + "/sweep.journal")
        var units: [WorkUnit] = []
        for language in [BenchmarkLanguage.en, .fr] {
            for shard in 0 ..< 2 {
                units.append(WorkUnit(
                    id: "unit-\(language.rawValue)-\(shard)", model: "tiny", task: .medQA,
                    slices: [.init(language: language, questionCount: 3)], fewShotSet: 1, shard: shard, firstQuestion: shard * 3))
            }
        }
        self.units = units
        _ = try journal.prepare(sweepName: "monitored", tasks: [.medQA], source: "test", units: units, now: Self.clock(0))
    }

    /// Unix time `seconds` after a fixed start.
    static func clock(_ seconds: Double) -> Double { 1_800_000_000 + seconds }

    func hello(_ worker: String, at seconds: Double) throws {
        try journal.recordWorker(id: worker, host: "host-\(worker)", pid: 42, cores: 8, engineVersion: "test", now: Self.clock(seconds))
    }

    /// Leases unit `index` to `worker`; returns the lease id.
    func lease(_ index: Int, to worker: String, at seconds: Double) throws -> Int64 {
        try journal.grantLease(
            unitID: units[index].id, workerID: worker, speculative: false, now: Self.clock(seconds), deadline: Self.clock(seconds + 60))
    }

    /// Commits unit `index` (leased to `worker`) with `correct` of its three questions answered
    /// with the gold letter.
    func commit(_ index: Int, lease: Int64, by worker: String = "w1", correct: Int, at seconds: Double) throws {
        let unit = units[index]
        let questions = (0 ..< 3).map { offset in
            UnitQuestion(
                id: "\(unit.id)-q\(offset)", index: unit.firstQuestion + offset, language: unit.languages[0], prompt: "p", letters: ["A", "B", "C", "D"], gold: "B")
        }
        let results = questions.enumerated().map { offset, question in
            QuestionResult(
                questionID: question.id, index: question.index, language: question.language, topTokenID: 1,
                topTokenPiece: offset < correct ? "B" : "C",
                topTokenText: offset < correct ? "B" : "C", topTokenProbability: 0.5, topLetter: offset < correct ? "B" : "C", letterProbabilities: [0.1, 0.5, 0.3, 0.1],
                promptTokens: 100, computedTokens: 40, seconds: 0.1)
        }
        let outcome = try journal.commitResults(leaseID: lease, unitID: unit.id, workerID: worker, results: results, questions: questions, now: Self.clock(seconds))
        precondition(outcome == .committed)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
