import Engine
import Foundation
import GGUF
import Testing
import TestSupport
import Variants

/// A GGUF model written out as a Hugging Face checkpoint and converted back gives the same
/// tensors, bit for bit, and the engine the same logits.
@Suite struct ConvertRoundTripTests {
    /// Converts `checkpoint` and returns the file's path; the caller removes it.
    static func convert(_ checkpoint: TestCheckpoint, to outputType: FloatOutputType) throws -> String {
        let output = temporaryPath("converted.gguf")
        try CheckpointConverter(directory: checkpoint.directory, outputType: outputType).write(to: output)
        return output
    }

    /// Every tensor of `original` is in `converted` with the same type, shape and bytes
    /// (`output.weight` may be left out, for tied embeddings).
    static func expectSameTensors(_ original: GGUFFile, _ converted: GGUFFile, tied: Bool = false) {
        let expectedNames = original.tensors.map(\.name).filter { !tied || $0 != "output.weight" }
        #expect(Set(converted.tensors.map(\.name)) == Set(expectedNames))
        for name in expectedNames {
            guard let before = original[tensorNamed: name], let after = converted[tensorNamed: name] else { continue }
            #expect(after.type == before.type && after.ne == before.ne, "\(name): \(after.type) \(after.ne), was \(before.type) \(before.ne)")
            let same = converted.rawBytes(of: after) == original.rawBytes(of: before)
            #expect(same, "\(name): bytes differ")
        }
    }

    @Test func f16CheckpointConvertsToTheSameTensorsAndLogits() throws {
        let modelPath = try ConvertTestModels.write(.f16)
        defer { try? FileManager.default.removeItem(atPath: modelPath) }
        let original = try GGUFFile(path: modelPath)
        let checkpoint = try TestCheckpoint.make(from: original, dtype: "F16")
        defer { checkpoint.remove() }
        let output = try Self.convert(checkpoint, to: .f16)
        defer { try? FileManager.default.removeItem(atPath: output) }

        let converted = try GGUFFile(path: output)
        Self.expectSameTensors(original, converted)
        let vocabulary = try Vocabulary(metadata: converted.metadata), reference = try Vocabulary(metadata: original.metadata)
        #expect(vocabulary.tokens == reference.tokens && vocabulary.scores == reference.scores && vocabulary.types == reference.types)
        #expect(try MistralConfig(metadata: converted.metadata) == MistralConfig(metadata: original.metadata))
        let logits = try ConvertTestModels.logits(of: output), expected = try ConvertTestModels.logits(of: modelPath)
        #expect(logits.count == expected.count && !logits.isEmpty)
        #expect(zip(logits, expected).allSatisfy { $0.bitPattern == $1.bitPattern }, "the converted model's logits differ")
    }

    @Test func shardedBF16CheckpointConvertsToBF16BitForBit() throws {
        let modelPath = try ConvertTestModels.write(.bf16)
        defer { try? FileManager.default.removeItem(atPath: modelPath) }
        let original = try GGUFFile(path: modelPath)
        let checkpoint = try TestCheckpoint.make(from: original, dtype: "BF16", shards: 3)
        defer { checkpoint.remove() }
        #expect(FileManager.default.fileExists(atPath: checkpoint.path("model-00003-of-00003.safetensors")))
        let output = try Self.convert(checkpoint, to: .bf16)
        defer { try? FileManager.default.removeItem(atPath: output) }

        let converted = try GGUFFile(path: output)
        Self.expectSameTensors(original, converted)
        #expect(converted.metadata["general.file_type"] == .uint32(32))
        let logits = try ConvertTestModels.logits(of: output), expected = try ConvertTestModels.logits(of: modelPath)
        #expect(zip(logits, expected).allSatisfy { $0.bitPattern == $1.bitPattern }, "the converted model's logits differ")
    }

