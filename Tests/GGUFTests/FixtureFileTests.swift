import Crypto
import Foundation
import GGUF
import TestSupport
import Testing

/// The reader against files written by gguf-py and llama.cpp's quantizer, checked against
/// the values gguf-py's reference dequantizers give (`dequant_samples.json`).
@Suite(.offThePool, .enabled(if: Fixtures.available, Fixtures.skipReason))
struct FixtureFileTests {
    @Test(arguments: Fixtures.modelFiles + ["mistral-vocab.gguf"])
    func everyFixtureOpens(_ name: String) throws {
        let file = try GGUFFile(path: Fixtures.path(name))
        #expect(file.version == 3)
        #expect(file.alignment == 32)
        #expect(file.metadata["general.architecture"] == .string("llama"))
        #expect(file.metadata["tokenizer.ggml.model"] == .string("llama"))
        guard case .array(.string, let tokens) = file.metadata["tokenizer.ggml.tokens"] else {
            Issue.record("tokenizer.ggml.tokens is not an array of strings")
            return
        }
        #expect(tokens.count == 32000)
        #expect(tokens.prefix(4) == [.string("<unk>"), .string("<s>"), .string("</s>"), .string("<0x00>")])
        #expect(file.metadata["tokenizer.ggml.bos_token_id"]?.intValue == 1)
        #expect(file.metadata["tokenizer.ggml.eos_token_id"]?.intValue == 2)
        #expect(file.metadata["tokenizer.ggml.unknown_token_id"]?.intValue == 0)
        #expect(file.metadata["tokenizer.ggml.add_bos_token"] == .bool(true))
        if name == "mistral-vocab.gguf" { #expect(file.tensors.isEmpty) }
    }

    /// The tiny model's configuration, as the fixtures README states it.
    @Test(arguments: Fixtures.modelFiles)
    func tinyModelMatchesItsDescription(_ name: String) throws {
        let file = try GGUFFile(path: Fixtures.path(name))
        let expected: [(String, Int)] = [
            ("llama.embedding_length", 256), ("llama.block_count", 2), ("llama.attention.head_count", 8),
            ("llama.attention.head_count_kv", 2), ("llama.feed_forward_length", 768),
            ("llama.context_length", 4096), ("llama.rope.dimension_count", 32),
        ]
        for (key, value) in expected {
            #expect(file.metadata[key]?.intValue == value, "\(key)")
        }
        #expect(file.metadata["llama.rope.freq_base"] == .float32(10000))
        #expect(file.metadata["llama.attention.layer_norm_rms_epsilon"] == .float32(1e-5))
        // 2 blocks of 9 tensors, plus embeddings, final norm and the untied output head.
        #expect(file.tensors.count == 21)
        #expect(file[tensorNamed: "output.weight"]?.ne == [256, 32000])
        #expect(file[tensorNamed: "blk.1.ffn_down.weight"]?.ne == [768, 256])
        for tensor in file.tensors where tensor.name.hasSuffix("norm.weight") {
            #expect(tensor.type == .f32 && tensor.ne == [256], "\(tensor.name)")
        }
    }

    @Test(arguments: try Fixtures.available ? Fixtures.samples() : [])
    func tensorMatchesReferenceSample(_ sample: Fixtures.Sample) throws {
        let file = try GGUFFile(path: Fixtures.path(sample.file))
        let tensor = try file.tensor(named: sample.tensor)
        #expect(tensor.type.name == sample.type)
        #expect(tensor.ne == sample.ne)

        let digest = file.withRawBytes(of: tensor) { SHA256.hash(data: $0) }
        #expect(digest.map { String(format: "%02x", $0) }.joined() == sample.rawSHA256)

        let values = try file.dequantize(tensor)
        #expect(values.count == sample.count)
        // Exactly as float32: the reference lists float32 values printed to 16 digits, which
        // round back to the float32 they came from.
        #expect(Array(values.prefix(64)) == sample.first64.map { Float($0) })

        var sum = 0.0, sumOfSquares = 0.0
        for value in values {
            sum += Double(value)
            sumOfSquares += Double(value) * Double(value)
        }
        #expect(abs(sum - sample.sum) <= 1e-6 * abs(sample.sum), "sum \(sum) vs \(sample.sum)")
        #expect(abs(sumOfSquares - sample.sumOfSquares) <= 1e-6 * sample.sumOfSquares)
    }
}
