import Engine
import Foundation
import GGUF
import Testing
import TestSupport

/// Requantizing whole model files: the same tensor types and, for the types whose quantizer
/// is llama.cpp's, the same bytes as llama.cpp's quantizer gave from the same master.
@Suite(.offThePool) struct ModelQuantizerTests {
    /// The types whose quantizer reproduces llama.cpp's bytes (the Q4_0 file's Q6_K output
    /// head is compared by type only).
    static let typesQuantizedAsLlamaCpp: Set<GGMLType> = [.f32, .f16, .q8_0, .q4_0]

    @Test(.enabled(if: Fixtures.available, Fixtures.skipReason),
          arguments: [(ModelFileType.q8_0, "tiny-mistral-Q8_0.gguf"), (.q4_0, "tiny-mistral-Q4_0.gguf")])
    func quantizingTheF16MasterGivesLlamaCppsFile(_ fileType: ModelFileType, _ reference: String) throws {
        let master = try GGUFFile(path: Fixtures.path("tiny-mistral-F16.gguf"))
        let path = temporaryPath("quantized.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let steps = StepLog()
        try ModelQuantizer(fileType: fileType).quantize(master, to: path) { steps.append($0.name) }

        let ours = try GGUFFile(path: path), theirs = try GGUFFile(path: Fixtures.path(reference))
        #expect(Set(steps.names) == Set(master.tensors.map(\.name)))
        #expect(ours.tensors.map(\.name) == theirs.tensors.map(\.name))
        #expect(ours.metadata["general.file_type"]?.intValue == Int(fileType.llamaFileType))
        #expect(ours.metadata["tokenizer.ggml.tokens"] == theirs.metadata["tokenizer.ggml.tokens"])
        var compared = 0
        for tensor in theirs.tensors {
            let mine = try ours.tensor(named: tensor.name)
            #expect(mine.type == tensor.type, "\(tensor.name)")
            guard Self.typesQuantizedAsLlamaCpp.contains(tensor.type) else { continue }
            // Compared as a flag, not with ==, which would diff megabytes on failure.
            let same = ours.rawBytes(of: mine) == theirs.rawBytes(of: tensor)
            #expect(same, "\(tensor.name): bytes differ from llama.cpp's")
            compared += 1
        }
        #expect(compared >= theirs.tensors.count - 1)
    }

    @Test(.enabled(if: Fixtures.available, Fixtures.skipReason))
    func aTensorAlreadyOfItsTypeIsCopied() throws {
        let source = try GGUFFile(path: Fixtures.path("tiny-mistral-Q8_0.gguf"))
        let path = temporaryPath("requantized.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelQuantizer(fileType: .q8_0).quantize(source, to: path)
        let copy = try GGUFFile(path: path)
        for tensor in source.tensors {
            #expect(copy.rawBytes(of: try copy.tensor(named: tensor.name)) == source.rawBytes(of: tensor), "\(tensor.name)")
        }
    }

    /// SmolLM2 ties its output head to the embedding, whose rows (576) are no whole number of
    /// K-quant blocks: llama.cpp gives it Q8_0 in a Q4_0 file (Q6_K, which does not fit, falls
    /// back to Q8_0).
    @Test(.enabled(if: RealModels.smolLM2Available, RealModels.smolLM2SkipReason))
    func aTiedEmbeddingTakesTheOutputHeadsType() throws {
        let plan = ModelQuantizer(fileType: .q4_0).plan(for: try GGUFFile(path: RealModels.smolLM2Path))
        let types = Dictionary(uniqueKeysWithValues: plan.map { ($0.tensor.name, $0.type) })
        #expect(types["token_embd.weight"] == .q8_0)
        #expect(types["blk.0.attn_q.weight"] == .q4_0)
        #expect(types["blk.29.ffn_down.weight"] == .q4_0)
        #expect(types["output_norm.weight"] == .f32)
        #expect(plan.count == 272)
    }

    /// The demo's own variant: SmolLM2 requantized from its Q4_1 to Q4_0 still answers a paper
    /// prompt with an option letter.
    @Test(.enabled(if: Fixtures.available, Fixtures.skipReason),
          .enabled(if: RealModels.smolLM2Available, RealModels.smolLM2SkipReason))
    func aRequantizedRealModelStillAnswersWithALetter() throws {
        let path = temporaryPath("smollm2-q4_0.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelQuantizer(fileType: .q4_0).quantize(try GGUFFile(path: RealModels.smolLM2Path), to: path)
        let scorer = try Scorer(model: MistralModel(path: path), threads: 2, prefixCacheBytes: 0)
        let prompt = try #require(Fixtures.smolLM2Prompts().first)
        let score = try scorer.score(prompt: prompt.text, letters: ["A", "B", "C", "D"])
        #expect(score.topLetter != nil, "top token \(score.topTokenText.debugDescription)")
        #expect(score.promptTokens == prompt.llamaCppIDs.count)
    }

    @Test func fallbacksForRowsThatAreNoWholeNumberOfBlocks() {
        #expect(ModelFileType.q4_K_M.tensorType(name: "blk.0.attn_q.weight", ne: [576, 576], blockCount: 30) == .q5_0)
        #expect(ModelFileType.q4_K_M.tensorType(name: "token_embd.weight", ne: [576, 49152], blockCount: 30, tiedOutput: true) == .q8_0)
        #expect(ModelFileType.q6_K.tensorType(name: "blk.0.ffn_up.weight", ne: [576, 1536], blockCount: 30) == .q8_0)
        #expect(ModelFileType.q4_0.tensorType(name: "blk.0.ffn_up.weight", ne: [48, 16], blockCount: 1) == .f16)
        #expect(ModelFileType.q4_0.tensorType(name: "token_embd.weight", ne: [4096, 32000], blockCount: 32) == .q4_0)
    }

    @Test func aTypeWithoutADecoderIsNamed() throws {
        var writer = GGUFWriter()
        writer.metadata["general.architecture"] = .string("llama")
        try writer.addTensor(name: "blk.0.attn_q.weight", type: .iq2_XXS, ne: [256, 1],
                             bytes: [UInt8](repeating: 0, count: GGMLType.iq2_XXS.bytesPerBlock))
        let path = temporaryPath("iq2.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writer.write(to: path)
        #expect(throws: ModelQuantizerError.cannotDecode(tensor: "blk.0.attn_q.weight", type: .iq2_XXS)) {
            try ModelQuantizer(fileType: .q8_0).quantize(GGUFFile(path: path), to: temporaryPath("out.gguf"))
        }
    }
}

/// Collects the quantizer's progress calls.
private final class StepLog: @unchecked Sendable {
    // `@unchecked Sendable`: the quantizer reports from the writing thread, one call at a time.
    private(set) var names: [String] = []
    func append(_ name: String) { names.append(name) }
}
