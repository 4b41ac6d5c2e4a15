import Benchmark
import Foundation
import GRDB
import Testing
import TestSupport
@testable import Sweep

/// The journal on disk: opening and locking, preparing a sweep, leases, commits and reads.
@Suite(.offThePool) struct JournalTests {
    /// One model, MedQA in English, set 1, shards of 2: two units (2 questions and 1).
    static func smallPlan(tasks: [BenchmarkTask] = [.medQA], languages: [BenchmarkLanguage] = [.en]) throws -> Plan {
        try SweepFixtures.plan(tasks: tasks, languages: languages, sets: [1], shardSize: 2)
    }

    func prepared(_ plan: Plan, path: String = SweepFixtures.path("journal.sqlite")) throws -> (Journal, JournalSnapshot) {
        let journal = try Journal.openForWriting(path: path)
        let snapshot = try journal.prepare(
            sweepName: plan.sweep.name, tasks: plan.tasks, source: plan.sweep.source, units: plan.units, now: 1000)
        return (journal, snapshot)
    }

    func journalError(_ body: () throws -> Void) -> JournalError? {
        do {
            try body()
            return nil
        } catch let error as JournalError {
            return error
        } catch {
            Issue.record("not a JournalError: \(error)")
            return nil
        }
    }

    /// Results whose numbers and strings are awkward to store and read back.
    static func awkwardResults(_ questions: [UnitQuestion]) -> [QuestionResult] {
        let values = SweepFixtures.awkwardValues
        return questions.enumerated().map { n, question in
            QuestionResult(
                questionID: question.id, index: question.index, language: question.language,
                topTokenID: n == 0 ? Int32.max : Int32(n),
                topTokenPiece: "▁\"q\\,\(n)",
                topTokenText: n == 0 ? "\u{0}\"\\," : " " + question.letters[n % question.letters.count] + "\n",
                topTokenProbability: values[(n + 3) % values.count],
                topLetter: n == 0 ? nil : question.letters[n % question.letters.count],
                letterProbabilities: question.letters.indices.map { values[(n * 2 + $0) % values.count] },
                promptTokens: 100 + n, computedTokens: n % 2 == 0 ? nil : n, seconds: values[(n + 5) % values.count])
        }
    }

    /// Where two results' Doubles first differ in bits, or nil when they agree bit for bit.
    static func bitDifference(_ read: [QuestionResult], _ written: [QuestionResult]) -> String? {
        let a = SweepFixtures.bits(read), b = SweepFixtures.bits(written)
        if a.count != b.count { return "\(a.count) numbers read, \(b.count) written" }
        guard let index = a.indices.first(where: { a[$0] != b[$0] }) else { return nil }
        return "number \(index): read \(Double(bitPattern: a[index])), written \(Double(bitPattern: b[index]))"
    }

    // MARK: - Opening

    @Test func openForWritingCreatesAndMigrates() throws {
        let path = SweepFixtures.path("journal.sqlite")
        #expect(!FileManager.default.fileExists(atPath: path))
        let journal = try Journal.openForWriting(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(journal.path == path)
        // Migrated: a reader accepts it, and says no sweep is recorded yet.
        let reader = try Journal.openForReading(path: path)
        #expect(journalError { _ = try reader.tasks() } == .notASweepJournal(path: path))
        #expect(try journal.unitStates().isEmpty)
    }

    @Test func openForWritingInAMissingFolder() {
        let path = SweepFixtures.path("absent-folder") + "/journal.sqlite"
        guard case .cannotOpen(let reported, _)? = journalError({ _ = try Journal.openForWriting(path: path) }) else {
            Issue.record("expected cannotOpen")
            return
        }
        #expect(reported == path)
    }

    @Test func secondWriterIsRefusedUntilTheFirstIsReleased() throws {
        let path = SweepFixtures.path("journal.sqlite")
        var first: Journal? = try Journal.openForWriting(path: path)
        #expect(first != nil)
        #expect(journalError { _ = try Journal.openForWriting(path: path) } == .inUse(path: path))
        // Readers are never refused.
        _ = try Journal.openForReading(path: path)
        first = nil
        let second = try Journal.openForWriting(path: path)
        #expect(second.path == path)
    }

    @Test func openForReadingAMissingFile() {
        let path = SweepFixtures.path("absent.sqlite")
        guard case .cannotOpen(let reported, _)? = journalError({ _ = try Journal.openForReading(path: path) }) else {
            Issue.record("expected cannotOpen")
            return
        }
        #expect(reported == path)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func openForReadingAnSQLiteFileThatIsNoJournal() throws {
        let path = SweepFixtures.path("other.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE patient (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO patient (name) VALUES ('x')")
        }
        try queue.close()
        #expect(journalError { _ = try Journal.openForReading(path: path) } == .notASweepJournal(path: path))
    }

