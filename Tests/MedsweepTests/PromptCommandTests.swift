import Foundation
import Testing
import TestSupport

/// `medsweep prompt` as users run it: the prompt alone on standard output, byte for byte.
@Suite(.offThePool) struct PromptCommandTests {
    static func golden(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("BenchmarkTests/Golden/\(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test func printsThePaperPromptAndNothingElse() throws {
        let run = try CommandRun.medsweep(
            "prompt", "--demo-data", "--task", "MedQA", "--language", "en", "--question", "demo-medqa-1", "--fewshot-set", "1")
        #expect(run.status == 0)
        #expect(run.standardError.isEmpty)
        #expect(Array(run.standardOutput.utf8) == Array(try Self.golden("paper-medqa-en-set1.txt").utf8))
    }

    @Test func translatedLanguageReadsTheTranslatedFields() throws {
        let run = try CommandRun.medsweep(
            "prompt", "--demo-data", "--task", "PubMedQA", "--language", "fr", "--question", "demo-pubmedqa-1", "--fewshot-set", "1")
        #expect(run.status == 0)
        #expect(Array(run.standardOutput.utf8) == Array(try Self.golden("paper-pubmedqa-fr-set1.txt").utf8))
    }

    @Test func readsABioInstructQAFileAndOtherTemplates() throws {
        let folder = temporaryPath("prompt-data")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let record = #"{"identifier": "x1", "corpus_name": "MMLU_anatomy", "task_type": "mcqa", "classes": ["A", "B", "C", "D"], "question": "Which?", "options": {"A": "a", "B": "b", "C": "c", "D": "d"}, "correct_answer_letter": "C", "context": null, "few_shot_samples[1]": [], "few_shot_samples[2]": [], "few_shot_samples[3]": []}"#
        let path = folder + "/overall_test+prompt.json"
        try Data("[\(record)]".utf8).write(to: URL(fileURLWithPath: path))
        let run = try CommandRun.medsweep(
            "prompt", "--data", path, "--task", "MMLU_anatomy", "--language", "en", "--question", "x1", "--fewshot-set", "0",
            "--template", "lm-eval")
        #expect(run.status == 0)
        #expect(run.standardOutput == "The following are multiple choice questions (with answers) about anatomy.\n\nWhich?\nA. a\nB. b\nC. c\nD. d\nAnswer:")
        // One question is not the paper's 135: a warning on standard error, not on standard output.
        #expect(run.standardError.contains("medsweep: warning: \(path): MMLU_anatomy has 1 test questions in en; the paper's test set has 135"))
    }

    @Test func readsThroughAManifestWithItsOwnTemplate() throws {
        let folder = temporaryPath("prompt-manifest")
        try FileManager.default.createDirectory(atPath: folder + "/base", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let record = #"{"identifier": "x1", "corpus_name": "MedQA", "task_type": "mcqa", "classes": ["A", "B", "C", "D"], "question": "Which?", "options": {"A": "a", "B": "b", "C": "c", "D": "d"}, "correct_answer_letter": "C", "context": null, "few_shot_samples[1]": [{"context": null, "question": "E?", "options": {"A": "w", "B": "x", "C": "y", "D": "z"}, "correct_answer_letter": "D"}], "few_shot_samples[2]": [], "few_shot_samples[3]": []}"#
        try Data("[\(record)]".utf8).write(to: URL(fileURLWithPath: folder + "/base/overall_test+prompt.json"))
        let digest = try CommandRun.run(URL(fileURLWithPath: "/usr/bin/env"), ["sha256sum", folder + "/base/overall_test+prompt.json"])
            .standardOutput.prefix(64)
        let manifest = """
            name: tiny
            data:
              - {format: bioinstructqa, path: base/overall_test+prompt.json, sha256: \(digest), languages: [en]}
            templates:
              - {name: mine, instruction: "", context: "", option: "{letter}={text}", option_separator: " ", element: "{question} {options} ->{answer}", answer: "{letter}", example_separator: "|", question_separator: "||"}
            """
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: folder + "/benchmark.yaml"))
        let run = try CommandRun.medsweep(
            "prompt", "--data", folder + "/benchmark.yaml", "--task", "MedQA", "--language", "en", "--question", "x1", "--fewshot-set", "1",
            "--template", "mine")
        #expect(run.status == 0)
        #expect(run.standardOutput == "E? A=w B=x C=y D=z ->D||Which? A=a B=b C=c D=d ->")

        // A changed file no longer matches its recorded digest.
        try Data("[\(record)]\n".utf8).write(to: URL(fileURLWithPath: folder + "/base/overall_test+prompt.json"))
        let changed = try CommandRun.medsweep(
            "prompt", "--data", folder + "/benchmark.yaml", "--task", "MedQA", "--language", "en", "--question", "x1", "--fewshot-set", "1")
        #expect(changed.status == 2)
        #expect(changed.standardError.contains("SHA-256 is"))
    }

