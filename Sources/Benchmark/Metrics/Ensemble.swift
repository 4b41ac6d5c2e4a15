/// Ensembles of two models, as the authors' `EvaluateFewShot-Ensemble.py` builds them: per
/// question, the two models' letter probabilities are summed and the prediction is the letter
/// with the highest sum (there is no ensemble "top token", so the ensemble's paper accuracy is
/// its restricted accuracy).
///
/// The records made here hold the mean of the two probabilities (the sum halved), which has
/// the same argmax and stays a probability, so calibration metrics remain meaningful; the
/// top token is the argmax letter.
///
/// ```swift
/// let combined = try Ensemble.combine(records, first: "BioMistral-7B", second: "Mistral-7B")
/// combined[0].model    // "BioMistral-7B + Mistral-7B"
/// ```
public enum Ensemble {
    /// The ensemble's name in reports.
    public static func name(_ first: String, _ second: String) -> String { "\(first) + \(second)" }

    /// Records of the ensemble of `first` and `second`, one per question both were scored on
    /// (same task, language, set and identifier). Fails when either model has a question the
    /// other lacks, or when their gold letters or letters differ (the authors' script stops
    /// there too: "references not aligned").
    public static func combine(_ records: [QuestionRecord], first: String, second: String) throws -> [QuestionRecord] {
        struct Key: Hashable {
            var task: BenchmarkTask
            var language: BenchmarkLanguage
            var set: FewShotSet
            var question: String
        }
        func key(_ record: QuestionRecord) -> Key {
            Key(task: record.task, language: record.language, set: record.fewShotSet, question: record.questionID)
        }
        var secondByKey: [Key: QuestionRecord] = [:]
        for record in records where record.model == second { secondByKey[key(record)] = record }
        let firstRecords = records.filter { $0.model == first }
        guard !firstRecords.isEmpty else { throw QuestionRecordError.notAligned(first: first, second: second, reason: "\(first) has no records") }
        guard !secondByKey.isEmpty else { throw QuestionRecordError.notAligned(first: first, second: second, reason: "\(second) has no records") }
        guard firstRecords.count == secondByKey.count else {
            throw QuestionRecordError.notAligned(
                first: first, second: second,
                reason: "\(first) has \(firstRecords.count) records and \(second) \(secondByKey.count)")
        }
        let name = name(first, second)
        return try firstRecords.map { one in
            guard let other = secondByKey[key(one)] else {
                throw QuestionRecordError.notAligned(
                    first: first, second: second,
                    reason: "\(second) has no record of \(one.task.corpusName) / \(one.language.rawValue) / \(one.fewShotSet.label) / \"\(one.questionID)\"")
            }
            guard other.goldLetter == one.goldLetter, other.letters == one.letters else {
                throw QuestionRecordError.notAligned(
                    first: first, second: second, reason: "question \"\(one.questionID)\" has different letters or gold letter")
            }
            let mean = zip(one.letterProbabilities, other.letterProbabilities).map { ($0 + $1) / 2 }
            var combined = one
            combined.model = name
            combined.letterProbabilities = mean
            var best = 0
            for index in mean.indices where mean[index] > mean[best] { best = index }
            combined.topTokenLetter = one.letters[best]
            combined.topTokenProbability = mean[best]
            return combined
        }
    }
}
