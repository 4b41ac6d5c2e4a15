import ArgumentParser
import Benchmark
import Foundation

struct BenchmarkListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List a benchmark's tasks and questions per language, or one task's question ids.",
        discussion: """
            Reads the manifest's data files (their SHA-256 checked first: a changed file is \
            refused) and prints the questions per task and language, beside the paper's test-set \
            sizes; "—" marks a task the benchmark does not have in a language. --demo lists the \
            built-in demo benchmark instead.

            --task TASK prints the identifiers of that task's questions in --language (default \
            en), one a line, in file order: the ids `medsweep prompt --question ID` takes, e.g. \
            `medsweep prompt --data FILE --task TASK --language L --question ID --fewshot-set 1` \
            (--demo-data for the demo benchmark).

            --json prints one JSON object instead: {"manifest", "name", "demo", "languages", \
            "questions" (task → language → count)}, or with --task {"task", "language", \
            "questions" (the ids)}. Odd records are read as a sweep reads them, with warnings \
            on standard error. Exits with status 2, the reason on standard error, when the \
            manifest or a data file cannot be read or has changed.
            """
    )

    @Option(help: ArgumentHelp("The benchmark manifest.", valueName: "file"))
    var manifest: String?

    @Flag(help: "List the built-in demo benchmark instead of --manifest.")
    var demo = false

    @Option(help: ArgumentHelp("Print this task's question ids (corpus name: \(BenchmarkTask.corpusNameList)).", valueName: "corpus"))
    var task: String?

    @Option(help: ArgumentHelp("With --task: the language of the ids (\(BenchmarkLanguage.codeList); default en).", valueName: "code"))
    var language: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard (manifest == nil) != !demo else { throw ValidationError("Name the benchmark with --manifest FILE or --demo (one of them).") }
        if let task { _ = try taskArgument(task) }
        if let language {
            guard task != nil else { throw ValidationError("--language goes with --task (the question ids of a task in a language).") }
            _ = try languageArgument(language)
        }
    }

    func run() throws {
        do {
            let benchmark = try demo ? DemoBenchmark.manifest : BenchmarkManifest.load(path: manifest!)
            if let task {
                try printIdentifiers(benchmark, task: taskArgument(task), language: language.map(languageArgument) ?? .en)
            } else {
                try printCounts(benchmark)
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("\(error)")
            throw badInputExitCode
        }
    }

    private func printCounts(_ benchmark: BenchmarkManifest) throws {
        var counts = QuestionCounts()
        for entry in benchmark.entries {
            for language in entry.languages {
                if entry.format == .bioInstructQA {
                    // One pass over the file for all its tasks (a released file holds the 10).
                    let file = try benchmark.verifiedDataFile(entry.file)
                    let summary = try BioInstructQAReader(file: file, checksTestSizes: false).read(language: language, tasks: Set(entry.tasks)) { _ in }
                    for warning in summary.oddRecords { printWarning(warning.description) }
                    for task in entry.tasks { counts.add(summary.questionCounts[task] ?? 0, task: task, language: language) }
                } else {
                    for task in entry.tasks {
                        let (questions, summary) = try benchmark.questions(task: task, language: language)
                        for warning in summary.oddRecords { printWarning(warning.description) }
                        counts.add(questions.count, task: task, language: language)
                    }
                }
            }
        }
        if json {
            print(JSONValue.object([
                ("manifest", .string(benchmark.source)), ("name", .string(benchmark.name)), ("demo", .bool(benchmark.isDemo)),
                ("languages", .array(counts.languages.map { .string($0.rawValue) })), ("questions", counts.json()),
            ]).rendered())
            return
        }
        print("benchmark \(benchmark.name) (\(benchmark.source)): \(counts.tasks.count) tasks, \(counts.languages.count) languages"
            + (benchmark.isDemo ? "; demo data (test-set sizes not checked)" : ""))
        print(counts.table().rendered())
        print()
        let data = demo ? "--demo" : "--manifest \(benchmark.source)"
        let promptData = demo ? "--demo-data" : "--data \(benchmark.source)"
        print("question ids: medsweep benchmark list \(data) --task TASK [--language L]")
        print("a question's prompt: medsweep prompt \(promptData) --task TASK --language L --question ID --fewshot-set 1")
    }

    private func printIdentifiers(_ benchmark: BenchmarkManifest, task: BenchmarkTask, language: BenchmarkLanguage) throws {
        let (questions, summary) = try benchmark.questions(task: task, language: language)
        for warning in summary.oddRecords { printWarning(warning.description) }
        if json {
            print(JSONValue.object([
                ("task", .string(task.corpusName)), ("language", .string(language.rawValue)),
                ("questions", .array(questions.map { .string($0.identifier) })),
            ]).rendered())
        } else {
            for question in questions { print(question.identifier) }
        }
    }
}