    @Test func badInputExitsWithStatusTwoAndAReason() throws {
        let unknown = try CommandRun.medsweep(
            "prompt", "--demo-data", "--task", "MedQA", "--language", "en", "--question", "nope", "--fewshot-set", "1")
        #expect(unknown.status == 2)
        #expect(unknown.standardOutput.isEmpty)
        #expect(unknown.standardError.contains("medsweep: error: demo benchmark: no MedQA question \"nope\" in language en"))

        let missing = try CommandRun.medsweep(
            "prompt", "--data", "/nonexistent/French-full.json", "--task", "MedQA", "--language", "fr", "--question", "q", "--fewshot-set", "1")
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("/nonexistent/French-full.json: cannot read: no such file"))

        let template = try CommandRun.medsweep(
            "prompt", "--demo-data", "--task", "MedQA", "--language", "en", "--question", "demo-medqa-1", "--fewshot-set", "1", "--template", "x")
        #expect(template.status == 2)
        #expect(template.standardError.contains("no template named \"x\" (known: paper, lm-eval)"))

        let usage = try CommandRun.medsweep("prompt", "--demo-data", "--task", "Nope", "--language", "en", "--question", "q", "--fewshot-set", "1")
        #expect(usage.status != 0 && usage.status != 2)
        #expect(usage.standardError.contains("'Nope' is not a task"))
    }

    /// Each kind of odd record in a file of its own: the prompt as the authors' getPrompt
    /// renders it (or, for a skipped record, the other question's) with the kind's warning on
    /// standard error; with --strict, status 2 and the error naming file, record, field, value.
    @Test(arguments: BioInstructQASamples.oddRecords)
    func oddRecordsAreRenderedWithAWarningOrRefusedWithStrict(sample: BioInstructQASamples.OddRecordSample) throws {
        let folder = temporaryPath("prompt-odd")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/" + sample.fileName
        try Data(sample.text.utf8).write(to: URL(fileURLWithPath: path))
        let arguments = [
            "prompt", "--data", path, "--task", sample.task, "--language", sample.language, "--question", sample.question,
            "--fewshot-set", String(sample.fewShotSet),
        ]
        let lenient = try CommandRun.run(CommandRun.medsweep, arguments)
        #expect(lenient.status == 0, "\(lenient.standardError)")
        #expect(lenient.standardOutput == sample.prompt)
        let warnings = lenient.standardError.split(separator: "\n").filter { !$0.contains("the paper's test set has") }
        #expect(warnings.map(String.init) == ["medsweep: warning: " + sample.warning(path: path)])

        let strict = try CommandRun.run(CommandRun.medsweep, arguments + ["--strict"])
        #expect(strict.status == 2)
        #expect(strict.standardOutput.isEmpty)
        #expect(strict.standardError == "medsweep: error: \(sample.strictError(path: path))\n")
    }

    /// Zero-shot is the instruction, then the question; a set the data does not have names the
    /// file and the set; a negative set is refused naming the option.
    @Test func fewShotSetZeroMissingAndNegative() throws {
        let zero = try CommandRun.medsweep(
            "prompt", "--demo-data", "--task", "MedQA", "--language", "en", "--question", "demo-medqa-1", "--fewshot-set", "0")
        #expect(zero.status == 0)
        #expect(zero.standardOutput.hasPrefix(BioInstructQASamples.head + "**Question:** "))
        #expect(zero.standardOutput.components(separatedBy: "**Answer:**(").count == 2)

        let four = try CommandRun.medsweep(
            "prompt", "--demo-data", "--task", "MedQA", "--language", "en", "--question", "demo-medqa-1", "--fewshot-set", "4")
        #expect(four.status == 2)
        #expect(four.standardError == "medsweep: error: demo benchmark: MedQA question \"demo-medqa-1\" in en has no few-shot set 4 (it has sets 1 to 3; 0 is zero-shot)\n")

        let negative = try CommandRun.medsweep(
            "prompt", "--demo-data", "--task", "MedQA", "--language", "en", "--question", "demo-medqa-1", "--fewshot-set=-1")
        #expect(negative.status != 0 && negative.status != 2)
        #expect(negative.standardError.contains("'-1'") && negative.standardError.contains("--fewshot-set"))
    }

    @Test func helpDocumentsEveryOption() throws {
        let help = try CommandRun.medsweep("prompt", "--help")
        for option in ["--data", "--demo-data", "--task", "--language", "--question", "--fewshot-set", "--template", "--strict"] {
            #expect(help.standardOutput.contains(option), "\(option)")
        }
    }
}
