import Engine
import Foundation
import GGUF
import Testing
import TestSupport
@testable import Variants

/// Whole two-file merges of tiny synthetic Mistral models, checked tensor by tensor.
@Suite struct MergeModelTests {
    /// Width 64, 3 blocks, 4 heads sharing 2, feed-forward 128, 300 tokens.
    static let shape = MistralConfig(
        embeddingLength: 64, blockCount: 3, headCount: 4, keyValueHeadCount: 2, feedForwardLength: 128,
        vocabularySize: 300, contextLength: 256, ropeFrequencyBase: 10000, rmsEpsilon: 1e-5)

    static func model(_ type: ModelFileType, seed: UInt64, shape: MistralConfig = shape) throws -> String {
        let path = temporaryPath("merge-\(type)-\(seed).gguf")
        try SyntheticModel(config: shape, fileType: type, seed: seed).write(to: path)
        return path
    }

    static func remove(_ paths: String...) {
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Merges, then checks every tensor: the exact library arithmetic (same bytes as the
    /// streaming writer must give) and `reference`, the formula restated in Double.
    static func checkMerge(
        _ recipe: MergeRecipe, baseType: ModelFileType = .f32, modelType: ModelFileType = .f32, outputType: FloatOutputType = .f16,
        reference: (_ tensor: String, _ place: TensorPlace, _ a: [Float], _ b: [Float]) throws -> [Double]?
    ) throws {
        let basePath = try model(baseType, seed: 21), modelPath = try model(modelType, seed: 22)
        let output = temporaryPath("merged.gguf")
        defer { remove(basePath, modelPath, output) }
        let steps = ProgressLog()
        let summary = try ModelMerger(recipe: recipe, outputType: outputType)
            .merge(base: basePath, model: modelPath, output: output) { steps.append($0) }
        let base = try GGUFFile(path: basePath), other = try GGUFFile(path: modelPath), merged = try GGUFFile(path: output)
        #expect(summary.tensorCount == base.tensors.count)
        #expect(steps.names == base.tensors.map(\.name))
        #expect(merged.tensors.map(\.name) == base.tensors.map(\.name))
        #expect(merged.metadata["general.file_type"] == .uint32(outputType.llamaFileType))
        #expect(merged.metadata["general.name"]?.stringValue?.contains("\(recipe.method) merge of") == true)
        #expect(merged.metadata[ModelMerger.recipeKey] == .string(recipe.canonicalDescription))
        #expect(merged.metadata["tokenizer.ggml.tokens"] == base.metadata["tokenizer.ggml.tokens"])
        for tensor in base.tensors {
            let out = merged[tensorNamed: tensor.name]!
            #expect(out.ne == tensor.ne)
            #expect(out.type == (tensor.ne.count == 1 ? .f32 : outputType.tensorType(ne: tensor.ne)))
            let a = try base.dequantize(tensor), b = try other.dequantize(other.tensor(named: tensor.name))
            let place = TensorPlace(ggufName: tensor.name, blockCount: shape.blockCount)
            var exact = a, scratch = b
            try ModelMerger.apply(recipe.rule(for: tensor.name, at: place), base: &exact, model: &scratch, tensor: tensor.name)
            let written = try merged.dequantize(out)
            let encoded = try out.type.quantize(exact)
            let rounded = try encoded.withUnsafeBytes { try out.type.dequantize($0, count: exact.count) }
            #expect(written == rounded, "\(tensor.name): the file's values are not the merge's")
            if let expected = try reference(tensor.name, place, a, b) {
                let scale = expected.map(abs).max() ?? 1
                let bad = written.indices.filter { !MergeReference.close(written[$0], expected[$0], scale: scale,
                                                                            relative: out.type == .f32 ? 2e-6 : out.type == .f16 ? 1e-3 : 4e-3) }
                #expect(bad.isEmpty, "\(tensor.name): \(bad.count) entries differ from the formula")
            }
        }
    }

    @Test func slerpWithBioMistralsScheduleMatchesTheFormulaPerTensor() throws {
        let t = MergeRecipeTests.bioMistralT
        try Self.checkMerge(try MergeRecipe(method: .slerp, t: t)) { _, place, a, b in
            MergeReference.slerp(t: t.value(for: place.huggingFaceName, at: place.position)!, a, b)
        }
    }

    @Test func tiesMatchesTheFormulaPerTensor() throws {
        try Self.checkMerge(try MergeRecipe(method: .ties, density: .constant(0.5), weight: .constant(0.5)), outputType: .bf16) { _, _, a, b in
            MergeReference.ties(a, b, density: 0.5, weight: 0.5, normalize: true)
        }
    }

    @Test func dareTiesMatchesTheLibraryArithmetic() throws {
        try Self.checkMerge(try MergeRecipe(method: .dareTies, density: .constant(0.5), weight: .constant(0.5), seed: 9)) { _, _, _, _ in nil }
    }

    @Test func linearMatchesTheFormulaPerTensor() throws {
        let recipe = try MergeRecipe(method: .linear, weight: .constant(0.25), baseWeight: .constant(0.75))
        try Self.checkMerge(recipe) { _, _, a, b in MergeReference.linear(a, b, baseWeight: 0.75, weight: 0.25, normalize: true) }
    }

    /// Quantized inputs are decoded by GGUF's codecs first (the reference reads them the same way).
    @Test func quantizedInputsAreDecodedFirst() throws {
        try Self.checkMerge(try MergeRecipe(method: .slerp, t: .constant(0.3)), baseType: .q8_0, modelType: .q4_0) { _, _, a, b in
            MergeReference.slerp(t: 0.3, a, b)
        }
    }

    @Test func aDareMergeIsTheSameBytesEveryTimeAndDiffersWithTheSeed() throws {
        let basePath = try Self.model(.f16, seed: 31), modelPath = try Self.model(.f16, seed: 32)
        let outputs = (0 ..< 3).map { temporaryPath("dare-\($0).gguf") }
        defer { Self.remove(basePath, modelPath); for output in outputs { Self.remove(output) } }
        for (output, seed) in zip(outputs, [UInt64(5), 5, 6]) {
            try ModelMerger(recipe: try MergeRecipe(method: .dareLinear, density: .constant(0.3), seed: seed))
                .merge(base: basePath, model: modelPath, output: output)
        }
        let bytes = try outputs.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(bytes[0] == bytes[1])
        #expect(bytes[0] != bytes[2])
    }

    // MARK: bad input

    @Test func mismatchedShapesAreAnError() throws {
        var wider = Self.shape
        wider.feedForwardLength = 192
        let basePath = try Self.model(.f32, seed: 1), modelPath = try Self.model(.f32, seed: 2, shape: wider)
        defer { Self.remove(basePath, modelPath) }
        #expect(throws: MergeError.shapeMismatch(tensor: "blk.0.ffn_gate.weight", baseFile: basePath, baseShape: [64, 128],
                                                 modelFile: modelPath, modelShape: [64, 192])) {
            try ModelMerger(recipe: try MergeRecipe(method: .slerp, t: .constant(0.5))).merge(base: basePath, model: modelPath, output: temporaryPath("x.gguf"))
        }
        let error = MergeError.shapeMismatch(tensor: "blk.0.ffn_gate.weight", baseFile: "a.gguf", baseShape: [64, 128], modelFile: "b.gguf", modelShape: [64, 192])
        #expect(error.description == "tensor 'blk.0.ffn_gate.weight' has shape [64, 128] in a.gguf but [64, 192] in b.gguf")
    }

