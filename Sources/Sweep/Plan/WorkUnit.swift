import Benchmark

/// One piece of a sweep: a contiguous slice (shard) of one task's test questions in one
/// language, with one few-shot set, for one model.
///
/// Its `id` is a stable hash of those fields and of the model file's, the data file's and the
/// template's digests, so a re-run, a retry or another coordinator names the same work the same.
/// The set enters the hash as its decimal number ("1"), as it did when it was a plain integer,
/// so journals written before `FewShotSet` resume.
public struct WorkUnit: Codable, Sendable, Hashable, Identifiable {
    public let id: String
    public let model: String
    public let task: BenchmarkTask
    public let language: BenchmarkLanguage
    public let fewShotSet: FewShotSet
    public let shard: Int
    /// Index of the shard's first question among the task's test questions (file order).
    public let firstQuestion: Int
    public let questionCount: Int

    public init(
        id: String, model: String, task: BenchmarkTask, language: BenchmarkLanguage, fewShotSet: FewShotSet,
        shard: Int, firstQuestion: Int, questionCount: Int
    ) {
        self.id = id
        self.model = model
        self.task = task
        self.language = language
        self.fewShotSet = fewShotSet
        self.shard = shard
        self.firstQuestion = firstQuestion
        self.questionCount = questionCount
    }

    /// The id of the unit these fields and digests describe: the first 32 hex digits of the
    /// SHA-256 of the fields, one a line, after a version tag.
    public static func id(
        model: String, modelDigest: String, dataDigest: String, templateDigest: String,
        task: BenchmarkTask, language: BenchmarkLanguage, fewShotSet: FewShotSet, firstQuestion: Int, questionCount: Int
    ) -> String {
        let identity = [
            "medsweep-unit-v1", model, modelDigest, dataDigest, templateDigest,
            task.corpusName, language.rawValue, "\(fewShotSet.number)", "\(firstQuestion)", "\(questionCount)",
        ].joined(separator: "\n")
        return String(FileDigest.sha256(identity).prefix(32))
    }

    /// "BioMistral-7B MedQA fr set 2 shard 3 (questions 150..<200)"; "… fr 0-shot shard 3 …" for
    /// zero-shot.
    public var label: String {
        Self.label(
            model: model, task: task.corpusName, language: language.rawValue, fewShotSet: fewShotSet, shard: shard,
            firstQuestion: firstQuestion, questionCount: questionCount)
    }

    /// The label of a unit known by its journal columns.
    static func label(
        model: String, task: String, language: String, fewShotSet: FewShotSet, shard: Int, firstQuestion: Int,
        questionCount: Int
    ) -> String {
        "\(model) \(task) \(language) \(fewShotSet.label) shard \(shard) (questions \(firstQuestion)..<\(firstQuestion + questionCount))"
    }
}

/// One question of a unit as a worker scores it: the prompt already rendered (no BOS), the
/// option letters, and what the report needs to judge it.
public struct UnitQuestion: Codable, Sendable, Hashable {
    public let id: String
    public let index: Int
    public let prompt: String
    public let letters: [String]
    public let gold: String

    public init(id: String, index: Int, prompt: String, letters: [String], gold: String) {
        self.id = id
        self.index = index
        self.prompt = prompt
        self.letters = letters
        self.gold = gold
    }
}
