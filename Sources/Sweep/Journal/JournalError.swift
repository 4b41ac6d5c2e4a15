/// Why a journal cannot be used, naming its file.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case inUse(path: String)
    case newerSchema(path: String, versions: [String])
    case otherSweep(path: String, journalSweep: String, sweep: String)
    case notASweepJournal(path: String)
    case corrupt(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "journal \(path): cannot be opened: \(reason)"
        case .inUse(let path):
            "journal \(path) is in use by another coordinator (its lock file \(path).lock is held)"
        case .newerSchema(let path, let versions):
            "journal \(path) was written by a newer medsweep (schema \(versions.joined(separator: ", ")))"
        case .otherSweep(let path, let journalSweep, let sweep):
            "journal \(path) belongs to sweep \"\(journalSweep)\", not \"\(sweep)\"; name another journal"
        case .notASweepJournal(let path):
            "journal \(path) holds no sweep yet (no coordinator has run on it)"
        case .corrupt(let path, let reason):
            "journal \(path): \(reason)"
        }
    }
}
