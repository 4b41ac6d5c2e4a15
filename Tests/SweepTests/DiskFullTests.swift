import Foundation
import GRDB
import Testing
@testable import Sweep

/// Fault 11 of issue 18: a journal that cannot write for longer than a lease (a full disk)
/// must not throw away a unit its worker finished and keeps trying to deliver.
@Suite struct DiskFullTests {
    /// Makes every journal write fail, as a full disk does, until `heal`.
    static func fillDisk(_ journal: Journal) throws {
        try journal.pool.writeWithoutTransaction { db in
            for (table, action) in [("result", "INSERT"), ("lease", "INSERT"), ("lease", "UPDATE"), ("unit", "UPDATE"), ("event", "INSERT")] {
                try db.execute(sql: """
                    CREATE TEMP TRIGGER full_\(table)_\(action.lowercased()) BEFORE \(action) ON main.\(table)
                    BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END
                    """)
            }
        }
    }

    static func heal(_ journal: Journal) throws {
        try journal.pool.writeWithoutTransaction { db in
            for name in try String.fetchAll(db, sql: "SELECT name FROM sqlite_temp_master WHERE type = 'trigger'") {
                try db.execute(sql: "DROP TRIGGER temp.\(name)")
            }
        }
    }

    @Test func aResultRetriedThroughAFullDiskIsKept() async throws {
        let plan = try SweepFixtures.plan(tasks: [.medQA], languages: [.en], sets: [1], shardSize: 3, lease: 0.3, heartbeat: 0.1)
        let coordinator = try SweepFixtures.coordinator(plan: plan)
        var worker = FakeWorker(coordinator, worker: "w1")
        _ = await worker.hello()
        let unit = try #require(Reply.unit(await worker.lease()))
        #expect(Reply.kind(await worker.heartbeat(lease: unit.lease, unit: unit.unit.id)) == "ok")
        let body = worker.resultBody(unit, results: SweepFixtures.results(for: unit.questions))

        try Self.fillDisk(coordinator.journal)
        // The worker retries its result every 100 ms for three leases' time; the coordinator's
        // ticker runs between the attempts.
        for _ in 0 ..< 9 {
            #expect(Reply.error(await worker.result(body)) == .unavailable)
            try await Task.sleep(for: .milliseconds(100))
            await coordinator.expireLeases()
        }
        try Self.heal(coordinator.journal)
        // Space again: the ticker may run first, then the result arrives.
        await coordinator.expireLeases()
        #expect(Reply.ack(await worker.result(body)) == .committed)
        #expect(try coordinator.journal.unitStates().first?.state == .done)
    }
}