    @Test func openForReadingAFileThatIsNotSQLite() throws {
        let path = SweepFixtures.path("text.sqlite")
        try String(repeating: "this is not a database\n", count: 200).write(toFile: path, atomically: true, encoding: .utf8)
        let error = journalError { _ = try Journal.openForReading(path: path) }
        switch error {
        case .cannotOpen(let reported, _)?, .corrupt(let reported, _)?: #expect(reported == path)
        default: Issue.record("expected cannotOpen or corrupt, got \(String(describing: error))")
        }
    }

    // MARK: - Preparing

    @Test func prepareInsertsUnitsAsQueued() throws {
        let plan = try Self.smallPlan()
        let (journal, snapshot) = try prepared(plan)
        #expect(snapshot.units.count == 2)
        #expect(snapshot.units.allSatisfy { $0.state == .queued && $0.attempts == 0 && $0.lastError == nil })
        #expect(snapshot.activeLeases.isEmpty)
        let status = try journal.status()
        #expect(status.sweep == plan.sweep.name)
        #expect(try journal.unitCounts() == [.queued: 2])
        #expect(status.totals.questions == 3)
        #expect(status.totals.questionsDone == 0)
        #expect(try journal.tasks() == [.medQA])
        #expect(try journal.unitStates().map(\.id) == plan.units.map(\.id))
        #expect(try journal.events(kind: .coordinatorStart).first?.detail == "2 units in the plan, 2 new")
    }

    /// Units hold every language of the sweep, so a language added later changes every unit:
    /// running the new ones beside the journal's would score the old languages twice.
    @Test func aSweepCutDifferentlyIsRefusedNamingTheOverlap() throws {
        let path = SweepFixtures.path("journal.sqlite")
        _ = try prepared(try Self.smallPlan(), path: path)
        let larger = try Self.smallPlan(languages: [.en, .fr])
        #expect(larger.units.allSatisfy { $0.languages == [.en, .fr] })
        let error = journalError { _ = try prepared(larger, path: path) }
        guard case .overlappingUnits(_, let planned, _)? = error else {
            Issue.record("expected overlappingUnits, got \(String(describing: error))")
            return
        }
        #expect(planned.contains("en+fr"))
        #expect("\(error!)".contains("languages or shard size changed"))
        // Nothing was added.
        #expect(try Journal.openForReading(path: path).unitStates().count == 2)
    }

