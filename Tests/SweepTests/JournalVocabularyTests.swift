import Foundation
import GRDB
import Testing
import TestSupport
@testable import Sweep

/// The journal's vocabulary (issue 18): each enum owns the names stored in SQL, sent on the wire
/// and shown to people; schema v3 adds the `abandoned` lease outcome to a v2 journal, keeping its
/// leases and their ids.
@Suite(.offThePool) struct JournalVocabularyTests {
    @Test func everyNameReadsBackToItsCase() {
        for kind in JournalEventKind.allCases {
            #expect(JournalEventKind(storedName: kind.storedName) == kind)
            #expect(JournalEventKind(wireName: kind.wireName) == kind)
            #expect(!kind.displayName.contains("-"))
        }
        #expect(JournalEventKind.workerHello.wireName == "worker-joined")
        for outcome in LeaseOutcome.allCases { #expect(LeaseOutcome(storedName: outcome.storedName) == outcome) }
        #expect(LeaseOutcome.allCases.filter(\.countsAsAttempt) == [.expired, .failed])
        #expect(LeaseOutcome.allCases.filter(\.endsWithoutResult) == [.expired, .abandoned, .failed, .returned])
        for state in UnitState.allCases { #expect(UnitState(storedName: state.storedName) == state) }
        #expect(UnitState.leased.displayName == "running")
    }

    /// Every stored name the schema's CHECK constraints allow is one the enums know, and back.
    @Test func theSchemaAllowsExactlyTheEnumsNames() throws {
        let path = SweepFixtures.path("journal.sqlite")
        let journal = try Journal.openForWriting(path: path)
        let schema = try journal.pool.read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE name IN ('lease', 'unit')").joined(separator: "\n")
        }
        for outcome in LeaseOutcome.allCases { #expect(schema.contains("'\(outcome.storedName)'")) }
        for state in UnitState.allCases { #expect(schema.contains("'\(state.storedName)'")) }
    }

    @Test func versions3And4KeepAVersion2JournalsLeasesAndResults() throws {
        let path = SweepFixtures.path("journal.sqlite")
        let plan = try SweepFixtures.plan(shardSize: 1)
        do {
            // A journal as medsweep wrote it at schema v2.
            let pool = try DatabasePool(path: path)
            let migrator = JournalSchema.migrator
            try migrator.migrate(pool, upTo: "v2")
            try pool.write { db in
                try db.execute(sql: "INSERT INTO sweep (id, name, tasks, source, created_at, answer_rule) VALUES (1, ?, '[\"MedQA\"]', 's', 1, 'decoded-text')",
                               arguments: [plan.sweep.name])
                for (ordinal, unit) in plan.units.enumerated() {
                    try db.execute(sql: """
                        INSERT INTO unit (id, ordinal, model, task, language, fewshot_set, shard, first_question, question_count, state)
                        VALUES (?, ?, 'tiny-a', 'MedQA', 'en', 1, ?, ?, 1, 'queued')
                        """, arguments: [unit.id, ordinal, ordinal, ordinal])
                }
                try db.execute(sql: "INSERT INTO lease (unit_id, worker_id, speculative, granted_at, deadline, ended_at, outcome) VALUES (?, 'w1', 0, 1, 2, 3, 'expired')", arguments: [plan.units[0].id])
                try db.execute(sql: "INSERT INTO lease (unit_id, worker_id, speculative, granted_at, deadline) VALUES (?, 'w2', 0, 4, 5)", arguments: [plan.units[1].id])
                try db.execute(sql: "UPDATE unit SET state = 'leased' WHERE id = ?", arguments: [plan.units[1].id])
                try db.execute(sql: "UPDATE sqlite_sequence SET seq = 40 WHERE name = 'lease'")
                try db.execute(sql: """
                    INSERT INTO result (unit_id, question_id, question_index, gold, letters, letter_probabilities, top_token_id,
                        top_token_piece, top_token_text, top_token_probability, top_letter, prompt_tokens, seconds, lease_id)
                    VALUES (?, 'demo-medqa-1', 0, 'B', '["A","B","C","D"]', '[0.1,0.6,0.2,0.1]', 7, 'B', X'42', 0.6, 'B', 99, 0.5, 1)
                    """, arguments: [plan.units[0].id])
            }
            try pool.close()
        }
        let journal = try Journal.openForWriting(path: path)
        #expect(try journal.leaseCounts() == [.expired: 1, nil: 1])
        // Schema v4: its one-language units are kept, its result names the unit's language, and
        // it reports; but its units are not this medsweep's, so no coordinator extends it.
        let records = try journal.records()
        #expect(records.map(\.language) == [.en])
        #expect(records.map(\.questionID) == ["demo-medqa-1"])
        #expect(try journal.results(unitID: plan.units[0].id).map(\.computedTokens) == [nil])
        do {
            _ = try journal.prepare(sweepName: plan.sweep.name, tasks: plan.tasks, source: "s", units: plan.units, now: 10)
            Issue.record("a journal of one-language units was extended")
        } catch let error as JournalError {
            guard case .earlierUnitLayout = error else { throw error }
            #expect("\(error)".contains("name a new journal"))
        }
        let snapshot = try journal.snapshot(of: plan.units)
        #expect(snapshot.activeLeases.map(\.workerID) == ["w2"])
        // Ids go on after the highest ever given, and an abandoned ending can be stored.
        let next = try journal.grantLease(unitID: plan.units[2].id, workerID: "w3", speculative: false, now: 11, deadline: 12)
        #expect(next == 41)
        try journal.endLease(id: next, outcome: .abandoned, now: 13, unitID: plan.units[2].id, unitState: .queued, attempts: 0, lastError: nil)
        #expect(try journal.leaseCounts() == [.expired: 1, .abandoned: 1, nil: 1])
        #expect(try journal.events(kind: .leaseAbandoned).count == 1)
    }

    /// A journal scored by the earlier token-id rule reports but is never extended: its
    /// accuracy and this medsweep's mean different things.
    @Test func aJournalOfTheTokenIDRuleIsNotExtended() throws {
        let plan = try SweepFixtures.plan(tasks: [.medQA], languages: [.en], sets: [1], shardSize: 2)
        let path = SweepFixtures.path("token-id.sqlite")
        do {
            let journal = try Journal.openForWriting(path: path)
            _ = try journal.prepare(sweepName: plan.sweep.name, tasks: plan.tasks, source: "s", units: plan.units, now: 1)
            try journal.pool.write { db in
                try db.execute(sql: "UPDATE sweep SET answer_rule = ?", arguments: [AnswerRule.tokenID.rawValue])
            }
        }
        let journal = try Journal.openForWriting(path: path)
        #expect(try journal.snapshot(of: plan.units).activeLeases.isEmpty)
        do {
            _ = try journal.prepare(sweepName: plan.sweep.name, tasks: plan.tasks, source: "s", units: plan.units, now: 2)
            Issue.record("a journal of the token-id rule was extended")
        } catch let error as JournalError {
            guard case .earlierAnswerRule(let named) = error else { throw error }
            #expect(named == path)
            #expect("\(error)".contains("name a new journal"))
            #expect("\(error)".contains("medsweep report --journal \(path)"))
        }
    }
}
