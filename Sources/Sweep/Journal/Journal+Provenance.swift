import Foundation
import GRDB

extension Journal {
    /// The sweep a journal records: its name, the sweep file it was first run from, and when
    /// the journal was created.
    public struct SweepRecord: Sendable, Equatable {
        public let name: String
        public let source: String
        public let created: Date
    }

    /// The journal's `sweep` row.
    public func sweepRecord() throws -> SweepRecord {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT name, source, created_at FROM sweep WHERE id = 1") else {
                throw JournalError.notASweepJournal(path: path)
            }
            let created: Double = row["created_at"]
            return SweepRecord(name: row["name"], source: row["source"], created: Date(timeIntervalSince1970: created))
        }
    }
}
