import Foundation
import Testing
import TestSupport

/// A path that names nothing, or the wrong kind of thing, is said so with the path: "no such
/// file", "no such folder F", "is a folder, not …", never Foundation's "The operation could
/// not be completed".
@Suite(.offThePool) struct MissingPathTests {
    func expectOneLine(_ run: CommandRun, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 2, sourceLocation: sourceLocation)
        #expect(run.standardError == "medsweep: error: \(message)\n", sourceLocation: sourceLocation)
    }

    @Test func aMissingSweepFile() throws {
        let missing = temporaryPath("absent-sweep.yaml")
        expectOneLine(try CommandRun.medsweep("run", missing), "\(missing): no such file")
        expectOneLine(
            try CommandRun.medsweep("coordinator", missing, "--listen", "tcp://127.0.0.1:0", "--journal", temporaryPath("j")),
            "\(missing): no such file")
        let folder = temporaryPath("sweep-folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        expectOneLine(try CommandRun.medsweep("run", folder), "\(folder): is a folder, not a sweep file")
    }

    @Test func aMissingManifest() throws {
        let missing = temporaryPath("absent-benchmark.yaml")
        expectOneLine(
            try CommandRun.medsweep("prompt", "--data", missing, "--task", "MedQA", "--language", "en", "--question", "q", "--fewshot-set", "1"),
            "\(missing): no such file")
    }

    @Test func aReportIntoAMissingFolder() throws {
        let folder = temporaryPath("absent-reports")
        expectOneLine(try CommandRun.medsweep("report", "--demo-data", "--output", folder + "/r.txt"), "\(folder)/r.txt: no such folder \(folder)")
        let existing = temporaryPath("report-folder")
        try FileManager.default.createDirectory(atPath: existing, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: existing) }
        expectOneLine(try CommandRun.medsweep("report", "--demo-data", "--output", existing), "\(existing): is a folder, not a report file")
    }

    @Test func demoDirThatIsAFile() throws {
        let file = temporaryPath("demo-dir-file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        expectOneLine(try CommandRun.medsweep("demo", "--dir", file, "--model", "synthetic"), "\(file): is a file, not a folder")
    }

    @Test func modelOutputsIntoAMissingFolder() throws {
        let folder = temporaryPath("absent-models")
        expectOneLine(
            try CommandRun.medsweep("bench", "make-model", "--shape", "tiny", folder + "/m.gguf"), "\(folder)/m.gguf: no such folder \(folder)")
        expectOneLine(
            try CommandRun.medsweep("logits", "/nonexistent.gguf", "--prompt", "x", "--out", folder + "/l.f32"),
            "\(folder)/l.f32: no such folder \(folder)")
    }

    @Test func aMisspeltTaskOrLanguageOnTheCommandLine() throws {
        let task = try CommandRun.medsweep(
            "prompt", "--demo-data", "--task", "MedQA5_options", "--language", "en", "--question", "q", "--fewshot-set", "1")
        #expect(task.status == 64)
        #expect(task.standardError.contains(#"; did you mean "MedQA-5_options"?"#), "\(task.standardError)")
        let language = try CommandRun.medsweep(
            "prompt", "--demo-data", "--task", "MedQA", "--language", "spanish", "--question", "q", "--fewshot-set", "1")
        #expect(language.status == 64)
        #expect(language.standardError.contains(#"'spanish' is not a language; the languages are en, es, de, pt, ru, fr, ar, zh; did you mean "es" (Spanish)?"#),
                "\(language.standardError)")
    }
}
