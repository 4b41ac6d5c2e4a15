import Foundation
import GRDB

/// The sweep's durable record: SQLite in WAL mode, every commit synced (`synchronous = FULL`),
/// so what the coordinator acknowledged survives a crash of the process or of the machine.
///
/// One coordinator writes a journal at a time (it holds a lock on the journal file itself);
/// reports and status read it while the sweep runs, which WAL allows without blocking the
/// writer. A journal is opened by its real path, never by a second name (see `JournalFile`),
/// and a writer checks its integrity before anything is served from it.
public final class Journal: Sendable {
    public let path: String
    let pool: DatabasePool
    private let lock: FileLock?

    private init(path: String, pool: DatabasePool, lock: FileLock?) {
        self.path = path
        self.pool = pool
        self.lock = lock
    }

    deinit {
        // Before the lock goes: closing the lock's descriptor would drop SQLite's own locks on
        // the file while its connections were still open.
        try? pool.close()
    }

    /// Opens (creating it when missing) the journal a coordinator writes, migrated to this
    /// version's schema. Refused: a journal another coordinator holds (by any name), a file with
    /// a second name, and one that fails SQLite's integrity check.
    public static func openForWriting(path: String) throws -> Journal {
        let file = try JournalFile.resolve(path)
        guard let lock = try FileLock(path: file, display: path) else { throw JournalError.inUse(path: path) }
        try JournalFile.checkSingleName(lock.linkCount, path: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL's default (NORMAL) may lose the last commits on power loss; an acknowledged
            // result must not be lost, so every commit waits for its fsync.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool = try open(path: file, display: path, configuration: configuration)
        try checkIntegrity(pool, path: path)
        try migrate(pool, path: path)
        return Journal(path: path, pool: pool, lock: lock)
    }

    /// Opens an existing journal to read, while or after a coordinator writes it.
    public static func openForReading(path: String) throws -> Journal {
        guard FileManager.default.fileExists(atPath: path) else {
            throw JournalError.cannotOpen(path: path, reason: "no such file")
        }
        let file = try JournalFile.resolve(path)
        try JournalFile.checkSingleName(JournalFile.linkCount(file), path: path)
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let pool = try open(path: file, display: path, configuration: configuration)
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

    private static func open(path: String, display: String, configuration: Configuration) throws -> DatabasePool {
        do {
            return try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw JournalError.cannotOpen(path: display, reason: error.message ?? "\(error)")
        }
    }

    /// SQLite's full integrity check (pages, free list, every index against its table): a
    /// damaged journal is refused with the reason before a coordinator leases from it, rather
    /// than failing every commit once workers are at work. It reads the whole file: seconds for
    /// a journal of millions of results.
    private static func checkIntegrity(_ pool: DatabasePool, path: String) throws {
        let problems: [String]
        do {
            problems = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check(10)") }
        } catch let error as DatabaseError {
            throw JournalError.corrupt(path: path, reason: error.message ?? "\(error)")
        }
        guard problems == ["ok"] else {
            throw JournalError.corrupt(
                path: path, reason: "it fails SQLite's integrity check: " + problems.joined(separator: "; ")
                    + "; it may be salvaged with `sqlite3 \(path) .recover`, or name a new journal")
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
