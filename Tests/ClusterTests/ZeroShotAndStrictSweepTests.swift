import Engine
import Foundation
import Testing
import TestSupport

/// A sweep over a benchmark of one odd file (a few-shot example with 4 options in a
/// 5-option task, as the real data has): a folder with the data, its manifest, a tiny model
/// and a sweep file.
struct OddDataSweep {
    let folder: String
    let dataPath: String
    let sweepPath: String
    let journalPath: String
    let sample: BioInstructQASamples.OddRecordSample

    init(name: String, strictInFile: Bool = false) throws {
        folder = temporaryPath("odd-\(name)")
        try FileManager.default.createDirectory(atPath: folder + "/base", withIntermediateDirectories: true)
        sample = BioInstructQASamples.oddRecords.first { $0.kind == "example-options" }!
        dataPath = folder + "/base/overall_test+prompt.json"
        try Data(sample.text.utf8).write(to: URL(fileURLWithPath: dataPath))
        let digest = try CommandRun.run(URL(fileURLWithPath: "/usr/bin/env"), ["sha256sum", dataPath]).standardOutput.prefix(64)
        try Data("""
            name: odd
            demo: true
            data:
              - {format: bioinstructqa, path: base/overall_test+prompt.json, sha256: \(digest), languages: [en]}
            """.utf8).write(to: URL(fileURLWithPath: folder + "/benchmark.yaml"))
        let modelPath = folder + "/tiny.gguf"
        try SyntheticModel(config: .tiny, fileType: .q4_0, seed: 7).write(to: modelPath)
        sweepPath = folder + "/sweep.yaml"
        try Data("""
            name: odd
            benchmark: benchmark.yaml
            models:
              - {name: tiny, path: tiny.gguf}
            tasks: [MedQA-5_options]
            languages: [en]
            fewshot_sets: [2]
            strict: \(strictInFile)
            lease_seconds: 5
            heartbeat_seconds: 0.5
            """.utf8).write(to: URL(fileURLWithPath: sweepPath))
        journalPath = folder + "/sweep.journal"
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// `--strict` and `strict: true` refuse odd data before any work starts, naming the file, the
/// record, the field and the value; nothing is journaled.
@Suite(.offThePool) struct StrictSweepTests {
    @Test(arguments: [
        (["run"], false, true), (["run"], true, false),
        (["coordinator", "--listen", "tcp://127.0.0.1:0"], false, true), (["coordinator", "--listen", "tcp://127.0.0.1:0"], true, false),
    ])
    func oddDataIsRefusedBeforeAnyWork(command: [String], strictInFile: Bool, strictFlag: Bool) throws {
        let sweep = try OddDataSweep(name: "strict", strictInFile: strictInFile)
        defer { sweep.remove() }
        let arguments = [command[0], sweep.sweepPath] + command.dropFirst() + ["--journal", sweep.journalPath] + (strictFlag ? ["--strict"] : [])
        let run = try CommandRun.run(CommandRun.medsweep, arguments)
        #expect(run.status == 2)
        #expect(run.standardError.contains(
            "medsweep: error: \(sweep.sweepPath): no data for MedQA-5_options in en: " + sweep.sample.strictError(path: sweep.dataPath)),
            "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: sweep.journalPath))
    }
}

extension MultiProcessSweeps {
    /// Sweeps that run: zero-shot from start to report, and odd data read leniently.
    @Suite struct ZeroShotAndLenientSweepTests {
        /// `fewshot_sets: [0]` runs, and `report` prints its tables labelled 0-shot (it used
        /// to refuse records of set 0).
        @Test(.timeLimit(.minutes(3))) func aZeroShotSweepRunsAndIsReported() async throws {
            let fixture = try ClusterFixture(name: "zero-shot", tasks: ["MedQA", "PubMedQA"], languages: ["en", "fr"], sets: [0], shardSize: 3)
            defer { fixture.remove() }
            let run = try await CommandRun.medsweepOffPool(
                "run", fixture.sweepPath, "--workers", "1", "--threads", "1", "--journal", fixture.journalPath)
            #expect(run.status == 0, "\(run.standardError.suffix(2000))")
            #expect(run.standardOutput.contains("sweep zero-shot: 2 units done, 0 failed"))
            #expect(run.standardOutput.contains("\nEnglish (en) — 0-shot\n"))

            let report = try await CommandRun.medsweepOffPool("report", "--journal", fixture.journalPath, "--metric", "restricted-accuracy")
            #expect(report.status == 0, "\(report.standardError)")
            for title in ["English (en) — 0-shot", "French (fr) — 0-shot", "Average over the 2 tasks, per language — 0-shot"] {
                #expect(report.standardOutput.contains("\n\(title)\n"), "\(title)")
            }
            #expect(!report.standardOutput.contains("\nEnglish (en)\n"))
            let row = try #require(report.standardOutput.components(separatedBy: "English (en) — 0-shot\n").last?
                .split(separator: "\n").first { $0.hasPrefix("tiny-1") })
            // One value per cell (MedQA, PubMedQA, their average), no "± std", none missing.
            let cells = row.split(separator: " ").dropFirst()
            #expect(cells.count == 3, "\(row)")
            #expect(cells.allSatisfy { Double($0) != nil }, "\(row)")

            let json = try await CommandRun.medsweepOffPool("report", "--journal", fixture.journalPath, "--format", "json", "--bootstrap", "0")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
            let jsonCells = try #require(object["cells"] as? [[String: Any]])
            #expect(jsonCells.count == 4)
            #expect(jsonCells.allSatisfy { $0["setting"] as? String == "0-shot" && ($0["sets"] as? [String: Any])?.keys.sorted() == ["0"] })
        }

        /// Without --strict the odd file is read with its one warning on standard error, and
        /// every question is scored.
        @Test(.timeLimit(.minutes(3))) func oddDataIsRunWithAWarning() async throws {
            let sweep = try OddDataSweep(name: "lenient")
            defer { sweep.remove() }
            let run = try await CommandRun.medsweepOffPool("run", sweep.sweepPath, "--workers", "1", "--threads", "1", "--journal", sweep.journalPath)
            #expect(run.status == 0, "\(run.standardError.suffix(2000))")
            #expect(run.standardError.contains("medsweep: warning: " + sweep.sample.warning(path: sweep.dataPath)), "\(run.standardError.prefix(2000))")
            #expect(run.standardOutput.contains("sweep odd: 1 units done, 0 failed"))
            #expect(run.standardOutput.contains("sweep odd: 1 units, \(sweep.sample.kept.count) questions"))
        }
    }
}
