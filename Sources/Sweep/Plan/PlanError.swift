/// Why a sweep cannot start: checked before any work is handed out.
public enum PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    case modelUnreadable(path: String, reason: String)
    case modelDigestMismatch(model: String, path: String, expected: String, actual: String)
    case modelNotRunnable(model: String, path: String, reason: String)
    case benchmark(reason: String)
    case missingData(task: String, language: String, reason: String)
    case missingFewShotSet(task: String, language: String, set: Int, question: String)
    case nothingToDo

    public var description: String {
        switch self {
        case .modelUnreadable(let path, let reason):
            "model file \(path) \(reason)"
        case .modelDigestMismatch(let model, let path, let expected, let actual):
            "model \(model): \(path) has sha256 \(actual), the sweep file expects \(expected)"
        case .modelNotRunnable(let model, let path, let reason):
            // File errors already begin with the path.
            reason.hasPrefix(path) ? "model \(model): \(reason)" : "model \(model): \(path): \(reason)"
        case .benchmark(let reason):
            "benchmark: \(reason)"
        case .missingData(let task, let language, let reason):
            "no data for \(task) in \(language): \(reason)"
        case .missingFewShotSet(let task, let language, let set, let question):
            "\(task) \(language): question \(question) has no few-shot set \(set)"
        case .nothingToDo:
            "the sweep has no questions to score"
        }
    }
}
