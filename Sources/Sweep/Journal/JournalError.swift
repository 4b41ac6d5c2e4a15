/// Why a journal cannot be used, naming its file.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case inUse(path: String)
    /// The file has `links` names (hard links): its write-ahead log would split between them.
    case hardLinked(path: String, links: Int)
    case newerSchema(path: String, versions: [String])
    case otherSweep(path: String, journalSweep: String, sweep: String)
    case notASweepJournal(path: String)
    case corrupt(path: String, reason: String)
    /// The journal's results follow the earlier answer rule (``AnswerRule/tokenID``).
    case earlierAnswerRule(path: String)
    /// The journal's work units each hold one language (medsweep before units spanned languages).
    case earlierUnitLayout(path: String)
    /// The plan's unit `planned` covers questions the journal's unit `held` (an id) already does.
    case overlappingUnits(path: String, planned: String, held: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "journal \(path): cannot be opened: \(reason)"
        case .inUse(let path):
            "journal \(path) is in use by another coordinator (it holds the lock on the journal file, whatever name it opened it by)"
        case .hardLinked(let path, let links):
            "journal \(path) has \(links) names (hard links): SQLite keeps the write-ahead log beside the name a journal is "
                + "opened by, so commits made through one name would be missing through another; keep one name (remove the "
                + "other links), or copy the file instead of linking it"
        case .newerSchema(let path, let versions):
            "journal \(path) was written by a newer medsweep (schema \(versions.joined(separator: ", ")))"
        case .otherSweep(let path, let journalSweep, let sweep):
            "journal \(path) belongs to sweep \"\(journalSweep)\", not \"\(sweep)\"; name another journal"
        case .notASweepJournal(let path):
            "journal \(path) holds no sweep yet (no coordinator has run on it)"
        case .corrupt(let path, let reason):
            "journal \(path): \(reason)"
        case .earlierAnswerRule(let path):
            "journal \(path) holds results of medsweep's earlier answer rule (the top token's id against each letter's "
                + "token id); this medsweep scores by the top token's decoded text, as the paper's authors did, and the two "
                + "cannot share a table: name a new journal (`medsweep report --journal \(path)` still reads the old one)"
        case .overlappingUnits(let path, let planned, let held):
            "journal \(path): the sweep cuts its questions into units differently from when the journal was started (its "
                + "languages or shard size changed): \(planned) covers questions of the journal's unit \(held), and running "
                + "both would score them twice; restore the sweep's languages and shard size, or name a new journal"
        case .earlierUnitLayout(let path):
            "journal \(path) was written by a medsweep whose work units each held one language; this medsweep's units hold "
                + "a slice of questions in all the sweep's languages (they share a prefix the engine computes once), so the "
                + "two cannot share a journal: name a new journal to run the sweep (`medsweep report --journal \(path)` "
                + "still reads the old one, and a medsweep of the earlier layout finishes it)"
        }
    }
}