    @Test func rePrepareAddsOnlyNewUnitsAndKeepsStates() throws {
        let path = SweepFixtures.path("journal.sqlite")
        let small = try Self.smallPlan()
        do {
            let (journal, _) = try prepared(small, path: path)
            let lease = try journal.grantLease(unitID: small.units[0].id, workerID: "w1", speculative: false, now: 1001, deadline: 1121)
            try journal.endLease(
                id: lease, outcome: .expired, now: 1200, unitID: small.units[0].id, unitState: .queued, attempts: 1, lastError: "timeout")
            let lease2 = try journal.grantLease(unitID: small.units[1].id, workerID: "w1", speculative: false, now: 1201, deadline: 1321)
            _ = try journal.commitResults(
                leaseID: lease2, unitID: small.units[1].id, workerID: "w1", results: SweepFixtures.results(for: try small.questions(for: small.units[1])),
                questions: try small.questions(for: small.units[1]), now: 1202)
        }
        let larger = try Self.smallPlan(tasks: [.medQA, .pubMedQA])
        #expect(larger.units.count == 4)
        #expect(Set(small.units.map(\.id)).isSubset(of: larger.units.map(\.id)))
        let (journal, snapshot) = try prepared(larger, path: path)
        #expect(snapshot.units.count == 4)
        let byID = Dictionary(uniqueKeysWithValues: snapshot.units.map { ($0.unit.id, $0) })
        #expect(byID[small.units[0].id]?.state == .queued)
        #expect(byID[small.units[0].id]?.attempts == 1)
        #expect(byID[small.units[0].id]?.lastError == "timeout")
        #expect(byID[small.units[1].id]?.state == .done)
        #expect(snapshot.units.filter { $0.unit.task == .pubMedQA }.allSatisfy { $0.state == .queued && $0.attempts == 0 })
        #expect(try journal.unitStates().count == 4)
        #expect(try journal.events(kind: .coordinatorStart).last?.detail == "4 units in the plan, 2 new")
        #expect(try journal.unitCounts() == [.queued: 3, .done: 1])
        // Preparing again with the smaller plan neither adds nor removes anything.
        let again = try journal.prepare(sweepName: small.sweep.name, tasks: small.tasks, source: "", units: small.units, now: 2000)
        #expect(again.units.count == 2)
        #expect(try journal.unitStates().count == 4)
    }

    @Test func prepareForAnotherSweepIsRefused() throws {
        let plan = try Self.smallPlan()
        let path = SweepFixtures.path("journal.sqlite")
        let (journal, _) = try prepared(plan, path: path)
        let error = journalError {
            _ = try journal.prepare(sweepName: "another-sweep", tasks: plan.tasks, source: "", units: plan.units, now: 2000)
        }
        #expect(error == .otherSweep(path: path, journalSweep: plan.sweep.name, sweep: "another-sweep"))
        #expect(error?.description.contains("another-sweep") == true)
        #expect(try journal.unitStates().count == 2)
    }

    // MARK: - Leases and commits

    @Test func committedResultsReadBackBitForBit() throws {
        let plan = try Self.smallPlan()
        let (journal, _) = try prepared(plan)
        let unit = plan.units[0]
        let questions = try plan.questions(for: unit)
        let lease = try journal.grantLease(unitID: unit.id, workerID: "w1", speculative: false, now: 1001, deadline: 1121)
        #expect(try journal.unitCounts() == [.leased: 1, .queued: 1])
        let written = Self.awkwardResults(questions)
        let outcome = try journal.commitResults(leaseID: lease, unitID: unit.id, workerID: "w1", results: written, questions: questions, now: 1010)
        #expect(outcome == .committed)

        let read = try journal.results(unitID: unit.id)
        #expect(read.count == written.count)
        #expect(Self.bitDifference(read, written.sorted { $0.index < $1.index }) == nil)
        for (back, sent) in zip(read, written.sorted { $0.index < $1.index }) where back != sent {
            Issue.record("question \(sent.questionID): text \(back.topTokenText.debugDescription) read back, \(sent.topTokenText.debugDescription) written")
        }
        #expect(try journal.unitStates().first?.state == .done)
        #expect(try journal.counts().results == questions.count)
        #expect(try journal.leaseCounts() == [.completed: 1])
        #expect(try journal.status().totals.questionsDone == unit.questionCount)
        #expect(try journal.status().totals.promptTokens == written.reduce(0) { $0 + $1.promptTokens })
        #expect(try journal.unitCounts()[.done] == 1)
    }

