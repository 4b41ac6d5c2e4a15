import Benchmark
import Foundation

/// What a worker measured on one question of a unit: the record the journal keeps and the
/// report reads. Everything but `seconds` is a pure function of the model file and the prompt,
/// so two workers scoring the same question agree bit for bit.
public struct QuestionResult: Codable, Sendable, Hashable {
    public var questionID: String
    /// The question's position among its task's test questions (file order).
    public var index: Int
    /// The language the question was asked in (units hold several).
    public var language: BenchmarkLanguage
    public var topTokenID: Int32
    public var topTokenPiece: String
    /// The top token decoded to text, as the authors' code decodes it (before trimming).
    public var topTokenText: String
    public var topTokenProbability: Double
    /// The letter the top token's text is (trimmed), or nil when it is none of the options:
    /// the paper's prediction.
    public var topLetter: String?
    /// Aligned with the question's letters: each letter's probability in the full softmax, the
    /// largest among the tokens that decode to the letter (the authors' rule).
    public var letterProbabilities: [Double]
    public var promptTokens: Int
    /// Prompt tokens the engine computed for this question: not served by the prefix cache,
    /// and not shared with a question scored before it in the same batch (a shared prefix
    /// counts for the first question of its group). Summed over results: the forward passes'
    /// work. Nil in journals written before it was recorded (schema v4).
    public var computedTokens: Int?
    /// Wall-clock seconds the question took on its worker (not part of the result's identity).
    public var seconds: Double

    public init(
        questionID: String, index: Int, language: BenchmarkLanguage, topTokenID: Int32, topTokenPiece: String,
        topTokenText: String, topTokenProbability: Double, topLetter: String?, letterProbabilities: [Double], promptTokens: Int,
        computedTokens: Int?, seconds: Double
    ) {
        self.questionID = questionID
        self.index = index
        self.language = language
        self.topTokenID = topTokenID
        self.topTokenPiece = topTokenPiece
        self.topTokenText = topTokenText
        self.topTokenProbability = topTokenProbability
        self.topLetter = topLetter
        self.letterProbabilities = letterProbabilities
        self.promptTokens = promptTokens
        self.computedTokens = computedTokens
        self.seconds = seconds
    }

    /// Checks the result answers `question`: same id and language, one finite probability in [0, 1] per
    /// letter, a top letter among the letters. Returns the reason when it does not.
    public func mismatch(with question: UnitQuestion) -> String? {
        if questionID != question.id || language != question.language {
            return "result for question \(questionID) (\(language.rawValue)) where \(question.id) (\(question.language.rawValue)) was expected"
        }
        if letterProbabilities.count != question.letters.count {
            return "question \(questionID): \(letterProbabilities.count) letter probabilities for \(question.letters.count) letters"
        }
        let inRange: (Double) -> Bool = { $0.isFinite && $0 >= 0 && $0 <= 1 }
        if !letterProbabilities.allSatisfy(inRange) || !inRange(topTokenProbability) {
            return "question \(questionID): a probability is not a number in [0, 1]"
        }
        if let topLetter, !question.letters.contains(topLetter) {
            return "question \(questionID): top letter \"\(topLetter)\" is not an option"
        }
        let decoded = topTokenText.trimmingCharacters(in: .whitespacesAndNewlines)
        if topLetter != (question.letters.contains(decoded) ? decoded : nil) {
            return "question \(questionID): top letter \(topLetter.map { "\"\($0)\"" } ?? "none") disagrees with the top token's text \"\(topTokenText)\""
        }
        if promptTokens < 1 || !seconds.isFinite || seconds < 0 {
            return "question \(questionID): prompt tokens \(promptTokens) or seconds \(seconds) out of range"
        }
        if let computedTokens, !(0 ... promptTokens).contains(computedTokens) {
            return "question \(questionID): \(computedTokens) tokens computed of a \(promptTokens)-token prompt"
        }
        return nil
    }
}
