import Benchmark
import Foundation
import GRDB

/// Per-question reads: every committed result with its unit's model, task and set, streamed
/// (a sweep of many models holds millions), and what a unit's id was made of.
extension Journal {
    /// Calls `body` with every committed result, in scheduling order, then question, then
    /// language; results are read in one transaction as they are handed on, never all at once.
    public func forEachScoredQuestion(_ body: (ScoredQuestion) throws -> Void) throws {
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT u.model, u.task, u.fewshot_set, r.unit_id, r.gold, r.letters, r.language, r.question_id, r.question_index,
                    r.top_token_id, r.top_token_piece, r.top_token_text, r.top_token_probability, r.top_letter,
                    r.letter_probabilities, r.prompt_tokens, r.computed_tokens, r.seconds
                FROM result r JOIN unit u ON u.id = r.unit_id
                ORDER BY u.ordinal, r.question_index, r.language
                """)
            while let row = try rows.next() {
                let taskName: String = row["task"], lettersText: String = row["letters"]
                guard let task = BenchmarkTask(corpusName: taskName), let set = FewShotSet(rawValue: row["fewshot_set"]),
                    let letters = JournalText.parseList(lettersText)
                else {
                    throw JournalError.corrupt(path: path, reason: "the unit of result \(row["question_id"] as String) cannot be read")
                }
                try body(ScoredQuestion(
                    unitID: row["unit_id"], model: row["model"], task: task, fewShotSet: set, goldLetter: row["gold"], letters: letters,
                    result: try questionResult(row)))
            }
        }
    }

    /// What a unit's id was computed from, less the digests (``WorkUnit/id``).
    public struct UnitIdentity: Sendable, Equatable {
        public let model: String
        public let task: BenchmarkTask
        public let fewShotSet: FewShotSet
        public let firstQuestion: Int
        /// Questions per language, in the unit's language order.
        public let slices: [WorkUnit.LanguageSlice]

        /// Whether `id` is this unit's id computed from these digests (``WorkUnit/id``): true
        /// only when the unit was planned with a model file of one of `modelDigests`, this
        /// template and these data files (`dataDigest` of each language; nil: none).
        public func isNamed(
            _ id: String, modelDigests: [String], templateDigest: String, dataDigest: (BenchmarkLanguage) -> String?
        ) -> Bool {
            var digested: [(slice: WorkUnit.LanguageSlice, dataDigest: String)] = []
            for slice in slices {
                guard let digest = dataDigest(slice.language) else { return false }
                digested.append((slice, digest))
            }
            return modelDigests.contains { modelDigest in
                WorkUnit.id(
                    model: model, modelDigest: modelDigest, templateDigest: templateDigest, task: task, fewShotSet: fewShotSet,
                    firstQuestion: firstQuestion, slices: digested) == id
            }
        }
    }

    /// Every unit's identity, by unit id.
    public func unitIdentities() throws -> [String: UnitIdentity] {
        try pool.read { db in
            var counts: [String: [BenchmarkLanguage: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT unit_id, language, question_count FROM unit_language") {
                guard let language = BenchmarkLanguage(rawValue: row["language"]) else {
                    throw JournalError.corrupt(path: path, reason: "unit \(row["unit_id"] as String): unit_language.language is '\(row["language"] as String)'")
                }
                counts[row["unit_id"], default: [:]][language] = row["question_count"]
            }
            var identities: [String: UnitIdentity] = [:]
            for unit in try Row.fetchAll(db, sql: "SELECT id, model, task, language, fewshot_set, first_question FROM unit") {
                let id: String = unit["id"], taskName: String = unit["task"], languageList: String = unit["language"]
                guard let task = BenchmarkTask(corpusName: taskName), let set = FewShotSet(rawValue: unit["fewshot_set"]) else {
                    throw JournalError.corrupt(path: path, reason: "unit \(id): task '\(taskName)' or few-shot set cannot be read")
                }
                // `unit.language` keeps the unit's language order ("en+fr+zh"); unit_language the counts.
                var slices: [WorkUnit.LanguageSlice] = []
                for code in languageList.split(separator: "+") {
                    guard let language = BenchmarkLanguage(rawValue: String(code)), let count = counts[id]?[language] else {
                        throw JournalError.corrupt(path: path, reason: "unit \(id): language '\(code)' has no question count")
                    }
                    slices.append(WorkUnit.LanguageSlice(language: language, questionCount: count))
                }
                identities[id] = UnitIdentity(
                    model: unit["model"], task: task, fewShotSet: set, firstQuestion: unit["first_question"], slices: slices)
            }
            return identities
        }
    }

    /// The sweep file the journal was first run from (`sweep.source`).
    public func sweepSource() throws -> String {
        try pool.read { db in
            guard let source = try String.fetchOne(db, sql: "SELECT source FROM sweep WHERE id = 1") else {
                throw JournalError.notASweepJournal(path: path)
            }
            return source
        }
    }
}
