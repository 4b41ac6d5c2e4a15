/// A record that cannot be used.
public enum QuestionRecordError: Error, CustomStringConvertible, Equatable {
    case invalid(model: String, task: String, language: String, set: FewShotSet, questionID: String, reason: String)
    case duplicate(model: String, task: String, language: String, set: FewShotSet, questionID: String)
    /// Two models' records cannot be ensembled: their questions differ.
    case notAligned(first: String, second: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let model, let task, let language, let set, let questionID, let reason):
            return "record \(model) / \(task) / \(language) / \(set.label) / \"\(questionID)\": \(reason)"
        case .duplicate(let model, let task, let language, let set, let questionID):
            return "record \(model) / \(task) / \(language) / \(set.label) / \"\(questionID)\" appears twice"
        case .notAligned(let first, let second, let reason):
            return "cannot ensemble \(first) and \(second): \(reason)"
        }
    }
}
