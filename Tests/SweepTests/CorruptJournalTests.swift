import Foundation
import GRDB
import Testing
import TestSupport
@testable import Sweep

/// Fault 7 of issue 18: a damaged journal is refused when it is opened, with SQLite's reason,
/// instead of serving workers "unavailable" forever.
@Suite(.offThePool) struct CorruptJournalTests {
    /// A prepared journal whose `result` table's root page is overwritten with noise: opening
    /// and preparing still work, every commit would fail.
    static func damagedJournal() throws -> String {
        let path = SweepFixtures.path("journal.sqlite")
        let plan = try SweepFixtures.plan()
        var rootPage = 0
        var pageSize = 0
        do {
            let journal = try Journal.openForWriting(path: path)
            _ = try journal.prepare(sweepName: plan.sweep.name, tasks: plan.tasks, source: "test", units: plan.units, now: 1000)
            try journal.pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            (rootPage, pageSize) = try journal.pool.read { db in
                (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'result'") ?? 0,
                 try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
            }
        }
        #expect(rootPage > 1 && pageSize > 0)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((rootPage - 1) * pageSize))
        try handle.write(contentsOf: Data((0 ..< pageSize).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }))
        try handle.close()
        return path
    }

    @Test func aDamagedJournalIsRefusedWithTheReason() throws {
        let path = try Self.damagedJournal()
        do {
            _ = try Journal.openForWriting(path: path)
            Issue.record("a damaged journal was opened")
        } catch let error as JournalError {
            guard case .corrupt(let errorPath, let reason) = error else {
                Issue.record("not .corrupt: \(error)")
                return
            }
            #expect(errorPath == path)
            #expect(!reason.isEmpty)
        }
    }
}
