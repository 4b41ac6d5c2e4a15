import ArgumentParser
import Benchmark
import Foundation

struct BenchmarkInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a benchmark manifest for a folder of BioInstructQA data.",
        discussion: """
            Looks under DIR (and its subfolders; hidden ones skipped) for the files of the \
            released BioInstructQA layout, by name: overall_test+prompt.json holds English \
            (under base/ in the release), <Language>-full.json a translation (French-full.json, \
            under langs_processed/). Each file is read in full, as a sweep reads it (odd records \
            rendered or skipped, with warnings on standard error), and its SHA-256 computed. It \
            then writes the manifest: one entry per file, naming its language and the tasks it \
            has questions of, so that a sweep file with `benchmark: DIR/benchmark.yaml` runs on \
            it and a changed file is refused.

            It prints the files it used (language, questions, digest), the questions per task \
            and language beside the paper's test-set sizes, and every file it left out with the \
            reason: another split (overall_train+prompt.json, overall_validation+prompt.json), a \
            name not of the layout, no record of the 10 tasks, a second file of a language (the \
            one at the layout's place, else the first by path, is used). Original sources (MMLU \
            CSV, MedQA JSON Lines, …) are not found this way: add them to the manifest by hand \
            (README.md, "Benchmark manifest").

            --output FILE writes the manifest elsewhere (data paths are then relative to its \
            folder when the data is under it, absolute otherwise). An existing manifest is kept \
            unless --force is given. --name sets the manifest's name (default: DIR's name).

            Exits with status 2, the reason on standard error, when DIR is missing or not a \
            folder, holds no data file of the layout, a data file cannot be read (naming its \
            record and field), or the manifest exists without --force.
            """
    )

    @Argument(help: ArgumentHelp("The folder of BioInstructQA data.", valueName: "dir"))
    var dir: String

    @Option(help: ArgumentHelp("Where to write the manifest (default: DIR/benchmark.yaml).", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("The manifest's name (default: DIR's name).", valueName: "name"))
    var name: String?

    @Flag(help: "Replace an existing manifest.")
    var force = false

    func validate() throws {
        if let name, name.isEmpty || name.contains(where: { $0.isNewline }) {
            throw ValidationError("--name must be a name on one line, not empty.")
        }
    }

    func run() throws {
        if let problem = PathProblem.folder(dir) {
            printError("\(dir): \(problem)")
            throw badInputExitCode
        }
        let manifestPath = output ?? (dir as NSString).appendingPathComponent("benchmark.yaml")
        try checkOutputFolderOrExit(manifestPath, as: "a manifest file")
        if FileManager.default.fileExists(atPath: manifestPath), !force {
            printError("\(manifestPath): already exists; --force replaces it")
            throw badInputExitCode
        }
        let survey: BioInstructQAFolder
        do {
            survey = try BioInstructQAFolder.survey(dir, ignoring: manifestPath) { note in
                var standardError = StandardError()
                print(note, to: &standardError)
            }
        } catch {
            printError("\(error)")
            throw badInputExitCode
        }
        for warning in survey.dataFiles.flatMap(\.warnings) { printWarning(warning) }
        guard !survey.dataFiles.isEmpty else {
            let shown = survey.leftOut.prefix(5).map { "\($0.path) (\($0.reason))" }
            let more = survey.leftOut.count > 5 ? ", and \(survey.leftOut.count - 5) more" : ""
            printError("\(dir): no BioInstructQA data found (overall_test+prompt.json, <Language>-full.json)"
                + (shown.isEmpty ? "; the folder has no files" : "; left out: " + shown.joined(separator: ", ") + more))
            throw badInputExitCode
        }
        let manifestName = name ?? URL(fileURLWithPath: dir).standardized.lastPathComponent
        let manifest = survey.manifest(name: manifestName, writtenTo: manifestPath)
        do {
            try Data(manifest.yaml().utf8).write(to: URL(fileURLWithPath: manifestPath), options: .atomic)
            // Read back as a sweep will read it: what was written must be a manifest it takes.
            _ = try BenchmarkManifest.load(path: manifestPath)
        } catch {
            printError("\(manifestPath): cannot write the manifest: \(error is BenchmarkManifestError ? "\(error)" : "\(PathProblem(error: error))")")
            throw badInputExitCode
        }
        printReport(survey, manifestPath: manifestPath, name: manifestName)
    }

    private func printReport(_ survey: BioInstructQAFolder, manifestPath: String, name: String) {
        let files = survey.dataFiles
        print("\(dir): \(files.count) data file\(files.count == 1 ? "" : "s"), \(survey.tasks.count) task\(survey.tasks.count == 1 ? "" : "s"), "
            + "\(survey.languages.count) language\(survey.languages.count == 1 ? "" : "s") (\(survey.languages.map(\.rawValue).joined(separator: ", ")))")
        var fileTable = TextTable(columns: [.left("file"), .left("language"), .right("tasks"), .right("questions"), .right("skipped"), .left("sha256")])
        var counts = QuestionCounts()
        for file in files {
            fileTable.append([
                file.path, file.language.rawValue, String(file.tasks.count), String(file.questionCounts.values.reduce(0, +)),
                String(file.skippedRecords.values.reduce(0, +)), file.sha256,
            ])
            for (task, count) in file.questionCounts { counts.add(count, task: task, language: file.language) }
        }
        print(fileTable.rendered(indent: 2))
        print()
        print("questions per task and language (— none; paper: the paper's test set)")
        print(counts.table().rendered(indent: 2))
        let missing = BenchmarkTask.allCases.filter { !survey.tasks.contains($0) }
        if !missing.isEmpty { print("  tasks with no questions: \(missing.map(\.corpusName).joined(separator: ", "))") }
        let otherCorpora = files.reduce(into: [String: Int]()) { total, file in total.merge(file.otherCorpora, uniquingKeysWith: +) }
        if !otherCorpora.isEmpty {
            print("  records of other corpora, not read: "
                + otherCorpora.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "))
        }
        print()
        if survey.leftOut.isEmpty {
            print("left out: nothing")
        } else {
            print("left out (\(survey.leftOut.count) file\(survey.leftOut.count == 1 ? "" : "s"), not in the manifest):")
            for file in survey.leftOut { print("  \(file.path): \(file.reason)") }
        }
        print()
        let absolute = URL(fileURLWithPath: manifestPath).standardized.path
        print("wrote \(manifestPath) (manifest \"\(name)\"); in a sweep file: benchmark: \(absolute)")
        print("question ids: medsweep benchmark list --manifest \(manifestPath) --task TASK [--language L]")
    }
}
