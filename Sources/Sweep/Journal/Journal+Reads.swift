import Benchmark
import Foundation
import GRDB

/// What reports, status and tests read from a journal.
extension Journal {
    /// How the journal's results decide answers (journals written before schema v2 with results
    /// in them: the earlier token-id rule).
    public func answerRule() throws -> AnswerRule {
        try pool.read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT answer_rule FROM sweep WHERE id = 1") else {
                throw JournalError.notASweepJournal(path: path)
            }
            guard let rule = AnswerRule(rawValue: text) else {
                throw JournalError.corrupt(path: path, reason: "sweep.answer_rule is '\(text)'")
            }
            return rule
        }
    }

    /// The tasks of the sweep, in its report's column order.
    public func tasks() throws -> [BenchmarkTask] {
        try pool.read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT tasks FROM sweep WHERE id = 1") else {
                throw JournalError.notASweepJournal(path: path)
            }
            guard let names = JournalText.parseList(text) else {
                throw JournalError.corrupt(path: path, reason: "sweep.tasks is not a list of names: \(text)")
            }
            return names.compactMap(BenchmarkTask.init(corpusName:))
        }
    }

    /// The models the sweep's plans ran, in the order first planned: a variant
    /// with its recipe and parents. Empty for journals written before schema v5.
    public func models() throws -> [PlannedModel] {
        try pool.read { db in
            guard try db.tableExists("model") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM model ORDER BY rowid").map { row in
                let name: String = row["name"]
                var origin: VariantOrigin?
                if let recipe: String = row["recipe"] {
                    let text: String = row["parents"] ?? ""
                    guard let parents = try? JSONDecoder().decode([VariantOrigin.Parent].self, from: Data(text.utf8)) else {
                        throw JournalError.corrupt(path: path, reason: "model \(name): parents is not a list of {name, sha256}: \(text)")
                    }
                    origin = VariantOrigin(recipe: recipe, parents: parents)
                }
                return PlannedModel(name: name, path: row["path"], sha256: row["sha256"], origin: origin)
            }
        }
    }

    /// Every committed result as the report reads it.
    public func records() throws -> [QuestionRecord] {
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT u.model, u.task, r.language, u.fewshot_set, r.question_id, r.gold, r.letters, r.letter_probabilities,
                    r.top_token_probability, r.top_letter
                FROM result r JOIN unit u ON u.id = r.unit_id
                ORDER BY u.ordinal, r.question_index, r.language
                """)
            var records: [QuestionRecord] = []
            while let row = try rows.next() {
                let taskName: String = row["task"]
                let languageCode: String = row["language"]
                let lettersText: String = row["letters"]
                let probabilitiesText: String = row["letter_probabilities"]
                guard let task = BenchmarkTask(corpusName: taskName), let language = BenchmarkLanguage(rawValue: languageCode),
                    let set = FewShotSet(rawValue: row["fewshot_set"]),
                    let letters = JournalText.parseList(lettersText),
                    let probabilities = JournalText.parseNumbers(probabilitiesText)
                else {
                    throw JournalError.corrupt(path: path, reason: "result for question \(row["question_id"] as String) cannot be read")
                }
                records.append(QuestionRecord(
                    model: row["model"], task: task, language: language, fewShotSet: set,
                    questionID: row["question_id"], goldLetter: row["gold"], letters: letters,
                    letterProbabilities: probabilities, topTokenProbability: row["top_token_probability"],
                    topTokenLetter: row["top_letter"]))
            }
            return records
        }
    }

    /// A unit's committed results by question (file order), then language.
    public func results(unitID: String) throws -> [QuestionResult] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT language, question_id, question_index, top_token_id, top_token_piece, top_token_text, top_token_probability,
                    top_letter, letter_probabilities, prompt_tokens, computed_tokens, seconds
                FROM result WHERE unit_id = ? ORDER BY question_index, language
                """, arguments: [unitID]).map(questionResult)
        }
    }

    /// A `result` row as the worker sent it.
    func questionResult(_ row: Row) throws -> QuestionResult {
        guard let language = BenchmarkLanguage(rawValue: row["language"]) else {
            throw JournalError.corrupt(path: path, reason: "result.language is '\(row["language"] as String)'")
        }
        return QuestionResult(
            questionID: row["question_id"], index: row["question_index"], language: language, topTokenID: Int32(row["top_token_id"] as Int64),
            topTokenPiece: row["top_token_piece"], topTokenText: String(decoding: (row["top_token_text"] as Data?) ?? Data(), as: UTF8.self),
            topTokenProbability: row["top_token_probability"],
            topLetter: row["top_letter"],
            letterProbabilities: JournalText.parseNumbers(row["letter_probabilities"]) ?? [],
            promptTokens: row["prompt_tokens"], computedTokens: row["computed_tokens"], seconds: row["seconds"])
    }

    /// Every unit of the journal with its state, in scheduling order.
    public func unitStates() throws -> [(id: String, state: UnitState, attempts: Int, lastError: String?)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, state, attempts, last_error FROM unit ORDER BY ordinal").map { row in
                (row["id"], try unitState(row["state"]), row["attempts"], row["last_error"])
            }
        }
    }

    /// Results held, and leases: how many are active, and how many ended with each outcome.
    public struct Counts: Sendable, Equatable {
        public var results: Int
        public var activeLeases: Int
        public var endedLeases: [LeaseOutcome: Int]

        /// Leases that ended with `outcome`.
        public subscript(outcome: LeaseOutcome) -> Int { endedLeases[outcome] ?? 0 }
    }

    public func counts() throws -> Counts {
        try pool.read { db in
            var counts = Counts(results: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM result") ?? 0, activeLeases: 0, endedLeases: [:])
            for row in try Row.fetchAll(db, sql: "SELECT outcome, COUNT(*) AS n FROM lease GROUP BY outcome") {
                if let name: String = row["outcome"] {
                    counts.endedLeases[try leaseOutcome(name)] = row["n"]
                } else {
                    counts.activeLeases = row["n"]
                }
            }
            return counts
        }
    }

    /// Events of one kind, oldest first (tests and status read them).
    public func events(kind: JournalEventKind) throws -> [(unitID: String?, workerID: String?, detail: String?)] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT unit_id, worker_id, detail FROM event WHERE kind = ? ORDER BY id", arguments: [kind.storedName]
            ).map { ($0["unit_id"], $0["worker_id"], $0["detail"]) }
        }
    }

    /// The ids of every worker that said hello to a coordinator of this journal.
    func workerIDs() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT id FROM worker") }
    }
}
