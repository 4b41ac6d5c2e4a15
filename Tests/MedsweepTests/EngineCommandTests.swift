import Engine
import Foundation
import Testing
import TestSupport

/// The engine's commands as users run them: logits, score, bench engine, bench make-model.
@Suite(.offThePool) struct EngineCommandTests {
    /// A 1-block synthetic model in the fixtures' widths, made by the CLI itself.
    static func makeModel(_ type: String = "Q8_0") throws -> String {
        let path = temporaryPath("cli-model-\(type).gguf")
        let run = try CommandRun.medsweep("bench", "make-model", "--shape", "tiny", "--layers", "1", "--type", type, path)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("tiny shape, 1 blocks, \(type)"))
        return path
    }

    @Test func logitsPrintsTokensTopAndWritesTheRawFile() throws {
        let model = try Self.makeModel()
        let out = temporaryPath("logits.f32")
        defer { for path in [model, out] { try? FileManager.default.removeItem(atPath: path) } }
        let run = try CommandRun.medsweep("logits", model, "--prompt", "The patient has anemia.", "--threads", "2", "--out", out, "--json")
        #expect(run.status == 0, "\(run.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as! [String: Any]
        #expect(Set(object.keys) == ["tokens", "top", "seconds"])
        let tokens = object["tokens"] as! [Int]
        #expect(tokens.first == 1, "BOS first")
        let top = object["top"] as! [[NSNumber]]
        #expect(top.count == 10)
        let raw = try Data(contentsOf: URL(fileURLWithPath: out)).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(raw.count == 32000)
        #expect(raw[top[0][0].intValue] == top[0][1].floatValue)
        #expect(raw.max() == top[0][1].floatValue)

        let text = try CommandRun.medsweep("logits", model, "--prompt", "The patient has anemia.")
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("\(tokens.count) tokens (with BOS)"))
    }

    @Test func scoreGivesLetterProbabilities() throws {
        let model = try Self.makeModel("Q4_0")
        let prompt = temporaryPath("prompt.txt")
        defer { for path in [model, prompt] { try? FileManager.default.removeItem(atPath: path) } }
        try "**Question:** Which is a bone? \n (A) femur \n (B) aorta \n (C) vein \n **Answer:**(".write(
            toFile: prompt, atomically: true, encoding: .utf8)
        let run = try CommandRun.medsweep("score", model, "--prompt-file", prompt, "--letters", "A,B,C", "--json")
        #expect(run.status == 0, "\(run.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as! [String: Any]
        let letters = object["letters"] as! [[String: Any]]
        #expect(letters.map { $0["letter"] as? String } == ["A", "B", "C"])
        let mass = letters.compactMap { ($0["probability"] as? NSNumber)?.doubleValue }.reduce(0, +)
        #expect(mass > 0 && mass <= 1)
        #expect(["A", "B", "C"].contains(object["best_letter"] as? String ?? ""))
    }

    @Test func badInputExitsWithStatusTwo() throws {
        let model = try Self.makeModel()
        let empty = temporaryPath("empty.txt")
        defer { for path in [model, empty] { try? FileManager.default.removeItem(atPath: path) } }
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))

        let missing = try CommandRun.medsweep("logits", "/nonexistent.gguf", "--prompt", "x")
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("/nonexistent.gguf"))

        let emptyPrompt = try CommandRun.medsweep("score", model, "--prompt-file", empty)
        #expect(emptyPrompt.status == 2)
        #expect(emptyPrompt.standardError.contains("the prompt is empty"))

        let unreadable = try CommandRun.medsweep("score", model, "--prompt-file", "/nonexistent/prompt.txt")
        #expect(unreadable.status == 2)
        #expect(unreadable.standardError.contains("medsweep: error: /nonexistent/prompt.txt: no such file"))

        try "x (".write(toFile: empty, atomically: true, encoding: .utf8)
        let letters = try CommandRun.medsweep("score", model, "--prompt-file", empty, "--letters", "A,,B")
        #expect(letters.status == 2)
        #expect(letters.standardError.contains("option letter '' is empty"))

        if Fixtures.available {
            // A vocabulary with no tensors is a valid GGUF file but no model.
            let noTensors = try CommandRun.medsweep("logits", Fixtures.path("mistral-vocab.gguf"), "--prompt", "x")
            #expect(noTensors.status == 2)
            #expect(noTensors.standardError.contains("mistral-vocab.gguf: tensor token_embd.weight is missing"))
        }

        let usage = try CommandRun.medsweep("logits", model)
        #expect(usage.status == 64)
        #expect(usage.standardError.contains("exactly one of --prompt and --prompt-file"))
    }

    @Test func benchEngineReportsThroughputAsJSON() throws {
        let model = try Self.makeModel()
        defer { try? FileManager.default.removeItem(atPath: model) }
        let run = try CommandRun.medsweep("bench", "engine", "--model", model, "--tokens", "16", "--runs", "1", "--threads", "2", "--json")
        #expect(run.status == 0, "\(run.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as! [String: Any]
        #expect(Set(object.keys) == [
            "tokens", "sequences", "threads", "backend", "device", "medsweep_tok_s", "reference_tok_s", "ratio", "kernel_seconds",
            "cooperative_matrix",
        ])
        #expect(object["tokens"] as? Int == 16)
        #expect(object["backend"] as? String == "cpu")
        #expect((object["medsweep_tok_s"] as? NSNumber)?.doubleValue ?? 0 > 0)
        #expect(object["reference_tok_s"] is NSNull)
        #expect(object["kernel_seconds"] is NSNull, "no device kernels on the CPU")
    }

    /// On a Vulkan device: several sequences in one pass, each kernel's device time.
    @Test(.enabled(if: (try? CommandRun.medsweep("vulkan-info"))?.status == 0, "no Vulkan device"))
    func benchEngineOnVulkanTimesItsKernels() throws {
        let model = try Self.makeModel()
        defer { try? FileManager.default.removeItem(atPath: model) }
        let run = try CommandRun.medsweep(
            "bench", "engine", "--model", model, "--tokens", "16", "--sequences", "3", "--runs", "1", "--backend", "vulkan", "--json")
        #expect(run.status == 0, "\(run.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as! [String: Any]
        #expect(object["sequences"] as? Int == 3)
        #expect((object["device"] as? String)?.hasPrefix("vulkan, ") == true)
        let kernels = try #require(object["kernel_seconds"] as? [String: Double])
        #expect(kernels.keys.contains("attention") && kernels.keys.contains { $0.hasPrefix("matmul_") }, "\(kernels)")
        #expect(object["cooperative_matrix"] as? Bool == false)
        let refused = try CommandRun.medsweep("bench", "engine", "--model", model, "--backend", "vulkan", "--reference", "llama.cpp")
        #expect(refused.status == 64)
    }

    @Test func makeModelRejectsUnknownTypes() throws {
        let run = try CommandRun.medsweep("bench", "make-model", "--type", "Q3_K", temporaryPath("x.gguf"))
        #expect(run.status == 64)
        #expect(run.standardError.contains("--type Q3_K is not one of"))
    }
}
