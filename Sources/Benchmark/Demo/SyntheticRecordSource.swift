import Foundation

/// Deterministic SYNTHETIC per-question records for made-up models, to show the reports before
/// any model has run. Not measurements: each record is drawn from a seeded generator (SplitMix64
/// per record, seeded from the seed, model, task, language, set and question), so the same seed
/// gives the same records on every machine.
///
/// Each model has a made-up skill; a task, a language and a few-shot set shift it. A question's
/// letter logits are Gaussian noise plus that skill on the gold letter; the letters share 55% to
/// 97% of the probability mass, and the best non-letter token sometimes beats them all (then
/// the paper's accuracy counts the question wrong while restricted accuracy may not). Some cells
/// are left out on purpose, so reports show how they render missing ones.
///
/// ```swift
/// let records = SyntheticRecordSource(benchmark: .demo).records()   // 4 models × 30 questions × 8 languages × 3 sets, minus gaps
/// ```
public struct SyntheticRecordSource: QuestionRecordSource {
    /// Which question list the records cover.
    public enum QuestionList: String, Sendable, CaseIterable {
        /// The demo benchmark's questions (3 per task), their identifiers and gold letters.
        case demo
        /// As many questions as the paper's test sets (9,038 per language), with made-up
        /// identifiers and gold letters.
        case fullSize = "full"
    }

    /// A made-up model: its skill, and the cells it was "not run" on.
    public struct Model: Sendable {
        public var name: String
        public var skill: Double
        public var missingLanguages: Set<BenchmarkLanguage> = []
        /// (task, set) pairs left out, to show cells over fewer than 3 sets.
        public var missingSets: [(task: BenchmarkTask, set: FewShotSet)] = []
    }

    public var benchmark: QuestionList
    public var seed: UInt64
    public var models: [Model]

    /// The four made-up models of the demo report.
    public static let demoModels: [Model] = [
        Model(name: "synthetic-general-7b", skill: 0.9),
        Model(name: "synthetic-medical-7b", skill: 1.6),
        Model(name: "synthetic-medical-7b-Q4_0", skill: 1.5, missingSets: [(.pubMedQA, 3)]),
        Model(name: "synthetic-merged-7b", skill: 1.8, missingLanguages: [.ar, .zh]),
    ]

    public init(benchmark: QuestionList = .demo, seed: UInt64 = 0, models: [Model] = SyntheticRecordSource.demoModels) {
        self.benchmark = benchmark
        self.seed = seed
        self.models = models
    }

    public var label: String {
        "SYNTHETIC records (made up by a seeded generator, seed \(seed), for \(benchmark == .demo ? "the demo benchmark's questions" : "full-size test sets")): not results of any model"
    }

    public var isSynthetic: Bool { true }

    public var tasks: [BenchmarkTask] { BenchmarkTask.allCases }

    /// No sweep, model file or data: the models are names with a made-up skill.
    public func provenance() -> ReportProvenance {
        ReportProvenance(synthetic: "SYNTHETIC records: made up by medsweep's seeded generator (seed \(seed), "
            + "\(benchmark == .demo ? "the demo benchmark's questions" : "full-size test sets"), models "
            + models.map(\.name).joined(separator: ", ") + "); no model file, data file or template was read")
    }

    public func records() -> [QuestionRecord] {
        var records: [QuestionRecord] = []
        for model in models {
            for language in BenchmarkLanguage.allCases where !model.missingLanguages.contains(language) {
                for task in tasks {
                    let questions = questionList(task)
                    for set in FewShotSet.paperSets where !model.missingSets.contains(where: { $0.task == task && $0.set == set }) {
                        for (identifier, gold) in questions {
                            records.append(record(model: model, task: task, language: language, set: set, identifier: identifier, gold: gold))
                        }
                    }
                }
            }
        }
        return records
    }

    /// (identifier, gold letter) of each question of `task`.
    private func questionList(_ task: BenchmarkTask) -> [(String, String)] {
        switch benchmark {
        case .demo:
            return Array(zip(DemoBenchmark.identifiers(of: task), DemoBenchmark.goldLetters(of: task)))
        case .fullSize:
            return (1 ... task.expectedTestSize).map { number in
                let identifier = String(format: "synthetic-%05d", number)
                var generator = SplitMix64(seed: StableHash.seed(seed, "gold", task.corpusName, identifier))
                return (identifier, task.letters[generator.next(below: task.letters.count)])
            }
        }
    }

    private func record(
        model: Model, task: BenchmarkTask, language: BenchmarkLanguage, set: FewShotSet, identifier: String, gold: String
    ) -> QuestionRecord {
        var generator = SplitMix64(seed: StableHash.seed(
            seed, "record", model.name, task.corpusName, language.rawValue, String(set.number), identifier))
        let setShift = Self.shift(seed: seed, model.name, task.corpusName, String(set.number))
        let skill = model.skill + Self.taskShift[task]! + Self.languageShift[language]! + setShift
        let letters = task.letters
        let logits = letters.map { letter in 1.4 * (generator.nextNormal() + (letter == gold ? skill : 0)) }
        let largest = logits.max()!
        let weights = logits.map { exp($0 - largest) }
        let total = weights.reduce(0, +)
        let letterMass = 0.55 + 0.42 * generator.nextUnit()
        let probabilities = weights.map { letterMass * $0 / total }
        let bestOther = (1 - letterMass) * (0.3 + 0.7 * generator.nextUnit())
        let bestLetter = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
        let letterWins = probabilities[bestLetter] >= bestOther
        return QuestionRecord(
            model: model.name, task: task, language: language, fewShotSet: set, questionID: identifier, goldLetter: gold,
            letters: letters, letterProbabilities: probabilities,
            topTokenProbability: letterWins ? probabilities[bestLetter] : bestOther,
            topTokenLetter: letterWins ? letters[bestLetter] : nil)
    }

    /// A small shift in [−0.2, 0.2) per model, task and set, so the sets differ.
    private static func shift(seed: UInt64, _ parts: String...) -> Double {
        var generator = SplitMix64(seed: StableHash.seed(seed, parts: ["set-shift"] + parts))
        return 0.4 * generator.nextUnit() - 0.2
    }

    /// Made-up difficulty per task (harder tasks lower the skill).
    private static let taskShift: [BenchmarkTask: Double] = [
        .clinicalKnowledge: 0.2, .medicalGenetics: 0.3, .anatomy: 0.0, .professionalMedicine: 0.1, .collegeBiology: 0.3,
        .collegeMedicine: 0.0, .medQA: -0.4, .medQA5Options: -0.6, .pubMedQA: 0.4, .medMCQA: -0.3,
    ]

    /// Made-up cost of translation per language.
    private static let languageShift: [BenchmarkLanguage: Double] = [
        .en: 0.0, .es: -0.15, .de: -0.2, .pt: -0.15, .ru: -0.3, .fr: -0.15, .ar: -0.5, .zh: -0.45,
    ]
}
