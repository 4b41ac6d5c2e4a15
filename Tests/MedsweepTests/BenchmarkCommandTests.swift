import Benchmark
import Foundation
import Testing
import TestSupport

/// `medsweep benchmark init` and `benchmark list` on a tiny BioInstructQA folder: the manifest
/// it writes is one `BenchmarkManifest` reads, with the files' digests, and the bad inputs.
@Suite(.offThePool) struct BenchmarkCommandTests {
    /// English (2 MedQA, 1 PubMedQA), French (1 MedQA), and the train split, left out.
    static func makeFolder(_ name: String) throws -> String {
        let folder = temporaryPath(name)
        for sub in ["base", "langs_processed"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
        }
        typealias S = BioInstructQASamples
        let pubMedQA = S.record(identifier: "p1", corpus: "PubMedQA", letters: ["A", "B", "C"], overrides: [("context", #""Abstract.""#)])
        try Data(S.file([S.record(identifier: "q1"), S.record(identifier: "q2"), pubMedQA]).utf8)
            .write(to: URL(fileURLWithPath: folder + "/base/overall_test+prompt.json"))
        try Data(S.file([S.record(identifier: "q1", translated: true)]).utf8)
            .write(to: URL(fileURLWithPath: folder + "/langs_processed/French-full.json"))
        try Data(S.file([S.record(identifier: "t1")]).utf8).write(to: URL(fileURLWithPath: folder + "/base/overall_train+prompt.json"))
        return folder
    }

    /// The SHA-256 of the file at `path`, by coreutils (not by the code under test).
    static func sha256sum(_ path: String) throws -> String {
        String(try CommandRun.run(URL(fileURLWithPath: "/usr/bin/env"), ["sha256sum", path]).standardOutput.prefix(64))
    }

    @Test func initWritesAManifestThatListReads() throws {
        let folder = try Self.makeFolder("bench-init")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try CommandRun.medsweep("benchmark", "init", folder, "--name", "tiny")
        #expect(run.status == 0, "\(run.standardError)")
        let manifestPath = folder + "/benchmark.yaml"
        // What it found and what it left out, said plainly.
        #expect(run.standardOutput.hasPrefix("\(folder): 2 data files, 2 tasks, 2 languages (en, fr)\n"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("  base/overall_test+prompt.json     en            2          3        0  "
            + (try Self.sha256sum(folder + "/base/overall_test+prompt.json"))), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("""
              task      en  fr  paper
              MedQA      2   1   1273
              PubMedQA   1   —    500
            """), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("""
            left out (1 file, not in the manifest):
              base/overall_train+prompt.json: the train split; the benchmark is the test split (overall_test+prompt.json)
            """), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("wrote \(manifestPath) (manifest \"tiny\")"))

        // Read by the library as a sweep reads it, with the files' true digests.
        let manifest = try BenchmarkManifest.load(path: manifestPath)
        #expect(manifest.name == "tiny")
        #expect(manifest.entries.map(\.file.path) == ["base/overall_test+prompt.json", "langs_processed/French-full.json"])
        #expect(manifest.entries.map(\.file.sha256) == [
            try Self.sha256sum(folder + "/base/overall_test+prompt.json"), try Self.sha256sum(folder + "/langs_processed/French-full.json"),
        ])
        #expect(manifest.entries.map(\.tasks) == [[.medQA, .pubMedQA], [.medQA]])
        #expect(manifest.entries.map(\.languages) == [[.en], [.fr]])
        #expect(try manifest.questions(task: .pubMedQA, language: .en).questions.map(\.identifier) == ["p1"])

        let list = try CommandRun.medsweep("benchmark", "list", "--manifest", manifestPath)
        #expect(list.status == 0, "\(list.standardError)")
        #expect(list.standardOutput == """
            benchmark tiny (\(manifestPath)): 2 tasks, 2 languages
            task      en  fr  paper
            MedQA      2   1   1273
            PubMedQA   1   —    500

            question ids: medsweep benchmark list --manifest \(manifestPath) --task TASK [--language L]
            a question's prompt: medsweep prompt --data \(manifestPath) --task TASK --language L --question ID --fewshot-set 1

