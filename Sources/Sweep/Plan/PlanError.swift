import Benchmark

/// Why a sweep cannot start: checked before any work is handed out.
public enum PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The model file does not exist or cannot be read (`path`, and why).
    case modelUnreadable(path: String, reason: String)
    case modelDigestMismatch(model: String, path: String, expected: String, actual: String)
    case modelNotRunnable(model: String, path: String, reason: String)
    case benchmark(reason: String)
    case missingData(task: String, language: String, reason: String)
    /// The data's questions lack a few-shot set the sweep names (`available`: the sets the
    /// question has, from 1).
    case missingFewShotSet(file: String, task: String, language: String, set: FewShotSet, question: String, available: Int)
    case nothingToDo
    /// A variant could not be built (its parents, the recipe, or the disk), and why.
    case variantBuildFailed(model: String, reason: String)
    /// The sweep has variants but the plan was given nowhere to build them.
    case noVariantCache(model: String)
    /// Variants made from each other in a circle (a sweep built in code; a sweep file is
    /// checked when read).
    case variantCycle(model: String, reason: String)

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
        case .missingFewShotSet(let file, let task, let language, let set, let question, let available):
            "fewshot_sets: \(set): \(task) \(language) in \(file): question \(question) has no few-shot set \(set) ("
                + (available == 0 ? "it has none" : available == 1 ? "it has set 1" : "it has sets 1 to \(available)")
                + "; 0 is zero-shot)"
        case .nothingToDo:
            "the sweep has no questions to score"
        case .variantBuildFailed(let model, let reason):
            "model \(model): the variant cannot be built: \(reason)"
        case .noVariantCache(let model):
            "model \(model) is a variant, and this command builds none (run it with a journal: medsweep run or coordinator)"
        case .variantCycle(let model, let reason):
            "model \(model) \(reason)"
        }
    }
}
