import Benchmark
import GRDB

/// The reads that status and the dashboard make, many times a minute while a sweep runs.
/// They go through WAL reader connections, so they never wait for (or hold up) the
/// coordinator's writes. Events are read incrementally: a watcher asks for those after the
/// last id it saw, so the cost follows the sweep's progress, not its size; workers are read up
/// to a limit (the most recently seen, and every one holding a lease), so ten thousand ids that
/// came and went do not weigh on every status.
extension Journal {
    /// One consistent read of what monitoring needs: the rows a `SweepStatus` is made from.
    struct Activity {
        var sweepName: String
        var tasks: [String]
        /// In plan order.
        var models: [String]
        var languages: [String]
        /// Units by state (a unit counts once, however many languages it holds).
        var unitStates: [UnitState: Int]
        var cellUnits: [CellUnits]
        /// Those holding a lease, those named in `activity(including:)`, and the most recently
        /// seen others, up to the limit.
        var workers: [Worker]
        /// Workers of the journal not in `workers`.
        var workersNotListed: Int
        var activeLeases: [ActiveLease]
    }

    /// Units of one model × task in one state holding `language`, and their questions in it.
    struct CellUnits {
        var model: String
        var task: String
        var language: String
        var state: UnitState
        var units: Int
        var questions: Int
    }

    struct Event {
        var id: Int64
        var at: Double
        /// Nil for a kind this medsweep does not know (written by a newer one).
        var kind: JournalEventKind?
        var workerID: String?
        var detail: String?
        var unit: UnitColumns?
        /// For `result-committed`: per language, the unit's questions whose top token is the
        /// gold letter.
        var correct: [String: Int]
        /// For `result-committed`: the unit's prompt tokens, and those computed for it (nil
        /// when its results do not record them).
        var promptTokens: Int
        var computedTokens: Int?
    }

    struct UnitColumns {
        var model: String
        var task: String
        /// As `unit.language` holds them: "en+fr+zh".
        var languages: String
        var fewShotSet: FewShotSet
        var shard: Int
        var firstQuestion: Int
        /// Questions per language at most.
        var sliceLength: Int
        /// Questions over all its languages.
        var questionCount: Int

        var label: String {
            WorkUnit.label(
                model: model, task: task, languages: languages, fewShotSet: fewShotSet, shard: shard,
                firstQuestion: firstQuestion, questionCount: sliceLength)
        }

        /// The columns `UnitColumns.select` names, `u` being the unit.
        static let select = """
            u.model, u.task, u.language, u.fewshot_set, u.shard, u.first_question, u.question_count,
            (SELECT SUM(ul.question_count) FROM unit_language ul WHERE ul.unit_id = u.id) AS prompts
            """

        init(_ row: Row) {
            model = row["model"]
            task = row["task"]
            languages = row["language"]
            // Only `WorkUnit`s are written there, whose sets are never negative.
            fewShotSet = FewShotSet(rawValue: row["fewshot_set"]) ?? .zeroShot
            shard = row["shard"]
            firstQuestion = row["first_question"]
            sliceLength = row["question_count"]
            questionCount = row["prompts"] ?? sliceLength
        }
    }

    struct Worker {
        var id: String
        var host: String
        var pid: Int
        var cores: Int
        var lastSeen: Double
        var unitsDone: Int
    }

    struct ActiveLease {
        var id: Int64
        var workerID: String
        var speculative: Bool
        var grantedAt: Double
        var unit: UnitColumns
    }

