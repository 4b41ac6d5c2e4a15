import Benchmark
import Foundation
import GRDB

/// The coordinator's writes. Each is one transaction: a unit's state never disagrees with its
/// leases and results, whenever the process dies.
extension Journal {
    /// How this medsweep cuts a sweep into units, as `sweep.unit_layout` records it: 2, a
    /// question slice in all the sweep's languages (1: one language a unit, before schema v4).
    static let unitLayout = 2

    /// Records the sweep (first run) or checks it is the same sweep (restart), records its
    /// models (each name and digest once; the path as last planned), adds the plan's units the
    /// journal does not hold yet as queued, and returns what to resume from.
    public func prepare(
        sweepName: String, tasks: [BenchmarkTask], source: String, models: [PlannedModel] = [], units: [WorkUnit], now: Double
    ) throws -> JournalSnapshot {
        try pool.write { db in
            if let recorded = try Row.fetchOne(db, sql: "SELECT name, answer_rule, unit_layout FROM sweep WHERE id = 1") {
                guard recorded["name"] == sweepName else {
                    throw JournalError.otherSweep(path: path, journalSweep: recorded["name"], sweep: sweepName)
                }
                guard AnswerRule(rawValue: recorded["answer_rule"]) == .decodedText else {
                    throw JournalError.earlierAnswerRule(path: path)
                }
                guard recorded["unit_layout"] == Self.unitLayout else {
                    throw JournalError.earlierUnitLayout(path: path)
                }
            } else {
                try db.execute(
                    sql: "INSERT INTO sweep (id, name, tasks, source, created_at, answer_rule, unit_layout) VALUES (1, ?, ?, ?, ?, ?, ?)",
                    arguments: [
                        sweepName, JournalText.list(tasks.map(\.corpusName)), source, now, AnswerRule.decodedText.rawValue,
                        Self.unitLayout,
                    ])
            }
            try recordModels(db, models, now: now)
            try checkNoOverlap(db, units)
            var ordinal = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(ordinal) + 1, 0) FROM unit") ?? 0
            let insert = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO unit
                    (id, ordinal, model, task, language, fewshot_set, shard, first_question, question_count, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let insertSlice = try db.makeStatement(
                sql: "INSERT INTO unit_language (unit_id, language, question_count) VALUES (?, ?, ?)")
            var added = 0
            for unit in units {
                try insert.execute(arguments: [
                    unit.id, ordinal, unit.model, unit.task.corpusName, WorkUnit.languageList(unit.languages),
                    unit.fewShotSet.number, unit.shard, unit.firstQuestion, unit.sliceLength, UnitState.queued.storedName,
                ])
                if db.changesCount > 0 {
                    for slice in unit.slices {
                        try insertSlice.execute(arguments: [unit.id, slice.language.rawValue, slice.questionCount])
                    }
                    ordinal += 1
                    added += 1
                }
            }
            try event(db, at: now, kind: .coordinatorStart, detail: "\(units.count) units in the plan, \(added) new")
        }
        return try snapshot(of: units)
    }

    /// Refuses a plan whose new units cover questions the journal's units already hold: the
    /// sweep was cut differently (its languages or shard size changed, so every unit's id did),
    /// and running both would score those questions twice.
    private func checkNoOverlap(_ db: Database, _ units: [WorkUnit]) throws {
        let held = Set(try String.fetchAll(db, sql: "SELECT id FROM unit"))
        let new = units.filter { !held.contains($0.id) }
        guard !held.isEmpty, !new.isEmpty else { return }
        struct Cut: Hashable {
            var model: String
            var task: String
            var set: Int
        }
        var newByCut: [Cut: [WorkUnit]] = [:]
        for unit in new { newByCut[Cut(model: unit.model, task: unit.task.corpusName, set: unit.fewShotSet.number), default: []].append(unit) }
        let rows = try Row.fetchCursor(db, sql: "SELECT u.id, u.model, u.task, u.fewshot_set, u.first_question, ul.language, ul.question_count FROM unit u JOIN unit_language ul ON ul.unit_id = u.id")
        while let row = try rows.next() {
            guard let candidates = newByCut[Cut(model: row["model"], task: row["task"], set: row["fewshot_set"])] else { continue }
            let language: String = row["language"]
            let first: Int = row["first_question"], count: Int = row["question_count"]
            for unit in candidates {
                guard let slice = unit.slices.first(where: { $0.language.rawValue == language }) else { continue }
                if first < unit.firstQuestion + slice.questionCount && unit.firstQuestion < first + count {
                    throw JournalError.overlappingUnits(path: path, planned: unit.label, held: row["id"])
                }
            }
        }
    }

