import ArgumentParser
import Benchmark

// `--task` and `--language` of the commands that read benchmark data (`prompt`, `benchmark
// list`): a value that is not a name is a usage error listing the names, and offering the
// close one when there is one ("'MedQ' is not a task; … did you mean "MedQA"?").

/// The task `text` names, or a usage error.
func taskArgument(_ text: String) throws -> BenchmarkTask {
    guard let task = BenchmarkTask(corpusName: text) else {
        throw ValidationError(usageMessage("'\(text)' is not a task; the tasks are \(BenchmarkTask.corpusNameList)", BenchmarkTask.didYouMean(text)))
    }
    return task
}

/// The language `text` names, or a usage error.
func languageArgument(_ text: String) throws -> BenchmarkLanguage {
    guard let language = BenchmarkLanguage(rawValue: text) else {
        throw ValidationError(
            usageMessage("'\(text)' is not a language; the languages are \(BenchmarkLanguage.codeList)", BenchmarkLanguage.didYouMean(text)))
    }
    return language
}

/// `message` ended by the suggestion ("; did you mean …?"), or by a full stop without one.
private func usageMessage(_ message: String, _ suggestion: String) -> String {
    suggestion.isEmpty ? message + "." : message + suggestion
}
