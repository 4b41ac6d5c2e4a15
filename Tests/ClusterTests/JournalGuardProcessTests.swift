import Foundation
import GRDB
import Sweep
import Testing

extension MultiProcessSweeps {
    /// Faults 4 and 7 of issue 18 as processes: a second coordinator reaching a journal in use
    /// through a link is refused, and a damaged journal is refused at start, naming it.
    @Suite struct JournalGuardProcessTests {
        /// Overwrites the root page of the journal's `result` table with noise.
        static func damageResultTable(of path: String) throws {
            let (rootPage, pageSize) = try DatabaseQueue(path: path).read { db in
                (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'result'") ?? 0,
                 try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
            }
            #expect(rootPage > 1)
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            try handle.seek(toOffset: UInt64((rootPage - 1) * pageSize))
            try handle.write(contentsOf: Data((0 ..< pageSize).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }))
            try handle.close()
        }

        @Test(.timeLimit(.minutes(1))) func aSecondCoordinatorThroughASymbolicLinkIsRefused() async throws {
            let fixture = try ClusterFixture(name: "link", tasks: ["PubMedQA"], languages: ["en"], sets: [1])
            defer { fixture.remove() }
            let first = try fixture.coordinator(["--linger", "60"])
            #expect(await first.waitForLine(matching: "listening on", timeout: .seconds(30)) != nil)
            let link = fixture.folder + "/linked.journal"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: fixture.journalPath)
            let second = try SpawnedProcess(
                "coordinator-2",
                ["coordinator", fixture.sweepPath, "--listen", "tcp://127.0.0.1:\(try ClusterFixture.freePort())", "--journal", link],
                environment: fixture.environment)
            let status = await second.waitForExit(timeout: .seconds(20))
            #expect(status == 2, "second coordinator stderr:\n\(second.standardError.suffix(2000))")
            #expect(second.standardError.contains("in use"), "\(second.standardError.suffix(2000))")
            first.signal(SIGTERM)
            #expect(await first.waitForExit(timeout: .seconds(10)) == 0)
        }

        @Test(.timeLimit(.minutes(1))) func aDamagedJournalStopsTheCoordinatorAtStart() async throws {
            let fixture = try ClusterFixture(name: "damaged", tasks: ["PubMedQA"], languages: ["en"], sets: [1])
            defer { fixture.remove() }
            let plan = try fixture.plan()
            do {
                let journal = try Journal.openForWriting(path: fixture.journalPath)
                _ = try journal.prepare(sweepName: plan.sweep.name, tasks: plan.tasks, source: "test", units: plan.units, now: 1)
            }
            try Self.damageResultTable(of: fixture.journalPath)

            let coordinator = try fixture.coordinator()
            let status = await coordinator.waitForExit(timeout: .seconds(20))
            #expect(status == 2, "coordinator stderr:\n\(coordinator.standardError.suffix(2000))")
            #expect(coordinator.standardError.contains(fixture.journalPath))
        }
    }
}