    /// The plan's units as the journal has them, and their active leases.
    func snapshot(of units: [WorkUnit]) throws -> JournalSnapshot {
        try pool.read { db in
            var rows: [String: (UnitState, Int, String?)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, state, attempts, last_error FROM unit") {
                rows[row["id"]] = (try unitState(row["state"]), row["attempts"], row["last_error"])
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
                sql: "UPDATE unit SET state = ? WHERE id = ? AND state IN (?, ?)",
                arguments: [UnitState.leased.storedName, unitID, UnitState.queued.storedName, UnitState.leased.storedName])
            try event(db, at: now, kind: speculative ? .leasedSpeculatively : .leased, unitID: unitID, workerID: workerID, leaseID: id)
            return id
        }
    }

    /// Ends a lease without a result (`outcome` is one of those, `LeaseOutcome.endsWithoutResult`)
    /// and sets its unit's state as the scheduler decided (`queued` again, `failed`, or still
    /// `leased` when another lease holds it).
    public func endLease(
        id: Int64, outcome: LeaseOutcome, now: Double, unitID: String, unitState: UnitState, attempts: Int, lastError: String?
    ) throws {
        precondition(outcome.endsWithoutResult, "\(outcome) comes with a committed result, not endLease")
        try pool.write { db in
            try db.execute(
                sql: "UPDATE lease SET ended_at = ?, outcome = ? WHERE id = ? AND ended_at IS NULL",
                arguments: [now, outcome.storedName, id])
            try db.execute(
                sql: "UPDATE unit SET state = ?, attempts = ?, last_error = ? WHERE id = ? AND state != ?",
                arguments: [unitState.storedName, attempts, lastError, unitID, UnitState.done.storedName])
            if let kind = outcome.event {
                try event(db, at: now, kind: kind, unitID: unitID, leaseID: id, detail: lastError)
            }
            if unitState == .failed {
                try event(db, at: now, kind: .unitFailed, unitID: unitID, detail: lastError)
            }
        }
    }

