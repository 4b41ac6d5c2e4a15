import Benchmark

/// Questions per task and language of a benchmark, as `benchmark init` and `benchmark list`
/// print them: one row per task, one column per language, and the paper's test-set size.
struct QuestionCounts {
    var counts: [BenchmarkTask: [BenchmarkLanguage: Int]] = [:]

    var tasks: [BenchmarkTask] { counts.keys.sorted() }
    var languages: [BenchmarkLanguage] { Set(counts.values.flatMap(\.keys)).sorted() }

    mutating func add(_ count: Int, task: BenchmarkTask, language: BenchmarkLanguage) {
        counts[task, default: [:]][language, default: 0] += count
    }

    /// The table; a task missing in a language shows "—" (never 0, which would read as a
    /// task with no questions).
    func table() -> TextTable {
        let languages = languages
        var table = TextTable(columns: [.left("task")] + languages.map { .right($0.rawValue) } + [.right("paper")])
        for task in tasks {
            let cells = languages.map { language in counts[task]?[language].map(String.init) ?? "—" }
            table.append([task.corpusName] + cells + [String(task.expectedTestSize)])
        }
        return table
    }

    /// `{"MedQA": {"en": 3, …}, …}` in the paper's task order and the benchmark's language order.
    func json() -> JSONValue {
        .object(tasks.map { task in
            (task.corpusName, .object(languages.compactMap { language in
                counts[task]?[language].map { (language.rawValue, .int(Int64($0))) }
            }))
        })
    }
}
