import Foundation
import GRDB
import Sweep

/// Reads the journal's lease table directly: what the tests check about leases is below the
/// journal's public reads.
enum LeaseTable {
    static func outcome(of lease: Int64, journal: String) throws -> LeaseOutcome? {
        try queue(journal).read { db in
            try String.fetchOne(db, sql: "SELECT outcome FROM lease WHERE id = ?", arguments: [lease]).flatMap(LeaseOutcome.init(storedName:))
        }
    }

    /// Leases granted on `units` with an id above `after`.
    static func leases(on units: Set<String>, after: Int64, journal: String) throws -> Int {
        try queue(journal).read { db in
            try String.fetchAll(db, sql: "SELECT unit_id FROM lease WHERE id > ?", arguments: [after]).filter(units.contains).count
        }
    }

    static func maxLease(journal: String) throws -> Int64 {
        try queue(journal).read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM lease") ?? 0 }
    }

    static func completedBy(unit: String, journal: String) throws -> Int64? {
        try queue(journal).read { db in
            try Int64.fetchOne(db, sql: "SELECT completed_by_lease FROM unit WHERE id = ?", arguments: [unit])
        }
    }

    private static func queue(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration)
    }
}
