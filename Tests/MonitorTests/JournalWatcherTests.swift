import Foundation
import Benchmark
import Monitor
import TestSupport
import Sweep
import Testing

/// The status built from a journal: totals, cells with running accuracy, workers, events,
/// throughput, read incrementally without counting anything twice.
@Suite struct JournalWatcherTests {
    @Test func countsFollowTheJournalAndAreNotCountedTwice() throws {
        let driver = try JournalDriver()
        defer { driver.remove() }
        let watcher = JournalWatcher(journal: driver.journal)

        let empty = try watcher.status(now: JournalDriver.clock(1))
        #expect(empty.sweep == "monitored")
        #expect(empty.source == .journal)
        #expect(empty.totals.units == 4)
        #expect(empty.totals.unitsQueued == 4)
        #expect(empty.totals.questions == 12)
        #expect(empty.totals.questionsDone == 0)
        #expect(empty.totals.accuracy == nil)
        #expect(empty.finished == false)
        #expect(empty.throughput.etaSeconds == nil)
        #expect(empty.models == ["tiny"])
        #expect(empty.languages == ["en", "fr"])
        #expect(empty.tasks.map(\.id) == ["MedQA"])
        #expect(empty.events.map(\.kind) == [.coordinatorStart])

        try driver.hello("w1", at: 2)
        let first = try driver.lease(0, to: "w1", at: 3)
        let running = try watcher.status(now: JournalDriver.clock(4))
        #expect(running.totals.unitsLeased == 1)
        #expect(running.workers.count == 1)
        #expect(running.workers[0].state == .working)
        #expect(running.workers[0].host == "host-w1")
        #expect(running.workers[0].unit?.contains("MedQA en set 1 shard 0") == true)
        #expect(running.events.first?.kind == .workerHello)
        #expect(running.events.first?.kind.wireName == "worker-joined")

        try driver.commit(0, lease: first, correct: 2, at: 10)
        let second = try driver.lease(2, to: "w1", at: 11)
        try driver.commit(2, lease: second, correct: 3, at: 20)
        let later = try watcher.status(now: JournalDriver.clock(21))
        // Asked again with nothing new: the same numbers (the events were read once).
        let again = try watcher.status(now: JournalDriver.clock(21))
        for status in [later, again] {
            #expect(status.totals.unitsDone == 2)
            #expect(status.totals.questionsDone == 6)
            #expect(status.totals.correct == 5)
            #expect(status.totals.accuracy == 5.0 / 6.0)
            #expect(status.totals.promptTokens == 600)
            #expect(status.totals.promptTokensComputed == 240)
            let english = try #require(status.cells.first { $0.language == "en" })
            #expect(english.unitsDone == 1)
            #expect(english.unitsQueued == 1)
            #expect(english.correct == 2)
            #expect(english.accuracy == 2.0 / 3.0)
            let french = try #require(status.cells.first { $0.language == "fr" })
            #expect(french.correct == 3)
            #expect(status.workers[0].state == .seen)
            #expect(status.workers[0].unitsDone == 2)
        }
        // 6 questions committed within the 21 seconds since the coordinator started.
        #expect(abs(later.throughput.questionsPerSecond - 6.0 / 21.0) < 1e-9)
        #expect(abs(later.throughput.history.reduce(0, +) * later.throughput.bucketSeconds - 6) < 1e-9)
        #expect(later.throughput.etaSeconds.map { abs($0 - 6 / (6.0 / 21.0)) < 1e-6 } == true)
    }

