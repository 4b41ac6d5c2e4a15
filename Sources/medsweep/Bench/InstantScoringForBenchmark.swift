import Sweep

/// A benchmark's stand-in for the engine: answers every question at once with placeholder
/// scores (every letter equally likely, no letter the top token), so a benchmark measures the
/// coordinator, the wire and the journal, not the model. Its results are no measurement; it
/// is used only by `medsweep bench instant-workers`, against a benchmark's throwaway journal.
final class InstantScoringForBenchmark: UnitScoring {
    var loadedModel: String? { nil }

    func score(
        _ unit: UnitBody, threads: Int, progress: @Sendable (UnitProgress) -> Void, shouldStop: @Sendable () -> Bool
    ) throws -> [QuestionResult]? {
        let results = unit.questions.map { question in
            let share = 1 / Double(question.letters.count + 1)
            return QuestionResult(
                questionID: question.id, index: question.index, language: question.language, topTokenID: 0, topTokenPiece: "<benchmark placeholder>",
                topTokenText: "", topTokenProbability: share, topLetter: nil,
                letterProbabilities: Array(repeating: share, count: question.letters.count),
                promptTokens: max(1, question.prompt.utf8.count / 4), computedTokens: nil, seconds: 0)
        }
        progress(UnitProgress(questionsDone: results.count, promptTokens: results.reduce(0) { $0 + $1.promptTokens }))
        return results
    }
}
