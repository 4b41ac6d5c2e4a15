import Foundation
import Testing
@testable import Sweep

/// `Journal.checkCanOpenForWriting`: what `openForWriting` would refuse, refused early and
/// without creating anything.
@Suite struct JournalPreflightTests {
    @Test func aNewJournalPassesAndIsNotCreated() throws {
        let path = SweepFixtures.path("preflight.sqlite")
        try Journal.checkCanOpenForWriting(path: path)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aJournalAnotherWriterHoldsIsInUse() throws {
        let path = SweepFixtures.path("preflight-held.sqlite")
        var holder: Journal? = try Journal.openForWriting(path: path)
        #expect(holder != nil)
        #expect(throws: JournalError.inUse(path: path)) { try Journal.checkCanOpenForWriting(path: path) }
        holder = nil
        // Released: it passes, and the probe left no lock behind for the next writer.
        try Journal.checkCanOpenForWriting(path: path)
        _ = try Journal.openForWriting(path: path)
    }

    @Test func aMissingFolderOrAFolderIsRefused() throws {
        let absent = SweepFixtures.path("no-folder")
        let missing = #expect(throws: JournalError.self) { try Journal.checkCanOpenForWriting(path: absent + "/journal.sqlite") }
        #expect(missing?.description.hasSuffix("cannot be opened: no such folder \(absent)") == true, "\(String(describing: missing))")
        #expect(!FileManager.default.fileExists(atPath: absent))

        let folder = SweepFixtures.path("journal-folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(throws: JournalError.cannotOpen(path: folder, reason: "it is a folder, not a journal file")) {
            try Journal.checkCanOpenForWriting(path: folder)
        }
    }

    @Test func aSecondNameIsRefused() throws {
        let path = SweepFixtures.path("preflight-linked.sqlite")
        _ = try Journal.openForWriting(path: path)
        try FileManager.default.linkItem(atPath: path, toPath: path + ".link")
        #expect(throws: JournalError.hardLinked(path: path, links: 2)) { try Journal.checkCanOpenForWriting(path: path) }
    }
}