    /// A unit holding two languages is in both languages' cells, with its questions and
    /// correct answers in each; the sweep counts it once.
    @Test func aUnitOfSeveralLanguagesCountsInEachLanguagesCell() throws {
        let folder = temporaryPath("monitor-languages")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let journal = try Journal.openForWriting(path: folder + "/sweep.journal")
        let unit = WorkUnit(
            id: "both", model: "tiny", task: .medQA, slices: [.init(language: .en, questionCount: 2), .init(language: .zh, questionCount: 1)],
            fewShotSet: 1, shard: 0, firstQuestion: 0)
        _ = try journal.prepare(sweepName: "languages", tasks: [.medQA], source: "test", units: [unit], now: 1)
        let lease = try journal.grantLease(unitID: unit.id, workerID: "w1", speculative: false, now: 2, deadline: 60)
        let questions = [(0, BenchmarkLanguage.en), (0, .zh), (1, .en)].map { index, language in
            UnitQuestion(id: "q\(index)", index: index, language: language, prompt: "p", letters: ["A", "B"], gold: "A")
        }
        // Right in English for both questions, wrong in Chinese.
        let results = questions.map { question in
            let letter = question.language == .en ? "A" : "B"
            return QuestionResult(
                questionID: question.id, index: question.index, language: question.language, topTokenID: 1, topTokenPiece: letter,
                topTokenText: letter, topTokenProbability: 0.5, topLetter: letter, letterProbabilities: [0.5, 0.5],
                promptTokens: 100, computedTokens: question.language == .en && question.index == 0 ? 100 : 20, seconds: 0.1)
        }
        #expect(try journal.commitResults(leaseID: lease, unitID: unit.id, workerID: "w1", results: results, questions: questions, now: 3) == .committed)
        let status = try JournalWatcher(journal: journal).status(now: 4)
        #expect(status.languages == ["en", "zh"])
        #expect(status.totals.units == 1)
        #expect(status.totals.unitsDone == 1)
        #expect(status.totals.questionsDone == 3)
        #expect(status.totals.correct == 2)
        #expect(status.totals.promptTokens == 300)
        #expect(status.totals.promptTokensComputed == 140)
        let english = try #require(status.cells.first { $0.language == "en" })
        #expect((english.units, english.unitsDone, english.questions, english.questionsDone, english.correct) == (1, 1, 2, 2, 2))
        let chinese = try #require(status.cells.first { $0.language == "zh" })
        #expect((chinese.units, chinese.unitsDone, chinese.questions, chinese.questionsDone, chinese.correct) == (1, 1, 1, 1, 0))
        let records = try journal.records()
        #expect(records.map(\.language) == [.en, .zh, .en])
        #expect(StatusView.tokensComputed(status.totals) == ("prompt tokens computed 140 of 300 (2.14x fewer)"))
    }

    @Test func expiredLeasesFailuresAndTheFinishAreEvents() throws {
        let driver = try JournalDriver()
        defer { driver.remove() }
        let watcher = JournalWatcher(journal: driver.journal)
        try driver.hello("w1", at: 1)
        let lease = try driver.lease(1, to: "w1", at: 2)
        try driver.journal.endLease(
            id: lease, outcome: .expired, now: JournalDriver.clock(70), unitID: driver.units[1].id, unitState: .failed, attempts: 1,
            lastError: "lease 1 held by w1 expired without a heartbeat")
        try driver.journal.recordEvent(.workerLost, workerID: "w1", detail: "silent for 68 s", now: JournalDriver.clock(71))
        let status = try watcher.status(now: JournalDriver.clock(72))
        #expect(status.leaseExpiries == 1)
        #expect(status.totals.unitsFailed == 1)
        #expect(Array(status.events.prefix(3).map(\.kind)) == [.workerLost, .unitFailed, .leaseExpired])
        #expect(status.events[1].detail?.contains("expired without a heartbeat") == true)
        #expect(status.events[1].unit?.contains("shard 1") == true)

        for index in [0, 2, 3] {
            let lease = try driver.lease(index, to: "w1", at: 80)
            try driver.commit(index, lease: lease, correct: 1, at: 81)
        }
        let finished = try watcher.status(now: JournalDriver.clock(82))
        #expect(finished.finished)
        #expect(finished.throughput.etaSeconds == 0)
    }

    @Test func readingEventsInSmallBatchesGivesTheSameStatus() throws {
        let driver = try JournalDriver()
        defer { driver.remove() }
        try driver.hello("w1", at: 1)
        for index in 0 ..< 3 {
            let lease = try driver.lease(index, to: "w1", at: 2 + Double(index))
            try driver.commit(index, lease: lease, correct: index, at: 3 + Double(index))
        }
        let whole = try JournalWatcher(journal: driver.journal).status(now: JournalDriver.clock(10))
        let batched = try JournalWatcher(journal: driver.journal, eventBatchSize: 2).status(now: JournalDriver.clock(10))
        #expect(batched == whole)
        #expect(whole.totals.correct == 3)
        #expect(whole.events.count == 2)
    }

    @Test func aJournalOfAnotherKindIsRefusedNamingTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-journal-\(UUID().uuidString)").path
        try Data("plain text".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: (any Error).self) { try Journal.openForReading(path: path) }
        do {
            _ = try Journal.openForReading(path: path)
        } catch {
            #expect("\(error)".contains(path))
        }
    }
}