    @Test func secondCommitIsADuplicateAndWritesNothing() throws {
        let plan = try Self.smallPlan()
        let (journal, _) = try prepared(plan)
        let unit = plan.units[0]
        let questions = try plan.questions(for: unit)
        let lease = try journal.grantLease(unitID: unit.id, workerID: "w1", speculative: false, now: 1001, deadline: 1121)
        let first = SweepFixtures.results(for: questions)
        #expect(try journal.commitResults(leaseID: lease, unitID: unit.id, workerID: "w1", results: first, questions: questions, now: 1010) == .committed)
        // Again on the same lease, and from a lease granted after the unit was done, with other numbers.
        var other = first
        other[0].topTokenProbability = 0.99
        #expect(try journal.commitResults(leaseID: lease, unitID: unit.id, workerID: "w1", results: other, questions: questions, now: 1011) == .duplicate)
        let late = try journal.grantLease(unitID: unit.id, workerID: "w2", speculative: false, now: 1012, deadline: 1132)
        #expect(try journal.commitResults(leaseID: late, unitID: unit.id, workerID: "w2", results: other, questions: questions, now: 1013) == .duplicate)
        #expect(try journal.counts().results == questions.count)
        #expect(try journal.results(unitID: unit.id).first?.topTokenProbability == 0.5)
        #expect(try journal.events(kind: .resultDuplicate).count == 2)
        #expect(try journal.unitStates().first?.state == .done)
    }

