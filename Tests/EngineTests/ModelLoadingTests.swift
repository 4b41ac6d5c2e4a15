import Engine
import Foundation
import GGUF
import Testing
import TestSupport

/// A GGUF file whose metadata or tensors contradict each other gives an error naming the key
/// or tensor, before anything runs.
@Suite(.offThePool) struct ModelLoadingTests {
    /// Rewrites a synthetic model with `edit` applied to its metadata and tensor list.
    func rewritten(
        _ edit: (inout GGUFMetadata, inout [(name: String, type: GGMLType, ne: [Int], bytes: [UInt8])]) -> Void
    ) throws -> String {
        let source = try SyntheticModelFiles.write(.f32)
        defer { try? FileManager.default.removeItem(atPath: source) }
        let file = try GGUFFile(path: source)
        var metadata = file.metadata
        var tensors = file.tensors.map { (name: $0.name, type: $0.type, ne: $0.ne, bytes: file.rawBytes(of: $0)) }
        edit(&metadata, &tensors)
        var writer = GGUFWriter(metadata: metadata)
        for tensor in tensors { try writer.addTensor(name: tensor.name, type: tensor.type, ne: tensor.ne, bytes: tensor.bytes) }
        let path = temporaryPath("edited.gguf")
        try writer.write(to: path)
        return path
    }

    func loadingError(_ path: String) -> ModelError? {
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try MistralModel(path: path)
            return nil
        } catch let error as ModelError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test func shapesContradictingTheMetadata() throws {
        let wrongShape = try rewritten { _, tensors in
            let index = tensors.firstIndex { $0.name == "blk.0.attn_k.weight" }!
            tensors[index].ne = [256, 128]
            tensors[index].bytes += tensors[index].bytes
        }
        #expect(loadingError(wrongShape) == .tensorShape(name: "blk.0.attn_k.weight", expected: [256, 64], found: [256, 128]))

        let missing = try rewritten { _, tensors in tensors.removeAll { $0.name == "blk.0.ffn_up.weight" } }
        #expect(loadingError(missing) == .missingTensor("blk.0.ffn_up.weight"))

        let unsupported = try rewritten { _, tensors in
            let index = tensors.firstIndex { $0.name == "blk.0.attn_q.weight" }!
            tensors[index].type = .iq4_NL
            tensors[index].bytes = [UInt8](repeating: 0, count: GGMLType.iq4_NL.byteCount(shape: [256, 256])!)
        }
        #expect(loadingError(unsupported) == .tensorType(name: "blk.0.attn_q.weight", type: .iq4_NL))
    }

    @Test func inconsistentMetadata() throws {
        let heads = try rewritten { metadata, _ in metadata["llama.attention.head_count"] = .uint32(7) }
        #expect(loadingError(heads)?.description.contains("llama.attention.head_count = 7: does not divide llama.embedding_length = 256") == true)

        let kvHeads = try rewritten { metadata, _ in metadata["llama.attention.head_count_kv"] = .uint32(3) }
        #expect(loadingError(kvHeads) == .badValue(key: "llama.attention.head_count_kv", value: "3",
                                                   reason: "does not divide llama.attention.head_count = 8"))

        let missingKey = try rewritten { metadata, _ in metadata["llama.block_count"] = nil }
        #expect(loadingError(missingKey) == .missingKey("llama.block_count"))

        let wrongType = try rewritten { metadata, _ in metadata["llama.embedding_length"] = .string("256") }
        #expect(loadingError(wrongType) == .wrongType(key: "llama.embedding_length", expected: "an integer", found: .string))

        let architecture = try rewritten { metadata, _ in metadata["general.architecture"] = .string("gpt2") }
        #expect(loadingError(architecture) == .unsupportedArchitecture("gpt2"))
    }

    @Test func ropeScalingIsReadAsLlamaCppReadsIt() throws {
        func scale(_ edit: (inout GGUFMetadata) -> Void) throws -> Float {
            let path = try rewritten { metadata, _ in edit(&metadata) }
            defer { try? FileManager.default.removeItem(atPath: path) }
            return try MistralModel(path: path).config.ropeFrequencyScale
        }
        #expect(try scale { _ in } == 1)
        #expect(try scale { $0["llama.rope.scaling.factor"] = .float32(4) } == 0.25)
        #expect(try scale { $0["llama.rope.scale_linear"] = .float32(2) } == 0.5)
        #expect(try scale {
            $0["llama.rope.scaling.type"] = .string("none")
            $0["llama.rope.scaling.factor"] = .float32(4)
        } == 1)

        let yarn = try rewritten { metadata, _ in metadata["llama.rope.scaling.type"] = .string("yarn") }
        #expect(loadingError(yarn)?.description.contains("llama.rope.scaling.type = 'yarn'") == true)
    }

    @Test func modelsTheEngineDoesNotRunAreNamed() throws {
        let experts = try rewritten { metadata, _ in metadata["llama.expert_count"] = .uint32(8) }
        #expect(loadingError(experts)?.description.contains("llama.expert_count = 8: mixture-of-experts") == true)

        let vocabulary = try rewritten { metadata, _ in metadata["llama.vocab_size"] = .uint32(32000) }
        #expect(loadingError(vocabulary) == .badValue(key: "llama.vocab_size", value: "32000", reason: "tokenizer.ggml.tokens has 600 tokens"))

        let keyLength = try rewritten { metadata, _ in metadata["llama.attention.key_length"] = .uint32(64) }
        #expect(loadingError(keyLength)?.description.contains("llama.attention.key_length = 64") == true)
    }

    /// Llama 3.1's `rope_freqs.weight` divides each pair's angle: all ones changes nothing, and
    /// other values change the logits; a wrong shape is named.
    @Test func ropeFrequencyFactorsApply() throws {
        func logits(factors: [Float]?) throws -> [Float] {
            let path = try rewritten { _, tensors in
                if let factors {
                    tensors.append((name: "rope_freqs.weight", type: .f32, ne: [factors.count],
                                    bytes: factors.withUnsafeBytes { Array($0) }))
                }
            }
            defer { try? FileManager.default.removeItem(atPath: path) }
            let transformer = Transformer(model: try MistralModel(path: path), threads: 1)
            return transformer.evaluate([1, 20, 30, 40, 50], appendingTo: transformer.makeSequence())
        }
        let plain = try logits(factors: nil)
        #expect(try logits(factors: Array(repeating: 1, count: 16)) == plain)
        #expect(try logits(factors: (0 ..< 16).map { 1 + Float($0) }) != plain)

        let wrong = try rewritten { _, tensors in
            tensors.append((name: "rope_freqs.weight", type: .f32, ne: [8], bytes: [UInt8](repeating: 0, count: 32)))
        }
        #expect(loadingError(wrong) == .tensorShape(name: "rope_freqs.weight", expected: [16], found: [8]))
    }
}
