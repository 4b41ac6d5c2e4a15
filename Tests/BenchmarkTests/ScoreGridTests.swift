import Benchmark
import Testing

/// Aggregation: mean ± std over sets, averages over tasks and languages, missing cells.
@Suite struct ScoreGridTests {
    /// A record that is right (probability 0.8 on the gold letter A) or wrong (0.8 on B).
    static func record(_ model: String, _ task: BenchmarkTask, _ language: BenchmarkLanguage, set: FewShotSet, id: String, right: Bool) -> QuestionRecord {
        var probabilities = [Double](repeating: 0.05, count: task.letters.count)
        probabilities[right ? 0 : 1] = 0.8
        return TestData.record(model: model, task: task, language: language, set: set, id: id, gold: "A", probabilities: probabilities)
    }

    /// Records for `model`: 2 questions per task; question 1 always right, question 2 right
    /// only in set 1, so each task scores 100, 50, 50 → 66.7 ± 23.6.
    static func records(_ model: String, languages: [BenchmarkLanguage], tasks: [BenchmarkTask] = BenchmarkTask.allCases, sets: [FewShotSet] = FewShotSet.paperSets) -> [QuestionRecord] {
        languages.flatMap { language in
            tasks.flatMap { task in
                sets.flatMap { set in
                    [record(model, task, language, set: set, id: "q1", right: true), record(model, task, language, set: set, id: "q2", right: set == 1)]
                }
            }
        }
    }

    @Test func cellsAreMeanAndPopulationStdOverSets() throws {
        let grid = try ScoreGrid(records: Self.records("m", languages: [.en]), metric: .accuracy)
        let score = try #require(grid.score(model: "m", task: .anatomy, language: .en))
        #expect(score.perSet == [1: 100, 2: 50, 3: 50])
        #expect(abs(score.mean - 200.0 / 3) < 1e-12)
        // √(((100 − 66.67)² + 2 × (50 − 66.67)²) / 3) = √(1666.67 / 3) = 23.57
        #expect(abs(score.standardDeviation - 23.570226039551585) < 1e-9)
        #expect(score.formatted(.accuracy) == "66.7 ± 23.6")
        #expect(score.questionCount == 2)
        #expect(grid.languages == [.en])
    }

    @Test func missingCellsAreNilNotZero() throws {
        let records = Self.records("m", languages: [.en, .fr], tasks: BenchmarkTask.allCases.filter { $0 != .medMCQA })
        let grid = try ScoreGrid(records: records + Self.records("other", languages: [.en]), metric: .accuracy)
        #expect(grid.score(model: "m", task: .medMCQA, language: .fr) == nil)
        #expect(grid.average(model: "m", language: .fr) == nil)
        #expect(grid.score(model: "other", task: .medQA, language: .fr) == nil)
        #expect(grid.average(model: "other", language: .en) != nil)
        #expect(grid.languageAverage(model: "other") == nil)
        #expect(grid.missingCells.count == 2 + 10)
        #expect(grid.models == ["m", "other"])
    }

    @Test func averagesAreTakenSetBySet() throws {
        // Anatomy right in every set (100, 100, 100); every other task 100, 50, 50.
        var records = Self.records("m", languages: [.en], tasks: BenchmarkTask.allCases.filter { $0 != .anatomy })
        for set in FewShotSet.paperSets {
            records += [Self.record("m", .anatomy, .en, set: set, id: "q1", right: true), Self.record("m", .anatomy, .en, set: set, id: "q2", right: true)]
        }
        let grid = try ScoreGrid(records: records, metric: .accuracy)
        let average = try #require(grid.average(model: "m", language: .en))
        // Set 1: 100; sets 2 and 3: (9 × 50 + 100) / 10 = 55.
        #expect(average.perSet == [1: 100, 2: 55, 3: 55])
        #expect(abs(average.mean - 70) < 1e-9)
    }

    /// Zero-shot is another protocol: its grid holds its records only, one value per cell
    /// (complete with its one set), and the few-shot grid never averages it in.
    @Test func zeroShotRecordsFormTheirOwnGrid() throws {
        let records = Self.records("m", languages: [.en]) + Self.records("m", languages: [.en], sets: [.zeroShot])
        let fewShot = try ScoreGrid(records: records, metric: .accuracy)
        #expect(fewShot.score(model: "m", task: .medQA, language: .en)?.perSet == [1: 100, 2: 50, 3: 50])
        let zeroShot = try ScoreGrid(records: records, metric: .accuracy, setting: .zeroShot)
        let score = try #require(zeroShot.score(model: "m", task: .medQA, language: .en))
        #expect(score.perSet == [.zeroShot: 50])
        #expect(zeroShot.expectedSets == 1)
        #expect(zeroShot.isComplete(score))
        #expect(score.formatted(.accuracy) == "50.0")
        #expect(zeroShot.average(model: "m", language: .en)?.formatted(.accuracy) == "50.0")
        // Set 0 is valid in a record; a record of set 0 and one of set 1 are two records.
        #expect(throws: Never.self) { try records.forEach { try $0.validate() } }
    }

    @Test func cellsWithFewerSetsAreIncomplete() throws {
        let records = Self.records("m", languages: [.en], sets: [1, 2])
        let grid = try ScoreGrid(records: records, metric: .accuracy)
        let score = try #require(grid.score(model: "m", task: .medQA, language: .en))
        #expect(!grid.isComplete(score))
        #expect(score.perSet == [1: 100, 2: 50])
    }

    @Test func duplicateAndInvalidRecordsAreRefused() throws {
        let records = Self.records("m", languages: [.en], tasks: [.medQA], sets: [1])
        #expect(throws: QuestionRecordError.duplicate(model: "m", task: "MedQA", language: "en", set: 1, questionID: "q1")) {
            try ScoreGrid(records: records + [records[0]], metric: .accuracy)
        }
        var bad = records[0]
        bad.letters = ["A", "B"]
        #expect(throws: QuestionRecordError.self) { try ScoreGrid(records: [bad], metric: .accuracy) }
    }

    @Test func bootstrapIntervalsAreReproducible() throws {
        let records = Self.records("m", languages: [.en])
        let first = try ScoreGrid(records: records, metric: .accuracy, bootstrap: BootstrapSettings(resamples: 100, seed: 3))
        let second = try ScoreGrid(records: records, metric: .accuracy, bootstrap: BootstrapSettings(resamples: 100, seed: 3))
        let interval = try #require(first.score(model: "m", task: .medQA, language: .en)?.interval)
        #expect(second.score(model: "m", task: .medQA, language: .en)?.interval == interval)
        // Per-question means over the sets are 100 and 33.3: the interval lies between them.
        #expect(interval.lower >= 100.0 / 3 - 1e-9 && interval.upper <= 100)
        let ece = try ScoreGrid(records: records, metric: .ece, bootstrap: BootstrapSettings(resamples: 50, seed: 3))
        #expect(ece.score(model: "m", task: .medQA, language: .en)?.interval != nil)
    }
}