            """)
        let ids = try CommandRun.medsweep("benchmark", "list", "--manifest", manifestPath, "--task", "MedQA")
        #expect(ids.standardOutput == "q1\nq2\n")
        let french = try CommandRun.medsweep("benchmark", "list", "--manifest", manifestPath, "--task", "MedQA", "--language", "fr", "--json")
        #expect(french.standardOutput == #"{"task": "MedQA", "language": "fr", "questions": ["q1"]}"# + "\n")
        // The ids list gives are the ones prompt takes.
        let prompt = try CommandRun.medsweep(
            "prompt", "--data", manifestPath, "--task", "MedQA", "--language", "fr", "--question", "q1", "--fewshot-set", "1")
        #expect(prompt.status == 0, "\(prompt.standardError)")
    }

    /// A changed data file is refused by list (the manifest's digest no longer matches).
    @Test func listRefusesAChangedFile() throws {
        let folder = try Self.makeFolder("bench-changed")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CommandRun.medsweep("benchmark", "init", folder).status == 0)
        try Data(BioInstructQASamples.file([BioInstructQASamples.record(identifier: "q9", translated: true)]).utf8)
            .write(to: URL(fileURLWithPath: folder + "/langs_processed/French-full.json"))
        let list = try CommandRun.medsweep("benchmark", "list", "--manifest", folder + "/benchmark.yaml")
        #expect(list.status == 2)
        #expect(list.standardError.contains("langs_processed/French-full.json: SHA-256 is "), "\(list.standardError)")
    }

    @Test func anExistingManifestIsKeptWithoutForce() throws {
        let folder = try Self.makeFolder("bench-force")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let manifestPath = folder + "/benchmark.yaml"
        try Data("name: mine\n".utf8).write(to: URL(fileURLWithPath: manifestPath))
        let refused = try CommandRun.medsweep("benchmark", "init", folder)
        #expect(refused.status == 2)
        #expect(refused.standardError == "medsweep: error: \(manifestPath): already exists; --force replaces it\n")
        #expect(try String(contentsOfFile: manifestPath, encoding: .utf8) == "name: mine\n")

        let forced = try CommandRun.medsweep("benchmark", "init", folder, "--force")
        #expect(forced.status == 0, "\(forced.standardError)")
        // The old manifest is not taken for a stray file of the folder.
        #expect(forced.standardOutput.contains("left out (1 file"), "\(forced.standardOutput)")
        #expect(try BenchmarkManifest.load(path: manifestPath).entries.count == 2)
    }

    @Test func outputElsewhereNamesTheDataByAbsolutePath() throws {
        let folder = try Self.makeFolder("bench-output")
        let elsewhere = temporaryPath("bench-manifests")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: elsewhere)
        }
        let run = try CommandRun.medsweep("benchmark", "init", folder, "--output", elsewhere + "/b.yaml")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/benchmark.yaml"))
        let manifest = try BenchmarkManifest.load(path: elsewhere + "/b.yaml")
        #expect(manifest.entries.first?.file.path == folder + "/base/overall_test+prompt.json")
        #expect(try manifest.questions(task: .medQA, language: .en).questions.count == 2)
    }

    @Test func badInputIsRefusedNamingThePath() throws {
        let missing = temporaryPath("no-such-data")
        let absent = try CommandRun.medsweep("benchmark", "init", missing)
        #expect(absent.status == 2)
        #expect(absent.standardError == "medsweep: error: \(missing): no such folder \(missing)\n")

        let empty = temporaryPath("bench-empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        try Data("notes".utf8).write(to: URL(fileURLWithPath: empty + "/README.md"))
        let noData = try CommandRun.medsweep("benchmark", "init", empty)
        #expect(noData.status == 2)
        #expect(noData.standardError.contains(
            "medsweep: error: \(empty): no BioInstructQA data found (overall_test+prompt.json, <Language>-full.json); left out: "
                + "README.md (not a file of the BioInstructQA layout"), "\(noData.standardError)")
        #expect(!FileManager.default.fileExists(atPath: empty + "/benchmark.yaml"))

        let noManifest = try CommandRun.medsweep("benchmark", "list", "--manifest", missing + ".yaml")
        #expect(noManifest.status == 2)
        #expect(noManifest.standardError == "medsweep: error: \(missing).yaml: no such file\n")

        let both = try CommandRun.medsweep("benchmark", "list", "--demo", "--manifest", "x.yaml")
        #expect(both.status == 64)
        let misspelt = try CommandRun.medsweep("benchmark", "list", "--demo", "--task", "PubMedQa")
        #expect(misspelt.status == 64)
        #expect(misspelt.standardError.contains(#"'PubMedQa' is not a task; the tasks are MMLU_clinical_knowledge"#))
        #expect(misspelt.standardError.contains(#"MedMCQA; did you mean "PubMedQA"?"#), "\(misspelt.standardError)")
    }

    @Test func listShowsTheDemoBenchmark() throws {
        let run = try CommandRun.medsweep("benchmark", "list", "--demo")
        #expect(run.status == 0)
        #expect(run.standardOutput.hasPrefix("benchmark medsweep-demo (demo benchmark): 10 tasks, 8 languages; demo data"))
        #expect(run.standardOutput.contains("\nMedQA-5_options              3   3   3   3   3   3   3   3   1273\n"), "\(run.standardOutput)")
        let ids = try CommandRun.medsweep("benchmark", "list", "--demo", "--task", "PubMedQA", "--language", "zh")
        #expect(ids.standardOutput == DemoBenchmark.identifiers(of: .pubMedQA).joined(separator: "\n") + "\n")
    }
}
