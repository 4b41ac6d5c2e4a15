import Benchmark

/// One piece of a sweep: a contiguous slice (shard) of one task's test questions, in every
/// language of the sweep, with one few-shot set, for one model.
///
/// Why every language in one unit: the benchmark's few-shot examples stay in English in all
/// its languages (only the test question, its options and context are translated), so a
/// question's prompts in the 8 languages share their instruction and examples — most of each
/// prompt. A worker holding all of them at once computes that prefix once and the 8 suffixes
/// as one batch over it (DESIGN.md, "Work unit").
///
/// Its `id` is a stable hash of those fields and of the model file's, each language's data
/// file's and the template's digests, so a re-run, a retry or another coordinator names the
/// same work the same.
public struct WorkUnit: Codable, Sendable, Hashable, Identifiable {
    /// The questions of one language in a unit: those at `firstQuestion ..< firstQuestion +
    /// questionCount` of the language's test set (a language whose set is shorter has fewer).
    public struct LanguageSlice: Codable, Sendable, Hashable {
        public let language: BenchmarkLanguage
        public let questionCount: Int

        public init(language: BenchmarkLanguage, questionCount: Int) {
            self.language = language
            self.questionCount = questionCount
        }
    }

    public let id: String
    public let model: String
    public let task: BenchmarkTask
    /// In the sweep's language order.
    public let slices: [LanguageSlice]
    public let fewShotSet: FewShotSet
    public let shard: Int
    /// Index of the shard's first question among the task's test questions (file order).
    public let firstQuestion: Int

    public init(
        id: String, model: String, task: BenchmarkTask, slices: [LanguageSlice], fewShotSet: FewShotSet, shard: Int,
        firstQuestion: Int
    ) {
        self.id = id
        self.model = model
        self.task = task
        self.slices = slices
        self.fewShotSet = fewShotSet
        self.shard = shard
        self.firstQuestion = firstQuestion
    }

    public var languages: [BenchmarkLanguage] { slices.map(\.language) }

    /// Prompts in the unit: its questions over all its languages.
    public var questionCount: Int { slices.reduce(0) { $0 + $1.questionCount } }

    /// Questions per language at most (the shard's length).
    public var sliceLength: Int { slices.map(\.questionCount).max() ?? 0 }

    /// The id of the unit these fields and digests describe: the first 32 hex digits of the
    /// SHA-256 of the fields, one a line, after a version tag (v2: units span languages; v1
    /// units held one language and are never mixed with these, `JournalError.earlierUnitLayout`).
    public static func id(
        model: String, modelDigest: String, templateDigest: String, task: BenchmarkTask, fewShotSet: FewShotSet,
        firstQuestion: Int, slices: [(slice: LanguageSlice, dataDigest: String)]
    ) -> String {
        let identity = [
            "medsweep-unit-v2", model, modelDigest, templateDigest, task.corpusName, "\(fewShotSet.number)", "\(firstQuestion)",
        ] + slices.map { "\($0.slice.language.rawValue) \($0.dataDigest) \($0.slice.questionCount)" }
        return String(FileDigest.sha256(identity.joined(separator: "\n")).prefix(32))
    }

    /// "BioMistral-7B MedQA en+fr set 2 shard 3 (questions 151–200)"; "… 0-shot …" for
    /// zero-shot.
    public var label: String {
        Self.label(
            model: model, task: task.corpusName, languages: Self.languageList(languages), fewShotSet: fewShotSet,
            shard: shard, firstQuestion: firstQuestion, questionCount: sliceLength)
    }

    /// Languages as the journal's `unit.language` column and labels write them: "en+fr+zh".
    public static func languageList(_ languages: [BenchmarkLanguage]) -> String {
        languages.map(\.rawValue).joined(separator: "+")
    }

    /// The label of a unit known by its journal columns.
    static func label(
        model: String, task: String, languages: String, fewShotSet: FewShotSet, shard: Int, firstQuestion: Int,
        questionCount: Int
    ) -> String {
        // Counted from 1, both ends included, as people count questions ("questions 1–50"), not
        // as a Swift range ("0..<50").
        "\(model) \(task) \(languages) \(fewShotSet.label) shard \(shard) (questions \(firstQuestion + 1)–\(firstQuestion + questionCount))"
    }
}

/// One prompt of a unit as a worker scores it: the question in one language, rendered (no BOS),
/// its option letters, and what the report needs to judge it.
public struct UnitQuestion: Codable, Sendable, Hashable {
    public let id: String
    public let index: Int
    public let language: BenchmarkLanguage
    public let prompt: String
    public let letters: [String]
    public let gold: String

    public init(id: String, index: Int, language: BenchmarkLanguage, prompt: String, letters: [String], gold: String) {
        self.id = id
        self.index = index
        self.language = language
        self.prompt = prompt
        self.letters = letters
        self.gold = gold
    }
}
