import Foundation
import GRDB
import Testing
import TestSupport
@testable import Sweep

/// Fault 4 of issue 18: a journal is locked by its file, not by the name it was opened by, so
/// no link lets a second coordinator in, and no second name splits its write-ahead log.
@Suite(.offThePool) struct JournalLinkTests {
    func prepared(_ path: String) throws -> Journal {
        let plan = try SweepFixtures.plan()
        let journal = try Journal.openForWriting(path: path)
        _ = try journal.prepare(sweepName: plan.sweep.name, tasks: plan.tasks, source: "test", units: plan.units, now: 1000)
        return journal
    }

    @Test func aSymbolicLinkToAJournalInUseIsRefused() throws {
        let path = SweepFixtures.path("journal.sqlite")
        let journal = try prepared(path)
        let link = path + "-symlink"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        #expect(throws: JournalError.self) { _ = try Journal.openForWriting(path: link) }
        withExtendedLifetime(journal) {}
    }

    @Test func aHardLinkToAJournalIsRefused() throws {
        let path = SweepFixtures.path("journal.sqlite")
        let hard = path + "-hardlink"
        do {
            let journal = try prepared(path)
            #expect(link(path, hard) == 0)
            #expect(throws: JournalError.self) { _ = try Journal.openForWriting(path: hard) }
            withExtendedLifetime(journal) {}
        }
        // Even with no coordinator on it: its write-ahead log would live beside the other name.
        #expect(throws: JournalError.self) { _ = try Journal.openForWriting(path: hard) }
        #expect(throws: JournalError.self) { _ = try Journal.openForWriting(path: path) }
    }
}
