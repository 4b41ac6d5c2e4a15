import Benchmark

/// One committed result with what the unit says of it (model, task, few-shot set) and what
/// the question says (gold letter, letters): a line of `report --format samples`.
public struct ScoredQuestion: Sendable, Equatable {
    public let unitID: String
    public let model: String
    public let task: BenchmarkTask
    public let fewShotSet: FewShotSet
    public let goldLetter: String
    /// The option letters, in prompt order.
    public let letters: [String]
    public let result: QuestionResult

    public init(
        unitID: String, model: String, task: BenchmarkTask, fewShotSet: FewShotSet, goldLetter: String, letters: [String],
        result: QuestionResult
    ) {
        self.unitID = unitID
        self.model = model
        self.task = task
        self.fewShotSet = fewShotSet
        self.goldLetter = goldLetter
        self.letters = letters
        self.result = result
    }

    /// The paper's verdict: the top token of the whole vocabulary decodes to the gold letter.
    public var isCorrect: Bool { result.topLetter == goldLetter }

    /// The most likely letter among the options (the first on ties, as numpy's argmax).
    public var restrictedPrediction: String {
        let probabilities = result.letterProbabilities
        guard !probabilities.isEmpty, probabilities.count == letters.count else { return letters.first ?? "" }
        var best = 0
        for index in probabilities.indices where probabilities[index] > probabilities[best] { best = index }
        return letters[best]
    }

    public var isRestrictedCorrect: Bool { restrictedPrediction == goldLetter }
}