    /// Everything monitoring reads, in one read transaction: the events after `afterEventID`
    /// are handed to `absorb` in batches of `batchSize` (a restart on a week-old journal reads
    /// its million events without holding them all), then the rest is returned. Workers: those
    /// holding a lease or named in `including`, then the most recently seen up to `workerLimit`.
    func activity(
        afterEventID: Int64, batchSize: Int = 20_000, including: Set<String> = [], workerLimit: Int = 100,
        absorb: ([Event]) -> Void
    ) throws -> Activity {
        try pool.read { db in
            guard let sweep = try Row.fetchOne(db, sql: "SELECT name, tasks FROM sweep WHERE id = 1") else {
                throw JournalError.notASweepJournal(path: path)
            }
            var lastEventID = afterEventID
            while true {
                let events = try Self.events(db, afterEventID: lastEventID, limit: batchSize)
                if !events.isEmpty { absorb(events) }
                guard events.count == batchSize, let last = events.last else { break }
                lastEventID = last.id
            }
            let tasksText: String = sweep["tasks"]
            let models = try String.fetchAll(db, sql: "SELECT model FROM unit GROUP BY model ORDER BY MIN(ordinal)")
            // Languages in the order of the first unit holding each, and within a unit as planned.
            var languages: [String] = []
            for list in try String.fetchAll(db, sql: "SELECT language FROM unit GROUP BY language ORDER BY MIN(ordinal)") {
                for language in list.split(separator: "+").map(String.init) where !languages.contains(language) {
                    languages.append(language)
                }
            }
            var unitStates: [UnitState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS units FROM unit GROUP BY state") {
                unitStates[try unitState(row["state"]), default: 0] += row["units"]
            }
            let cellUnits = try Row.fetchAll(db, sql: """
                SELECT u.model, u.task, ul.language, u.state, COUNT(*) AS units, SUM(ul.question_count) AS questions
                FROM unit u JOIN unit_language ul ON ul.unit_id = u.id GROUP BY u.model, u.task, ul.language, u.state
                """).map { row in
                CellUnits(
                    model: row["model"], task: row["task"], language: row["language"],
                    state: try unitState(row["state"]), units: row["units"], questions: row["questions"])
            }
            let leases = try Row.fetchAll(db, sql: """
                SELECT l.id, l.worker_id, l.speculative, l.granted_at, \(UnitColumns.select)
                FROM lease l JOIN unit u ON u.id = l.unit_id WHERE l.ended_at IS NULL ORDER BY l.id
                """).map { row in
                ActiveLease(
                    id: row["id"], workerID: row["worker_id"], speculative: row["speculative"], grantedAt: row["granted_at"],
                    unit: UnitColumns(row))
            }
            let (workers, total) = try Self.workers(db, including: including.union(leases.map(\.workerID)), limit: workerLimit)
            return Activity(
                sweepName: sweep["name"], tasks: JournalText.parseList(tasksText) ?? [], models: models, languages: languages,
                unitStates: unitStates, cellUnits: cellUnits, workers: workers, workersNotListed: total - workers.count, activeLeases: leases)
        }
    }

    /// The workers named in `ids` and the `limit` most recently seen, by id; and how many the
    /// journal holds in all.
    private static func workers(_ db: Database, including ids: Set<String>, limit: Int) throws -> ([Worker], total: Int) {
        func read(_ rows: [Row]) -> [Worker] {
            rows.map { row in
                Worker(
                    id: row["id"], host: row["host"], pid: row["pid"], cores: row["cores"], lastSeen: row["last_seen"],
                    unitsDone: row["units_done"])
            }
        }
        let columns = "id, host, pid, cores, last_seen, units_done"
        var listed = read(try Row.fetchAll(
            db, sql: "SELECT \(columns) FROM worker ORDER BY last_seen DESC, id LIMIT ?", arguments: [limit]))
        let missing = Array(ids.subtracting(listed.map(\.id))).sorted()
        // A few hundred at a time: SQLite limits the variables of one statement.
        for start in stride(from: 0, to: missing.count, by: 500) {
            let chunk = Array(missing[start ..< min(missing.count, start + 500)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            listed += read(try Row.fetchAll(
                db, sql: "SELECT \(columns) FROM worker WHERE id IN (\(marks))", arguments: StatementArguments(chunk)))
        }
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM worker") ?? 0
        return (listed.sorted { $0.id < $1.id }, total)
    }

    /// Up to `limit` events after `afterEventID`, with their units; a committed result carries
    /// how many of its questions were answered with the gold letter, per language, and its
    /// prompt tokens scored and computed.
    private static func events(_ db: Database, afterEventID: Int64, limit: Int) throws -> [Event] {
        let committed = "e.kind = '\(JournalEventKind.resultCommitted.storedName)'"
        return try Row.fetchAll(db, sql: """
            SELECT e.id, e.at, e.kind, e.worker_id, e.detail, e.unit_id, \(UnitColumns.select),
                CASE WHEN \(committed) THEN (
                    SELECT group_concat(language || ' ' || n, ',') FROM (
                        SELECT r.language, COUNT(*) AS n FROM result r
                        WHERE r.unit_id = e.unit_id AND r.top_letter = r.gold GROUP BY r.language)
                ) END AS correct,
                CASE WHEN \(committed) THEN (SELECT SUM(prompt_tokens) FROM result r WHERE r.unit_id = e.unit_id) END AS tokens,
                CASE WHEN \(committed) THEN (SELECT SUM(computed_tokens) FROM result r WHERE r.unit_id = e.unit_id) END AS computed
            FROM event e LEFT JOIN unit u ON u.id = e.unit_id
            WHERE e.id > ? ORDER BY e.id LIMIT ?
            """, arguments: [afterEventID, limit]).map { row in
            var correct: [String: Int] = [:]
            for pair in ((row["correct"] as String?) ?? "").split(separator: ",") {
                let parts = pair.split(separator: " ")
                if parts.count == 2, let count = Int(parts[1]) { correct[String(parts[0])] = count }
            }
            return Event(
                id: row["id"], at: row["at"], kind: JournalEventKind(storedName: row["kind"]), workerID: row["worker_id"],
                detail: row["detail"], unit: (row["model"] as String?) == nil ? nil : UnitColumns(row), correct: correct,
                promptTokens: row["tokens"] ?? 0, computedTokens: row["computed"])
        }
    }
}
