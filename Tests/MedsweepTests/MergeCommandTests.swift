import Foundation
import GGUF
import Testing
import TestSupport

/// `medsweep merge` as users run it: one merge, and the two errors users meet most.
@Suite(.offThePool) struct MergeCommandTests {
    static func tinyModel(seed: Int) throws -> String {
        let path = temporaryPath("merge-cli-\(seed).gguf")
        let run = try CommandRun.medsweep("bench", "make-model", "--shape", "tiny", "--layers", "1", "--type", "Q8_0",
                                          "--seed", "\(seed)", path)
        #expect(run.status == 0, "\(run.standardError)")
        return path
    }

    @Test func slerpMergeWritesAModelTheEngineReads() throws {
        let a = try Self.tinyModel(seed: 1), b = try Self.tinyModel(seed: 2), output = temporaryPath("merged.gguf")
        defer { for path in [a, b, output] { try? FileManager.default.removeItem(atPath: path) } }
        let run = try CommandRun.medsweep("merge", "--method", "slerp", "--t", "0.4", "--base", a, "--model", b,
                                          "--out-type", "BF16", output)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("wrote \(output): slerp merge"))
        #expect(run.standardOutput.contains(#"recipe: {"method":"slerp","t":[{"value":0.4}]}"#))
        let merged = try GGUFFile(path: output)
        #expect(try merged.tensor(named: "blk.0.attn_q.weight").type == .bf16)
        #expect(try merged.tensor(named: "output_norm.weight").type == .f32)
        #expect(merged.metadata["general.file_type"] == .uint32(32))
        // The engine's own check of the file: logits come out.
        let logits = try CommandRun.medsweep("logits", output, "--prompt", "hello")
        #expect(logits.status == 0, "\(logits.standardError)")

        let help = try CommandRun.medsweep("merge", "--help")
        #expect(help.standardOutput.contains("--config") && help.standardOutput.contains("dare_linear"))
    }

    @Test func aDensityOutsideZeroToOneIsRefusedByName() throws {
        let run = try CommandRun.medsweep("merge", "--method", "ties", "--density", "1.5", "--base", "a.gguf", "--model", "b.gguf", "out.gguf")
        #expect(run.status == 2)
        #expect(run.standardError.contains("medsweep: error: merge parameter density = 1.5: must be in (0, 1]"))
    }

    @Test func aConfigNamingAModelNotGivenIsRefusedByName() throws {
        let config = temporaryPath("merge.yml")
        defer { try? FileManager.default.removeItem(atPath: config) }
        try """
            models:
              - model: mistralai/Mistral-7B-Instruct-v0.1
              - model: BioMistral/BioMistral-7B
                parameters: {density: 0.5, weight: 0.5}
            merge_method: ties
            base_model: mistralai/Mistral-7B-Instruct-v0.1
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let run = try CommandRun.medsweep("merge", "--config", config, "--base", "a.gguf", "--model", "Other/Model=b.gguf", "out.gguf")
        #expect(run.status == 2)
        #expect(run.standardError.contains("\(config): models[1].model names model 'BioMistral/BioMistral-7B', which was not given"))
    }
}
