import Benchmark
import Foundation
import GRDB

/// The coordinator's writes. Each is one transaction: a unit's state never disagrees with its
/// leases and results, whenever the process dies.
extension Journal {
    /// Records the sweep (first run) or checks it is the same sweep (restart), adds the plan's
    /// units the journal does not hold yet as queued, and returns what to resume from.
    public func prepare(sweepName: String, tasks: [BenchmarkTask], source: String, units: [WorkUnit], now: Double) throws
        -> JournalSnapshot
    {
        try pool.write { db in
            if let recorded = try Row.fetchOne(db, sql: "SELECT name, answer_rule FROM sweep WHERE id = 1") {
                guard recorded["name"] == sweepName else {
                    throw JournalError.otherSweep(path: path, journalSweep: recorded["name"], sweep: sweepName)
                }
                guard AnswerRule(rawValue: recorded["answer_rule"]) == .decodedText else {
                    throw JournalError.earlierAnswerRule(path: path)
                }
            } else {
                try db.execute(
                    sql: "INSERT INTO sweep (id, name, tasks, source, created_at, answer_rule) VALUES (1, ?, ?, ?, ?, ?)",
                    arguments: [sweepName, JournalText.list(tasks.map(\.corpusName)), source, now, AnswerRule.decodedText.rawValue])
            }
            var ordinal = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(ordinal) + 1, 0) FROM unit") ?? 0
            let insert = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO unit
                    (id, ordinal, model, task, language, fewshot_set, shard, first_question, question_count, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued')
                """)
            var added = 0
            for unit in units {
                try insert.execute(arguments: [
                    unit.id, ordinal, unit.model, unit.task.corpusName, unit.language.rawValue, unit.fewShotSet.number, unit.shard,
                    unit.firstQuestion, unit.questionCount,
                ])
                if db.changesCount > 0 {
                    ordinal += 1
                    added += 1
                }
            }
            try event(db, at: now, kind: "coordinator-start", detail: "\(units.count) units in the plan, \(added) new")
        }
        return try snapshot(of: units)
    }

    /// The plan's units as the journal has them, and their active leases.
    func snapshot(of units: [WorkUnit]) throws -> JournalSnapshot {
        try pool.read { db in
            var rows: [String: (UnitState, Int, String?)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, state, attempts, last_error FROM unit") {
                let state = UnitState(rawValue: row["state"]) ?? .queued
                rows[row["id"]] = (state, row["attempts"], row["last_error"])
            }
            let journalUnits = units.map { unit in
                let (state, attempts, lastError) = rows[unit.id] ?? (.queued, 0, nil)
                return JournalUnit(unit: unit, state: state, attempts: attempts, lastError: lastError)
            }
            let planned = Set(units.map(\.id))
            let leases = try Row.fetchAll(db, sql: """
                SELECT id, unit_id, worker_id, speculative, granted_at, deadline FROM lease
                WHERE ended_at IS NULL ORDER BY id
                """).map { row in
                JournalLease(
                    id: row["id"], unitID: row["unit_id"], workerID: row["worker_id"], speculative: row["speculative"],
                    grantedAt: row["granted_at"], deadline: row["deadline"])
            }
            return JournalSnapshot(units: journalUnits, activeLeases: leases.filter { planned.contains($0.unitID) })
        }
    }

    /// Records a lease on `unitID` for `workerID`; returns its id (never reused).
    public func grantLease(unitID: String, workerID: String, speculative: Bool, now: Double, deadline: Double) throws -> Int64 {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO lease (unit_id, worker_id, speculative, granted_at, deadline) VALUES (?, ?, ?, ?, ?)",
                arguments: [unitID, workerID, speculative, now, deadline])
            let id = db.lastInsertedRowID
            try db.execute(
                sql: "UPDATE unit SET state = 'leased' WHERE id = ? AND state IN ('queued', 'leased')", arguments: [unitID])
            try event(db, at: now, kind: speculative ? "leased-speculatively" : "leased", unitID: unitID, workerID: workerID, leaseID: id)
            return id
        }
    }

    /// Ends a lease without a result and sets its unit's state as the scheduler decided
    /// (`queued` again, `failed`, or still `leased` when another lease holds it).
    public func endLease(
        id: Int64, ending: LeaseEnding, now: Double, unitID: String, unitState: UnitState, attempts: Int, lastError: String?
    ) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE lease SET ended_at = ?, outcome = ? WHERE id = ? AND ended_at IS NULL",
                arguments: [now, ending.rawValue, id])
            try db.execute(
                sql: "UPDATE unit SET state = ?, attempts = ?, last_error = ? WHERE id = ? AND state != 'done'",
                arguments: [unitState.rawValue, attempts, lastError, unitID])
            try event(db, at: now, kind: "lease-\(ending.rawValue)", unitID: unitID, leaseID: id, detail: lastError)
            if unitState == .failed {
                try event(db, at: now, kind: "unit-failed", unitID: unitID, detail: lastError)
            }
        }
    }

    /// Commits a unit's results with its state change, in one transaction: `committed` when the
    /// lease was active and the unit not done; `duplicate` when the unit was already done;
    /// `stale` when the lease had ended. Only a committed outcome writes results.
    public func commitResults(
        leaseID: Int64, unitID: String, results: [QuestionResult], questions: [UnitQuestion], now: Double
    ) throws -> CommitOutcome {
        try pool.write { db in
            guard let state = try String.fetchOne(db, sql: "SELECT state FROM unit WHERE id = ?", arguments: [unitID]) else {
                throw JournalError.corrupt(path: path, reason: "unit \(unitID) is not in the journal")
            }
            let lease = try Row.fetchOne(
                db, sql: "SELECT worker_id, ended_at, outcome FROM lease WHERE id = ? AND unit_id = ?",
                arguments: [leaseID, unitID])
            let workerID: String? = lease?["worker_id"]
            // A lease that expired, failed or was returned lost its claim: whatever happened to
            // the unit since, its result is stale. A completed lease sending again (a retried
            // request) or a speculative twin arriving second is a duplicate of work done.
            let endedOutcome: String? = lease.flatMap { row -> String? in row["outcome"] }
            if lease == nil || endedOutcome.map(Self.claimLosingOutcomes.contains) == true {
                try event(db, at: now, kind: "result-stale", unitID: unitID, workerID: workerID, leaseID: leaseID)
                return .stale
            }
            if state == UnitState.done.rawValue {
                try event(db, at: now, kind: "result-duplicate", unitID: unitID, workerID: workerID, leaseID: leaseID)
                return .duplicate
            }
            guard let lease, (lease["ended_at"] as Double?) == nil else {
                try event(db, at: now, kind: "result-stale", unitID: unitID, workerID: workerID, leaseID: leaseID)
                return .stale
            }
            // The coordinator renders the questions only for a unit not yet done: here it is not.
            precondition(results.count == questions.count, "unit \(unitID): \(results.count) results for \(questions.count) questions")
            let insert = try db.makeStatement(sql: """
                INSERT INTO result (unit_id, question_id, question_index, gold, letters, letter_probabilities, top_token_id,
                    top_token_piece, top_token_text, top_token_probability, top_letter, prompt_tokens, seconds, lease_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (result, question) in zip(results, questions) {
                try insert.execute(arguments: [
                    unitID, result.questionID, result.index, question.gold, JournalText.list(question.letters),
                    JournalText.numbers(result.letterProbabilities), Int64(result.topTokenID), result.topTokenPiece,
                    Data(result.topTokenText.utf8), result.topTokenProbability, result.topLetter, result.promptTokens, result.seconds, leaseID,
                ])
            }
            try db.execute(
                sql: "UPDATE unit SET state = 'done', completed_by_lease = ?, completed_at = ? WHERE id = ?",
                arguments: [leaseID, now, unitID])
            try db.execute(
                sql: "UPDATE lease SET ended_at = ?, outcome = 'completed' WHERE id = ?", arguments: [now, leaseID])
            try db.execute(
                sql: "UPDATE lease SET ended_at = ?, outcome = 'superseded' WHERE unit_id = ? AND ended_at IS NULL",
                arguments: [now, unitID])
            try db.execute(
                sql: "UPDATE worker SET units_done = units_done + 1, last_seen = ? WHERE id = ?", arguments: [now, workerID])
            try event(db, at: now, kind: "result-committed", unitID: unitID, workerID: workerID, leaseID: leaseID)
            return .committed
        }
    }

    private static let claimLosingOutcomes: Set<String> = ["expired", "failed", "returned"]

    /// Records a worker's hello (first time or again after a reconnect).
    public func recordWorker(id: String, host: String, pid: Int, cores: Int, engineVersion: String, now: Double) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO worker (id, host, pid, cores, engine_version, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen
                """, arguments: [id, host, pid, cores, engineVersion, now, now])
            try event(db, at: now, kind: "worker-hello", workerID: id, detail: "\(host) pid \(pid), \(cores) cores, \(engineVersion)")
        }
    }

    private func event(
        _ db: Database, at now: Double, kind: String, unitID: String? = nil, workerID: String? = nil, leaseID: Int64? = nil,
        detail: String? = nil
    ) throws {
        try db.execute(
            sql: "INSERT INTO event (at, kind, unit_id, worker_id, lease_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [now, kind, unitID, workerID, leaseID, detail])
    }
}