    @Test func mismatchedVocabulariesAreAnError() throws {
        let basePath = try Self.model(.f32, seed: 1), modelPath = try Self.model(.f32, seed: 2)
        let renamed = temporaryPath("renamed.gguf")
        defer { Self.remove(basePath, modelPath, renamed) }
        // The same model with token 260 spelt differently.
        let source = try GGUFFile(path: modelPath)
        var metadata = source.metadata
        var tokens = metadata["tokenizer.ggml.tokens"]!.arrayElements!
        let original = tokens[260].stringValue!
        tokens[260] = .string("zzz")
        metadata["tokenizer.ggml.tokens"] = .array(.string, tokens)
        var writer = GGUFWriter(metadata: metadata)
        for tensor in source.tensors { try writer.addTensor(name: tensor.name, type: tensor.type, ne: tensor.ne, bytes: source.rawBytes(of: tensor)) }
        try writer.write(to: renamed)
        do {
            try ModelMerger(recipe: try MergeRecipe(method: .linear)).merge(base: basePath, model: renamed, output: temporaryPath("x.gguf"))
            Issue.record("no error")
        } catch {
            #expect(error == .metadataMismatch(field: "tokenizer.ggml.tokens[260]", baseFile: basePath, baseValue: "'\(original)'",
                                               modelFile: renamed, modelValue: "'zzz'"))
            #expect(error.description.contains(basePath) && error.description.contains(renamed))
        }
    }

    @Test func aMissingFileIsAnError() throws {
        let basePath = try Self.model(.f32, seed: 1)
        defer { Self.remove(basePath) }
        do {
            try ModelMerger(recipe: try MergeRecipe(method: .ties)).merge(base: basePath, model: "/nonexistent/b.gguf", output: temporaryPath("x.gguf"))
            Issue.record("no error")
        } catch {
            guard case .unreadableFile(let path, _) = error else { Issue.record("\(error)"); return }
            #expect(path == "/nonexistent/b.gguf")
            #expect(error.description.hasPrefix("/nonexistent/b.gguf: "))
        }
    }

    @Test func aConfigsLayerRangeMustCoverTheModel() throws {
        let basePath = try Self.model(.f32, seed: 1), modelPath = try Self.model(.f32, seed: 2)
        defer { Self.remove(basePath, modelPath) }
        let config = try MergekitConfig(yaml: MergeConfigSamples.slerp, file: "slerp.yml")
        #expect(throws: MergeError.layerCountMismatch(file: basePath, blockCount: 3, layerCount: 32)) {
            try ModelMerger(recipe: config.recipe).merge(base: basePath, model: modelPath, output: temporaryPath("x.gguf"), layerCount: config.layerCount)
        }
    }
}

/// The progress steps, in order.
private final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var steps: [MergeProgress] = []
    func append(_ step: MergeProgress) { lock.withLock { steps.append(step) } }
    var names: [String] { lock.withLock { steps.map(\.tensor) } }
}