    /// BF16 and F32 weights written as F16 are rounded once, to nearest even, from their
    /// exact values: what llama.cpp's converter (numpy's astype) gives.
    @Test(arguments: ["BF16", "F32"])
    func otherInputTypesAreRoundedOnceToF16(dtype: String) throws {
        let modelPath = try ConvertTestModels.write(.f32, blocks: 1)
        defer { try? FileManager.default.removeItem(atPath: modelPath) }
        let original = try GGUFFile(path: modelPath)
        let checkpoint = try TestCheckpoint.make(from: original, dtype: dtype)
        defer { checkpoint.remove() }
        let output = try Self.convert(checkpoint, to: .f16)
        defer { try? FileManager.default.removeItem(atPath: output) }

        let converted = try GGUFFile(path: output)
        for before in original.tensors {
            let after = try #require(converted[tensorNamed: before.name])
            let values = try original.dequantize(before)
            if before.ne.count == 1 {
                let same = converted.rawBytes(of: after) == original.rawBytes(of: before)
                #expect(after.type == .f32 && same, "\(before.name)")
                continue
            }
            // The checkpoint holds the values rounded to `dtype`; the file those rounded to F16.
            var stored = values
            if dtype == "BF16" {
                let rounded = try GGMLType.bf16.quantize(values)
                stored = try rounded.withUnsafeBytes { raw in try GGMLType.bf16.dequantize(raw, count: values.count) }
            }
            let expected = try GGMLType.f16.quantize(stored)
            #expect(after.type == .f16)
            let same = converted.rawBytes(of: after) == expected
            #expect(same, "\(before.name): bytes differ")
        }
    }

    @Test func tiedEmbeddingsWriteNoOutputTensorAndTheEngineUsesTheEmbedding() throws {
        let modelPath = try ConvertTestModels.write(.f16, blocks: 1)
        defer { try? FileManager.default.removeItem(atPath: modelPath) }
        let original = try GGUFFile(path: modelPath)
        let checkpoint = try TestCheckpoint.make(from: original, dtype: "F16", tied: true)
        defer { checkpoint.remove() }
        let output = try Self.convert(checkpoint, to: .f16)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let converted = try GGUFFile(path: output)
        Self.expectSameTensors(original, converted, tied: true)
        #expect(converted[tensorNamed: "output.weight"] == nil)

        // The same model with its output head replaced by the embedding, written directly.
        var writer = GGUFWriter(metadata: original.metadata)
        for tensor in original.tensors {
            let source = tensor.name == "output.weight" ? original[tensorNamed: "token_embd.weight"]! : tensor
            try writer.addTensor(name: tensor.name, type: source.type, ne: source.ne, bytes: original.rawBytes(of: source))
        }
        let reference = temporaryPath("tied-reference.gguf")
        try writer.write(to: reference)
        defer { try? FileManager.default.removeItem(atPath: reference) }
        let logits = try ConvertTestModels.logits(of: output), expected = try ConvertTestModels.logits(of: reference)
        #expect(zip(logits, expected).allSatisfy { $0.bitPattern == $1.bitPattern }, "tied logits differ")
    }

    /// The reference fixtures' tiny Mistral, with Mistral's real 32000-piece vocabulary as a
    /// tokenizer.model, converts back to its own tensors, vocabulary and logits.
    @Test(.enabled(if: Fixtures.available, Fixtures.skipReason))
    func fixtureModelWithMistralsVocabularyRoundTrips() throws {
        let original = try GGUFFile(path: Fixtures.path("tiny-mistral-F16.gguf"))
        let checkpoint = try TestCheckpoint.make(from: original, dtype: "F16")
        defer { checkpoint.remove() }
        try checkpoint.writeJSON(["add_bos_token": true, "add_eos_token": false], as: "tokenizer_config.json")
        let output = try Self.convert(checkpoint, to: .f16)
        defer { try? FileManager.default.removeItem(atPath: output) }

        let converted = try GGUFFile(path: output)
        Self.expectSameTensors(original, converted)
        let vocabulary = try Vocabulary(metadata: converted.metadata), reference = try Vocabulary(metadata: original.metadata)
        #expect(vocabulary.tokens == reference.tokens && vocabulary.scores == reference.scores && vocabulary.types == reference.types)
        #expect(vocabulary.bosID == reference.bosID && vocabulary.eosID == reference.eosID && vocabulary.unknownID == reference.unknownID)
        #expect(vocabulary.addsBOS == reference.addsBOS && vocabulary.addsEOS == reference.addsEOS)
        var config = try MistralConfig(metadata: converted.metadata), expectedConfig = try MistralConfig(metadata: original.metadata)
        config.slidingWindow = nil
        expectedConfig.slidingWindow = nil
        #expect(config == expectedConfig)

        let text = "The patient presented with acute myocardial infarction."
        let tokens = try ModelTokenizer(file: converted).encode(text, addingBOS: true)
        #expect(tokens == (try ModelTokenizer(file: original).encode(text, addingBOS: true)))
        let logits = try ConvertTestModels.logits(of: output, tokens: tokens)
        let expected = try ConvertTestModels.logits(of: Fixtures.path("tiny-mistral-F16.gguf"), tokens: tokens)
        #expect(logits.count == 32000 && zip(logits, expected).allSatisfy { $0.bitPattern == $1.bitPattern })
    }
}
