import Foundation
import GRDB

/// The sweep's durable record: SQLite in WAL mode, every commit synced (`synchronous = FULL`),
/// so what the coordinator acknowledged survives a crash of the process or of the machine.
///
/// One coordinator writes a journal at a time (a lock file beside it says so); reports and
/// status read it while the sweep runs, which WAL allows without blocking the writer.
public final class Journal: Sendable {
    public let path: String
    let pool: DatabasePool
    private let lock: FileLock?

    private init(path: String, pool: DatabasePool, lock: FileLock?) {
        self.path = path
        self.pool = pool
        self.lock = lock
    }

    /// Opens (creating it when missing) the journal a coordinator writes, migrated to this
    /// version's schema.
    public static func openForWriting(path: String) throws -> Journal {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder) else {
            throw JournalError.cannotOpen(path: path, reason: "folder \(folder) does not exist")
        }
        guard let lock = try FileLock(path: path + ".lock") else { throw JournalError.inUse(path: path) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL's default (NORMAL) may lose the last commits on power loss; an acknowledged
            // result must not be lost, so every commit waits for its fsync.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool = try open(path: path, configuration: configuration)
        try migrate(pool, path: path)
        return Journal(path: path, pool: pool, lock: lock)
    }

    /// Opens an existing journal to read, while or after a coordinator writes it.
    public static func openForReading(path: String) throws -> Journal {
        guard FileManager.default.fileExists(atPath: path) else {
            throw JournalError.cannotOpen(path: path, reason: "no such file")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let pool = try open(path: path, configuration: configuration)
        let known = Set(JournalSchema.migrator.migrations)
        let applied: Set<String>
        do {
            applied = try pool.read { db in
                guard try db.tableExists("grdb_migrations") else { return [] }
                return Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            }
        } catch {
            throw JournalError.corrupt(path: path, reason: "\(error)")
        }
        if applied.isEmpty { throw JournalError.notASweepJournal(path: path) }
        let unknown = applied.subtracting(known)
        if !unknown.isEmpty { throw JournalError.newerSchema(path: path, versions: unknown.sorted()) }
        return Journal(path: path, pool: pool, lock: nil)
    }

    private static func open(path: String, configuration: Configuration) throws -> DatabasePool {
        do {
            return try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw JournalError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
    }

    private static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = JournalSchema.migrator
        do {
            let superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded {
                let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
                throw JournalError.newerSchema(path: path, versions: applied.subtracting(migrator.migrations).sorted())
            }
            try migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw JournalError.corrupt(path: path, reason: error.message ?? "\(error)")
        }
    }
}