    /// Commits a unit's results with its state change, in one transaction: `committed` when
    /// `workerID`'s lease was active and the unit not done; `duplicate` when the unit was
    /// already done; `stale` when the lease had ended, names another unit, or is another
    /// worker's. Only a committed outcome writes results.
    public func commitResults(
        leaseID: Int64, unitID: String, workerID: String, results: [QuestionResult], questions: [UnitQuestion], now: Double
    ) throws -> CommitOutcome {
        try pool.write { db in
            guard let stateName = try String.fetchOne(db, sql: "SELECT state FROM unit WHERE id = ?", arguments: [unitID]) else {
                throw JournalError.corrupt(path: path, reason: "unit \(unitID) is not in the journal")
            }
            let state = try unitState(stateName)
            let lease = try Row.fetchOne(
                db, sql: "SELECT worker_id, ended_at, outcome FROM lease WHERE id = ? AND unit_id = ?",
                arguments: [leaseID, unitID])
            // A lease that expired, was abandoned, failed or was returned lost its claim: whatever
            // happened to the unit since, its result is stale; so is a result from a worker that
            // does not hold the lease. A completed lease sending again (a retried request) or a
            // speculative twin arriving second is a duplicate of work done.
            let holder: String? = lease?["worker_id"]
            let ended = try (lease?["outcome"] as String?).map(leaseOutcome)
            if lease == nil || holder != workerID || ended?.losesClaim == true {
                try event(db, at: now, kind: .resultStale, unitID: unitID, workerID: workerID, leaseID: leaseID)
                return .stale
            }
            if state == .done {
                try event(db, at: now, kind: .resultDuplicate, unitID: unitID, workerID: workerID, leaseID: leaseID)
                return .duplicate
            }
            guard let lease, (lease["ended_at"] as Double?) == nil else {
                try event(db, at: now, kind: .resultStale, unitID: unitID, workerID: workerID, leaseID: leaseID)
                return .stale
            }
            // The coordinator renders the questions for the holder of an active lease on a unit not
            // yet done, which this is; a caller that did not is refused, not trusted.
            guard results.count == questions.count, !questions.isEmpty else {
                throw JournalError.corrupt(
                    path: path, reason: "unit \(unitID): \(results.count) results for \(questions.count) questions to commit")
            }
            let insert = try db.makeStatement(sql: """
                INSERT INTO result (unit_id, language, question_id, question_index, gold, letters, letter_probabilities,
                    top_token_id, top_token_piece, top_token_text, top_token_probability, top_letter, prompt_tokens,
                    computed_tokens, seconds, lease_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (result, question) in zip(results, questions) {
                try insert.execute(arguments: [
                    unitID, question.language.rawValue, result.questionID, result.index, question.gold,
                    JournalText.list(question.letters), JournalText.numbers(result.letterProbabilities),
                    Int64(result.topTokenID), result.topTokenPiece, Data(result.topTokenText.utf8), result.topTokenProbability,
                    result.topLetter, result.promptTokens, result.computedTokens, result.seconds, leaseID,
                ])
            }
            try db.execute(
                sql: "UPDATE unit SET state = ?, completed_by_lease = ?, completed_at = ? WHERE id = ?",
                arguments: [UnitState.done.storedName, leaseID, now, unitID])
            try db.execute(
                sql: "UPDATE lease SET ended_at = ?, outcome = ? WHERE id = ?",
                arguments: [now, LeaseOutcome.completed.storedName, leaseID])
            try db.execute(
                sql: "UPDATE lease SET ended_at = ?, outcome = ? WHERE unit_id = ? AND ended_at IS NULL",
                arguments: [now, LeaseOutcome.superseded.storedName, unitID])
            try db.execute(
                sql: "UPDATE worker SET units_done = units_done + 1, last_seen = ? WHERE id = ?", arguments: [now, workerID])
            try event(db, at: now, kind: .resultCommitted, unitID: unitID, workerID: workerID, leaseID: leaseID)
            return .committed
        }
    }

    /// Records a worker's hello (first time or again after a reconnect).
    public func recordWorker(id: String, host: String, pid: Int, cores: Int, engineVersion: String, now: Double) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO worker (id, host, pid, cores, engine_version, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen
                """, arguments: [id, host, pid, cores, engineVersion, now, now])
            try event(db, at: now, kind: .workerHello, workerID: id, detail: "\(host) pid \(pid), \(cores) cores, \(engineVersion)")
        }
    }

    /// Records something monitoring shows (a worker lost or back, the sweep finished).
    public func recordEvent(_ kind: JournalEventKind, workerID: String? = nil, detail: String? = nil, now: Double) throws {
        try pool.write { db in try event(db, at: now, kind: kind, workerID: workerID, detail: detail) }
    }

    /// Records that the coordinator stopped serving, and why: a status read from the journal
    /// then says "stopped", not "running".
    public func recordCoordinatorStop(detail: String, now: Double) throws {
        try pool.write { db in try event(db, at: now, kind: .coordinatorStop, detail: detail) }
    }

    private func event(
        _ db: Database, at now: Double, kind: JournalEventKind, unitID: String? = nil, workerID: String? = nil,
        leaseID: Int64? = nil, detail: String? = nil
    ) throws {
        try db.execute(
            sql: "INSERT INTO event (at, kind, unit_id, worker_id, lease_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [now, kind.storedName, unitID, workerID, leaseID, detail])
    }

    /// A stored unit state; a name this medsweep does not write is damage.
    func unitState(_ name: String) throws -> UnitState {
        guard let state = UnitState(storedName: name) else {
            throw JournalError.corrupt(path: path, reason: "unit.state is '\(name)'")
        }
        return state
    }

    /// A stored lease outcome; a name this medsweep does not write is damage.
    func leaseOutcome(_ name: String) throws -> LeaseOutcome {
        guard let outcome = LeaseOutcome(storedName: name) else {
            throw JournalError.corrupt(path: path, reason: "lease.outcome is '\(name)'")
        }
        return outcome
    }

    private func recordModels(_ db: Database, _ models: [PlannedModel], now: Double) throws {
        let upsert = try db.makeStatement(sql: """
            INSERT INTO model (name, sha256, path, recipe, parents, first_planned_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (name, sha256) DO UPDATE SET path = excluded.path
            """)
        for model in models {
            try upsert.execute(arguments: [
                model.name, model.sha256, model.path, model.origin?.recipe, try model.origin.map { try JournalText.json($0.parents) }, now,
            ])
        }
    }
}
