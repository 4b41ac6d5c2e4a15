import Foundation
import GGUF
import Testing
import TestSupport

/// `medsweep quantize` as users run it: a quantization, a requantization with its warning,
/// the plan, and the errors for a bad type and a missing file.
@Suite(.offThePool) struct QuantizeCommandTests {
    static func tinyModel(type: String) throws -> String {
        let path = temporaryPath("quantize-cli-\(type).gguf")
        let run = try CommandRun.medsweep("bench", "make-model", "--shape", "tiny", "--layers", "2", "--type", type, path)
        #expect(run.status == 0, "\(run.standardError)")
        return path
    }

    @Test func quantizesAFloatModelToAMixtureTheEngineRuns() throws {
        let source = try Self.tinyModel(type: "F16"), output = temporaryPath("quantized-Q3_K_M.gguf")
        defer { for path in [source, output] { try? FileManager.default.removeItem(atPath: path) } }
        let run = try CommandRun.medsweep("quantize", source, output, "--type", "q3_k_m")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("wrote \(output): Q3_K_M"))
        #expect(!run.standardError.contains("warning"))
        let file = try GGUFFile(path: output)
        #expect(file.metadata["general.file_type"] == .uint32(12))
        #expect(try file.tensor(named: "blk.0.attn_v.weight").type == .q5_K)
        #expect(try file.tensor(named: "blk.0.attn_q.weight").type == .q3_K)
        #expect(try file.tensor(named: "output.weight").type == .q6_K)
        let logits = try CommandRun.medsweep("logits", output, "--prompt", "hello")
        #expect(logits.status == 0, "\(logits.standardError)")
    }

    @Test func requantizingWarnsAndThePlanWritesNothing() throws {
        let source = try Self.tinyModel(type: "Q8_0"), output = temporaryPath("requantized-Q4_0.gguf")
        defer { for path in [source, output] { try? FileManager.default.removeItem(atPath: path) } }
        let run = try CommandRun.medsweep("quantize", source, output, "--type", "Q4_0")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("medsweep: warning: \(source) is already quantized (Q8_0)"))

        let plan = try CommandRun.medsweep("quantize", source, "--type", "Q4_K_M", "--plan")
        #expect(plan.status == 0, "\(plan.standardError)")
        #expect(plan.standardOutput.contains("blk.0.ffn_down.weight") && plan.standardOutput.contains("Q6_K"))
    }

    @Test func aBadTypeOrAMissingFileIsNamed() throws {
        let badType = try CommandRun.medsweep("quantize", "in.gguf", "out.gguf", "--type", "Q4_K")
        #expect(badType.status != 0)
        #expect(badType.standardError.contains("--type Q4_K is not one of F32, F16, BF16, Q8_0"))
        let missing = temporaryPath("no-such-model.gguf")
        let run = try CommandRun.medsweep("quantize", missing, temporaryPath("out.gguf"), "--type", "Q4_0")
        #expect(run.status == 2)
        #expect(run.standardError.contains("medsweep: error: \(missing): no such file"))
        let same = try CommandRun.medsweep("quantize", "a.gguf", "a.gguf", "--type", "Q4_0")
        #expect(same.standardError.contains("is the input"))
    }
}
