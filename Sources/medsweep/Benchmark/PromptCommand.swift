import ArgumentParser
import Benchmark

struct PromptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt",
        abstract: "Print the exact prompt the engine gets for one question (no BOS).",
        discussion: """
            Prints the prompt text for one test question with one of its few-shot sets, and \
            nothing else on standard output (not even a final line feed), so it can be compared \
            byte for byte with the paper's template: with the paper's template it ends with \
            "**Answer:**(" and the model is scored on the letter that follows. The engine \
            prepends BOS; this command does not show it.

            --data names a BioInstructQA file (the released layout: base/overall_test+prompt.json \
            or langs_processed/<Language>-full.json) or a benchmark manifest (a .yaml or .yml \
            file naming the data files, their SHA-256 digests, few-shot samplers for the \
            original sources, and templates). --demo-data uses the built-in demo benchmark \
            instead (questions written for medsweep, not the BioMistral benchmark).

            --language en reads a BioInstructQA record's English fields (question, options, \
            context); any other language reads the translated ones (question_translated, \
            options_translated, context_translated). Few-shot examples stay in English, as in \
            the paper. --fewshot-set 1, 2 or 3 picks the question's few-shot set (the paper's; \
            data with more sets allows more); 0 gives the zero-shot prompt: the instruction, \
            then the question. --template is "paper" (the authors' getPrompt, the default), \
            "lm-eval" (lm-evaluation-harness style), or a template the manifest defines.

            Odd records (few-shot examples with other options than the task, classes written \
            as words, blank translations, repeated identifiers, …) are rendered as the \
            authors' getPrompt renders them, or skipped when no scorable question remains, with \
            one warning per kind on standard error; --strict makes the first one an error.

            Exits with status 2, the reason on standard error, when the data cannot be read \
            (the reason names the file, record and field), the question or its few-shot set is \
            not there, or the template is unknown. Warnings (odd records, a test set whose size \
            is not the paper's) go to standard error.
            """
    )

    @Option(help: ArgumentHelp("A BioInstructQA JSON file, or a benchmark manifest (.yaml).", valueName: "file"))
    var data: String?

    @Flag(help: "Use the built-in demo benchmark instead of --data.")
    var demoData = false

    @Option(help: ArgumentHelp("The task's corpus name: \(BenchmarkTask.corpusNameList).", valueName: "corpus"))
    var task: String

    @Option(help: ArgumentHelp("The language: \(BenchmarkLanguage.codeList).", valueName: "code"))
    var language: String

    @Option(help: ArgumentHelp("The question's identifier in the data.", valueName: "identifier"))
    var question: String

    @Option(help: ArgumentHelp("The few-shot set: 1, 2 or 3 (0 for zero-shot).", valueName: "k"))
    var fewshotSet: FewShotSet

    @Option(help: ArgumentHelp("The prompt template: paper, lm-eval, or one the manifest defines.", valueName: "name"))
    var template: String = PromptTemplate.paper.name

    @OptionGroup var reading: DataReadingOptions

    func validate() throws {
        guard (data == nil) != !demoData else { throw ValidationError("Name the data with --data FILE or --demo-data (one of them).") }
        _ = try taskArgument(task)
        _ = try languageArgument(language)
    }

    func run() throws {
        let task = BenchmarkTask(corpusName: task)!
        let language = BenchmarkLanguage(rawValue: language)!
        do {
            let (questions, warnings, templates) = try load(task: task, language: language)
            for warning in warnings { printWarning(warning) }
            guard let found = questions.first(where: { $0.identifier == question }) else {
                throw BenchmarkDataError.questionNotFound(file: dataName, task: task, language: language, identifier: question)
            }
            guard found.examples(for: fewshotSet) != nil else {
                throw BenchmarkDataError.noFewShotSet(
                    file: dataName, task: task, language: language, identifier: question, set: fewshotSet,
                    available: found.fewShotSets.count)
            }
            let prompt = try PromptTemplate.named(template, among: templates).prompt(for: found, fewShotSet: fewshotSet)
            print(prompt, terminator: "")
        } catch {
            printError("\(error)")
            throw badInputExitCode
        }
    }

    private var dataName: String { data ?? "demo benchmark" }

    /// The questions of `task` in `language`, the reader's warnings, and the manifest's templates.
    private func load(task: BenchmarkTask, language: BenchmarkLanguage) throws -> ([BenchmarkQuestion], [String], [PromptTemplate]) {
        if demoData {
            let (questions, summary) = try DemoBenchmark.manifest.questions(task: task, language: language, mode: reading.mode)
            return (questions, summary.warnings, [])
        }
        let path = data!
        if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
            let manifest = try BenchmarkManifest.load(path: path)
            let (questions, summary) = try manifest.questions(task: task, language: language, mode: reading.mode)
            return (questions, summary.warnings, manifest.templates)
        }
        var questions: [BenchmarkQuestion] = []
        let reader = BioInstructQAReader(file: .path(path), mode: reading.mode)
        let summary = try reader.read(language: language, tasks: [task]) { questions.append($0) }
        return (questions, summary.warnings, [])
    }
}

/// Prints `message` to standard error as `medsweep: warning: …`.
func printWarning(_ message: String) {
    var standardError = StandardError()
    print("medsweep: warning: \(message)", to: &standardError)
}
