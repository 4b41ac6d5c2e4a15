/// What one forward pass tells about one question: the record the sweep journal stores and the
/// metrics and reports read. Filled by whoever scores (the engine through the sweep, or the
/// synthetic demo source).
///
/// Probabilities come from the softmax over the whole vocabulary at the prompt's last position:
/// `letterProbabilities[i]` is that of `letters[i]`'s token, so the letters' sum is at most 1.
/// The paper counts a question right only when the single most likely token is the gold letter
/// (`topTokenLetter == goldLetter`); a top token that is not a letter counts as wrong.
///
/// ```swift
/// let record = QuestionRecord(
///     model: "BioMistral-7B", task: .medQA, language: .fr, fewShotSet: 2, questionID: "q-0012",
///     goldLetter: "C", letters: ["A", "B", "C", "D"], letterProbabilities: [0.05, 0.10, 0.62, 0.08],
///     topTokenProbability: 0.62, topTokenLetter: "C")
/// record.isCorrect              // true (paper accuracy)
/// record.restrictedPrediction   // "C" (argmax over the letters)
/// ```
public struct QuestionRecord: Codable, Sendable, Hashable {
    public var model: String
    public var task: BenchmarkTask
    public var language: BenchmarkLanguage
    /// The few-shot set the prompt showed (zero-shot: none).
    public var fewShotSet: FewShotSet
    public var questionID: String
    public var goldLetter: String
    /// The option letters, in prompt order.
    public var letters: [String]
    /// Each letter's probability in the full-vocabulary softmax, aligned with `letters`.
    public var letterProbabilities: [Double]
    /// The probability of the most likely token, whatever it is.
    public var topTokenProbability: Double
    /// The letter the most likely token is, or nil when it is not one of the letters.
    public var topTokenLetter: String?

    public init(
        model: String, task: BenchmarkTask, language: BenchmarkLanguage, fewShotSet: FewShotSet, questionID: String,
        goldLetter: String, letters: [String], letterProbabilities: [Double], topTokenProbability: Double,
        topTokenLetter: String?
    ) {
        self.model = model
        self.task = task
        self.language = language
        self.fewShotSet = fewShotSet
        self.questionID = questionID
        self.goldLetter = goldLetter
        self.letters = letters
        self.letterProbabilities = letterProbabilities
        self.topTokenProbability = topTokenProbability
        self.topTokenLetter = topTokenLetter
    }

    /// The paper's criterion: the most likely token is the gold letter.
    public var isCorrect: Bool { topTokenLetter == goldLetter }

    /// The index of the most likely letter (the first on ties, as numpy's argmax).
    public var restrictedPredictionIndex: Int {
        var best = 0
        for index in letterProbabilities.indices where letterProbabilities[index] > letterProbabilities[best] {
            best = index
        }
        return best
    }

    /// The most likely letter among the options only.
    public var restrictedPrediction: String { letters[restrictedPredictionIndex] }

    /// Whether the most likely letter is the gold one ("restricted" accuracy's criterion).
    public var isRestrictedCorrect: Bool { restrictedPrediction == goldLetter }

    /// The letters' probabilities scaled to sum to 1 (all equal when they sum to 0).
    public var renormalisedProbabilities: [Double] {
        let total = letterProbabilities.reduce(0, +)
        guard total > 0 else { return letterProbabilities.map { _ in 1 / Double(letterProbabilities.count) } }
        return letterProbabilities.map { $0 / total }
    }

    /// The cell this record belongs to in the report: everything but the question and set.
    public var cell: CellKey { CellKey(model: model, task: task, language: language) }

    /// Checks the record's own consistency: letters that are the task's, one
    /// probability per letter, each in [0, 1], summing to at most 1, a gold and a top letter
    /// among the letters.
    public func validate() throws {
        func fail(_ reason: String) -> QuestionRecordError {
            .invalid(model: model, task: task.corpusName, language: language.rawValue, set: fewShotSet, questionID: questionID, reason: reason)
        }
        guard letters == task.letters else {
            throw fail("letters \(letters.joined(separator: ", ")) are not \(task.corpusName)'s (\(task.letters.joined(separator: ", ")))")
        }
        guard letterProbabilities.count == letters.count else {
            throw fail("\(letterProbabilities.count) letter probabilities for \(letters.count) letters")
        }
        let tolerance = 1e-6
        guard letterProbabilities.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { throw fail("a letter probability is outside [0, 1]") }
        guard letterProbabilities.reduce(0, +) <= 1 + tolerance else { throw fail("the letter probabilities sum to more than 1") }
        guard topTokenProbability >= 0, topTokenProbability <= 1 + tolerance,
            topTokenProbability + tolerance >= (letterProbabilities.max() ?? 0)
        else { throw fail("top-token probability \(topTokenProbability) is below a letter's or outside [0, 1]") }
        guard letters.contains(goldLetter) else { throw fail("gold letter \"\(goldLetter)\" is not among the letters") }
        if let topTokenLetter, !letters.contains(topTokenLetter) {
            throw fail("top-token letter \"\(topTokenLetter)\" is not among the letters")
        }
    }
}