    @Test func commitOnAnEndedLeaseIsStale() throws {
        let plan = try Self.smallPlan()
        let (journal, _) = try prepared(plan)
        let unit = plan.units[0]
        let questions = try plan.questions(for: unit)
        let lease = try journal.grantLease(unitID: unit.id, workerID: "w1", speculative: false, now: 1001, deadline: 1121)
        try journal.endLease(id: lease, outcome: .expired, now: 1130, unitID: unit.id, unitState: .queued, attempts: 1, lastError: "expired")
        let outcome = try journal.commitResults(
            leaseID: lease, unitID: unit.id, workerID: "w1", results: SweepFixtures.results(for: questions), questions: questions, now: 1140)
        #expect(outcome == .stale)
        #expect(try journal.counts().results == 0)
        #expect(try journal.unitStates().first?.state == .queued)
        #expect(try journal.events(kind: .resultStale).first?.workerID == "w1")
        // A lease id the journal never granted (or granted for another unit) is stale too.
        let other = try journal.grantLease(unitID: plan.units[1].id, workerID: "w2", speculative: false, now: 1150, deadline: 1270)
        #expect(try journal.commitResults(
            leaseID: other, unitID: unit.id, workerID: "w2", results: SweepFixtures.results(for: questions), questions: questions, now: 1160) == .stale)
        #expect(try journal.commitResults(
            leaseID: 9999, unitID: unit.id, workerID: "w1", results: SweepFixtures.results(for: questions), questions: questions, now: 1160) == .stale)
        #expect(try journal.counts().results == 0)
    }

    @Test func commitForAUnitNotInTheJournal() throws {
        let plan = try Self.smallPlan()
        let (journal, _) = try prepared(plan)
        let error = journalError {
            _ = try journal.commitResults(leaseID: 1, unitID: "not-a-unit", workerID: "w1", results: [], questions: [], now: 1)
        }
        guard case .corrupt? = error else {
            Issue.record("expected corrupt, got \(String(describing: error))")
            return
        }
    }

    @Test func endLeaseRecordsStateAttemptsAndReason() throws {
        let plan = try Self.smallPlan()
        let (journal, _) = try prepared(plan)
        let unit = plan.units[0]
        let first = try journal.grantLease(unitID: unit.id, workerID: "w1", speculative: false, now: 1001, deadline: 1121)
        try journal.endLease(id: first, outcome: .failed, now: 1002, unitID: unit.id, unitState: .queued, attempts: 1, lastError: "out of memory")
        var state = try journal.unitStates().first
        #expect(state?.state == .queued)
        #expect(state?.attempts == 1)
        #expect(state?.lastError == "out of memory")

        let second = try journal.grantLease(unitID: unit.id, workerID: "w2", speculative: false, now: 1003, deadline: 1123)
        try journal.endLease(id: second, outcome: .expired, now: 1200, unitID: unit.id, unitState: .failed, attempts: 2, lastError: "expired")
        state = try journal.unitStates().first
        #expect(state?.state == .failed)
        #expect(state?.attempts == 2)
        #expect(state?.lastError == "expired")
        #expect(try journal.leaseCounts() == [.failed: 1, .expired: 1])
        #expect(try journal.events(kind: .unitFailed).count == 1)
        #expect(try journal.unitCounts()[.failed] == 1)
        // Ending a lease twice changes nothing more on the lease.
        try journal.endLease(id: second, outcome: .returned, now: 1300, unitID: unit.id, unitState: .failed, attempts: 2, lastError: "expired")
        #expect(try journal.leaseCounts() == [.failed: 1, .expired: 1])
    }

    @Test func endLeaseNeverUndoesADoneUnit() throws {
        let plan = try Self.smallPlan()
        let (journal, _) = try prepared(plan)
        let unit = plan.units[0]
        let questions = try plan.questions(for: unit)
        let first = try journal.grantLease(unitID: unit.id, workerID: "w1", speculative: false, now: 1001, deadline: 1121)
        let copy = try journal.grantLease(unitID: unit.id, workerID: "w2", speculative: true, now: 1050, deadline: 1170)
        #expect(try journal.snapshot(of: plan.units).activeLeases.count == 2)
        #expect(try journal.commitResults(
            leaseID: copy, unitID: unit.id, workerID: "w2", results: SweepFixtures.results(for: questions), questions: questions, now: 1060) == .committed)
        // The other lease was superseded by the commit.
        #expect(try journal.leaseCounts() == [.completed: 1, .superseded: 1])
        #expect(try journal.snapshot(of: plan.units).activeLeases.isEmpty)
        try journal.endLease(id: first, outcome: .expired, now: 1200, unitID: unit.id, unitState: .queued, attempts: 1, lastError: "late")
        #expect(try journal.unitStates().first?.state == .done)
        #expect(try journal.commitResults(
            leaseID: first, unitID: unit.id, workerID: "w1", results: SweepFixtures.results(for: questions), questions: questions, now: 1210) == .duplicate)
    }

    @Test func activeLeasesSurviveARestart() throws {
        let plan = try Self.smallPlan()
        let path = SweepFixtures.path("journal.sqlite")
        var leaseID: Int64 = 0
        do {
            let (journal, _) = try prepared(plan, path: path)
            leaseID = try journal.grantLease(unitID: plan.units[1].id, workerID: "w7", speculative: true, now: 1001.5, deadline: 1121.5)
        }
        let (journal, snapshot) = try prepared(plan, path: path)
        #expect(snapshot.activeLeases == [
            JournalLease(id: leaseID, unitID: plan.units[1].id, workerID: "w7", speculative: true, grantedAt: 1001.5, deadline: 1121.5),
        ])
        #expect(snapshot.units.map(\.state) == [.queued, .leased])
        // Lease ids are never reused, even across restarts.
        let next = try journal.grantLease(unitID: plan.units[0].id, workerID: "w8", speculative: false, now: 2000, deadline: 2120)
        #expect(next > leaseID)
        // Leases on units the plan no longer has are left out.
        let subset = try journal.prepare(sweepName: plan.sweep.name, tasks: plan.tasks, source: "", units: [plan.units[0]], now: 3000)
        #expect(subset.activeLeases.map(\.unitID) == [plan.units[0].id])
    }

    // MARK: - Reads

    @Test func recordSourceLabelsResultsWithTheirUnit() throws {
        let plan = try SweepFixtures.plan(tasks: [.medQA, .pubMedQA], languages: [.fr], sets: [2], shardSize: 3)
        let path = SweepFixtures.path("journal.sqlite")
        let (journal, _) = try prepared(plan, path: path)
        var committed: [String: UnitQuestion] = [:]
        for (n, unit) in plan.units.enumerated() {
            let questions = try plan.questions(for: unit)
            let lease = try journal.grantLease(unitID: unit.id, workerID: "w\(n)", speculative: false, now: 1001, deadline: 1121)
            #expect(try journal.commitResults(
                leaseID: lease, unitID: unit.id, workerID: "w\(n)", results: Self.awkwardResults(questions), questions: questions, now: 1002) == .committed)
            for question in questions { committed[question.id] = question }
        }
        let source = try JournalRecordSource(journal: try Journal.openForReading(path: path))
        #expect(source.tasks == [.medQA, .pubMedQA])
        #expect(!source.isSynthetic)
        #expect(source.label == "journal \(path)")
        let records = try source.records()
        #expect(records.count == 6)
        #expect(records.allSatisfy { $0.model == "tiny-a" && $0.language == .fr && $0.fewShotSet == 2 })
        #expect(records.filter { $0.task == .medQA }.count == 3)
        #expect(records.filter { $0.task == .pubMedQA }.count == 3)
        // In plan order: MedQA's records first, in question order.
        #expect(records.prefix(3).allSatisfy { $0.task == .medQA })
        for record in records {
            guard let question = committed[record.questionID] else {
                Issue.record("record for a question not committed: \(record.questionID)")
                continue
            }
            #expect(record.goldLetter == question.gold)
            #expect(record.letters == question.letters)
            #expect(record.letterProbabilities.count == question.letters.count)
            #expect(record.task.letters == record.letters)
        }
        #expect(records.contains { $0.topTokenLetter == nil })
        #expect(records.contains { $0.topTokenLetter != nil })
    }

    @Test func aReaderSeesCommitsWhileTheWriterRuns() throws {
        let plan = try Self.smallPlan()
        let path = SweepFixtures.path("journal.sqlite")
        let (journal, _) = try prepared(plan, path: path)
        let reader = try Journal.openForReading(path: path)
        #expect(try reader.status().totals.questionsDone == 0)
        let unit = plan.units[1]
        let questions = try plan.questions(for: unit)
        let lease = try journal.grantLease(unitID: unit.id, workerID: "w1", speculative: false, now: 1001, deadline: 1121)
        _ = try journal.commitResults(leaseID: lease, unitID: unit.id, workerID: "w1", results: Self.awkwardResults(questions), questions: questions, now: 1002)
        #expect(try reader.status().totals.questionsDone == 1)
        #expect(Self.bitDifference(try reader.results(unitID: unit.id), Self.awkwardResults(questions)) == nil)
    }

    @Test func workersAreRecordedOnceAndCountTheirUnits() throws {
        let plan = try Self.smallPlan()
        let (journal, _) = try prepared(plan)
        try journal.recordWorker(id: "w1", host: "h", pid: 1, cores: 8, engineVersion: "v", now: 1000)
        try journal.recordWorker(id: "w1", host: "h", pid: 1, cores: 8, engineVersion: "v", now: 1001)
        #expect(try journal.events(kind: .workerHello).count == 2)
        let unit = plan.units[0]
        let questions = try plan.questions(for: unit)
        let lease = try journal.grantLease(unitID: unit.id, workerID: "w1", speculative: false, now: 1001, deadline: 1121)
        _ = try journal.commitResults(leaseID: lease, unitID: unit.id, workerID: "w1", results: SweepFixtures.results(for: questions), questions: questions, now: 1002)
        let done = try journal.pool.read { db in try Int.fetchOne(db, sql: "SELECT units_done FROM worker WHERE id = 'w1'") }
        #expect(done == 1)
        #expect(try journal.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM worker") } == 1)
    }

    @Test func journalTextRoundTrips() {
        let strings = ["A", "\"quoted\"", "back\\slash", "comma,inside", "", "é中"]
        #expect(JournalText.parseList(JournalText.list(strings)) == strings)
        let values = SweepFixtures.awkwardValues
        let parsed = JournalText.parseNumbers(JournalText.numbers(values)) ?? []
        #expect(parsed.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(JournalText.parseNumbers("[]") == [])
        #expect(JournalText.parseNumbers("[1, x]") == nil)
        #expect(JournalText.parseList("[\"a\"") == nil)
        #expect(JournalText.parseList("[a]") == nil)
    }
}
