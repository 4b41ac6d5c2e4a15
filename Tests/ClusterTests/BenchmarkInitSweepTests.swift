import Engine
import Foundation
import Testing
import TestSupport

extension MultiProcessSweeps {
    /// `medsweep benchmark init` writes a manifest that `medsweep run` takes: a sweep file names it
    /// with `benchmark:` and the sweep runs on the folder's data. A whole sweep of processes: one of
    /// the serialized suites, so it is not starved beside the others.
    @Suite struct BenchmarkInitSweepTests {
        @Test(.timeLimit(.minutes(3))) func aSweepRunsOnTheManifestInitWrote() throws {
            let folder = temporaryPath("init-sweep")
            for sub in ["data/base", "data/langs_processed"] {
                try FileManager.default.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
            }
            defer { try? FileManager.default.removeItem(atPath: folder) }
            typealias S = BioInstructQASamples
            try Data(S.file([S.record(identifier: "q1"), S.record(identifier: "q2")]).utf8)
                .write(to: URL(fileURLWithPath: folder + "/data/base/overall_test+prompt.json"))
            try Data(S.file([S.record(identifier: "q1", translated: true), S.record(identifier: "q2", translated: true)]).utf8)
                .write(to: URL(fileURLWithPath: folder + "/data/langs_processed/French-full.json"))
            let initialised = try CommandRun.medsweep("benchmark", "init", folder + "/data")
            #expect(initialised.status == 0, "\(initialised.standardError)")

            try SyntheticModel(config: .tiny, fileType: .q4_0, seed: 7).write(to: folder + "/tiny.gguf")
            try Data("""
                name: from-init
                benchmark: data/benchmark.yaml
                models:
                  - {name: tiny, path: tiny.gguf}
                tasks: [MedQA]
                languages: [en, fr]
                fewshot_sets: [1]
                shard_size: 2
                lease_seconds: 5
                heartbeat_seconds: 0.5
                """.utf8).write(to: URL(fileURLWithPath: folder + "/sweep.yaml"))
            let run = try CommandRun.medsweep("run", folder + "/sweep.yaml", "--threads", "1", "--journal", folder + "/sweep.journal")
            #expect(run.status == 0, "\(run.standardError.suffix(2000))")
            #expect(run.standardOutput.contains("sweep from-init: 1 units, "), "\(run.standardOutput)")
            #expect(run.standardOutput.contains("sweep from-init: 1 units done, 0 failed"), "\(run.standardOutput)")
        }
    }
}
