import Engine
import Foundation
import GGUF
import Testing
import TestSupport
@testable import Variants

/// The metadata keys, their order and the tensor order are llama.cpp's converter's.
@Suite struct ConvertMetadataTests {
    static func checkpoint(blocks: Int = 1, configChanges: [String: Any] = [:]) throws -> (TestCheckpoint, cleanup: () -> Void) {
        let modelPath = try ConvertTestModels.write(.f16, blocks: blocks)
        let checkpoint = try TestCheckpoint.make(from: GGUFFile(path: modelPath), dtype: "F16", configChanges: configChanges)
        return (checkpoint, {
            try? FileManager.default.removeItem(atPath: modelPath)
            checkpoint.remove()
        })
    }

    @Test func keysComeInConvertHfToGgufsOrder() throws {
        let (checkpoint, cleanup) = try Self.checkpoint()
        defer { cleanup() }
        let converter = try CheckpointConverter(directory: checkpoint.directory, outputType: .f16)
        #expect(converter.metadata.keys == [
            "general.architecture", "general.type", "general.name",
            "llama.block_count", "llama.context_length", "llama.embedding_length", "llama.feed_forward_length",
            "llama.attention.head_count", "llama.attention.head_count_kv", "llama.rope.freq_base",
            "llama.attention.layer_norm_rms_epsilon", "general.file_type", "llama.vocab_size", "llama.rope.dimension_count",
            "general.quantization_version",
            "tokenizer.ggml.model", "tokenizer.ggml.pre", "tokenizer.ggml.tokens", "tokenizer.ggml.scores",
            "tokenizer.ggml.token_type", "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id",
            "tokenizer.ggml.unknown_token_id",
        ])
        let metadata = converter.metadata
        #expect(metadata["general.architecture"] == .string("llama"))
        #expect(metadata["llama.block_count"] == .uint32(1))
        #expect(metadata["llama.context_length"] == .uint32(512))
        #expect(metadata["llama.embedding_length"] == .uint32(256))
        #expect(metadata["llama.feed_forward_length"] == .uint32(768))
        #expect(metadata["llama.attention.head_count"] == .uint32(8))
        #expect(metadata["llama.attention.head_count_kv"] == .uint32(2))
        #expect(metadata["llama.rope.dimension_count"] == .uint32(32))
        #expect(metadata["llama.rope.freq_base"] == .float32(10000))
        #expect(metadata["llama.attention.layer_norm_rms_epsilon"] == .float32(1e-5))
        #expect(metadata["llama.vocab_size"] == .uint32(600))
        #expect(metadata["general.file_type"] == .uint32(1))
        #expect(metadata["general.quantization_version"] == .uint32(2))
        #expect(metadata["tokenizer.ggml.pre"] == .string("default"))
        // config.json's sliding_window is not written, as llama.cpp does not write it.
        #expect(metadata["llama.attention.sliding_window"] == nil)
        #expect(converter.config.slidingWindow == 4096)
    }

    @Test func tensorsComeInLlamaCppsOrderWithGGUFNames() throws {
        let (checkpoint, cleanup) = try Self.checkpoint()
        defer { cleanup() }
        let converter = try CheckpointConverter(directory: checkpoint.directory)
        // Sorted by Hugging Face name, as the safetensors library lists them.
        #expect(converter.tensors.map(\.name) == [
            "output.weight", "token_embd.weight", "blk.0.attn_norm.weight", "blk.0.ffn_down.weight",
            "blk.0.ffn_gate.weight", "blk.0.ffn_up.weight", "blk.0.ffn_norm.weight", "blk.0.attn_k.weight",
            "blk.0.attn_output.weight", "blk.0.attn_q.weight", "blk.0.attn_v.weight", "output_norm.weight",
        ])
        let query = try #require(converter.tensors.first { $0.name == "blk.0.attn_q.weight" })
        #expect(query.ne == [256, 256] && query.type == .f16 && query.permutation == QueryKeyPermutation(rows: 256, heads: 8))
        let key = try #require(converter.tensors.first { $0.name == "blk.0.attn_k.weight" })
        #expect(key.ne == [256, 64] && key.permutation == QueryKeyPermutation(rows: 64, heads: 2))
        #expect(converter.tensors.first { $0.name == "blk.0.ffn_norm.weight" }?.type == .f32)
    }

    @Test func blocksSortAsTextAcrossTen() throws {
        #expect(HuggingFaceTensorNames.map("model.layers.10.mlp.up_proj.weight") == .tensor(gguf: "blk.10.ffn_up.weight", permutation: nil))
        #expect(HuggingFaceTensorNames.map("model.layers.0.self_attn.rotary_emb.inv_freq") == .skipped)
        #expect(HuggingFaceTensorNames.map("model.layers.01.mlp.up_proj.weight") == .unknown)
        #expect(HuggingFaceTensorNames.map("model.layers.0.self_attn.q_proj.bias") == .unknown)
        #expect(HuggingFaceTensorNames.huggingFaceName(of: "blk.3.attn_k.weight") == "model.layers.3.self_attn.k_proj.weight")
    }

    @Test func permutationInterleavesEachHeadsHalves() throws {
        let permutation = try #require(QueryKeyPermutation(rows: 8, heads: 2))
        #expect((0 ..< 8).map(permutation.sourceRow) == [0, 2, 1, 3, 4, 6, 5, 7])
        let wide = try #require(QueryKeyPermutation(rows: 24, heads: 2))
        // numpy: reshape(2, 2, 6).swapaxes(1, 2).reshape(24) of 0..<24.
        #expect((0 ..< 24).map(wide.sourceRow) == [0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11, 12, 18, 13, 19, 14, 20, 15, 21, 16, 22, 17, 23])
        #expect((0 ..< 24).allSatisfy { wide.destinationRow(wide.sourceRow($0)) == $0 })
        #expect(QueryKeyPermutation(rows: 10, heads: 4) == nil)
    }

    @Test func nameFollowsLlamaCppsHeuristics() {
        #expect(ConvertedModelMetadata.name(directory: "/models/mistral-7b-v0.1", nameOrPath: nil) == "Mistral 7b v0.1")
        #expect(ConvertedModelMetadata.name(directory: "/models/x", nameOrPath: "BioMistral/BioMistral-7B") == "BioMistral 7B")
        #expect(ConvertedModelMetadata.name(directory: "/models/biomistral-dare", nameOrPath: "/home/me/out/checkpoint") == "Biomistral Dare")
        #expect(ConvertedModelMetadata.name(directory: "/m/llama2chat", nameOrPath: nil) == "Llama2Chat")
    }

    @Test func linearRopeScalingIsWrittenAndReadBack() throws {
        let (checkpoint, cleanup) = try Self.checkpoint(configChanges: ["rope_scaling": ["type": "linear", "factor": 4.0], "head_dim": 32])
        defer { cleanup() }
        let converter = try CheckpointConverter(directory: checkpoint.directory)
        let keys = converter.metadata.keys
        #expect(converter.metadata["llama.rope.scaling.type"] == .string("linear"))
        #expect(converter.metadata["llama.rope.scaling.factor"] == .float32(4))
        #expect(converter.metadata["llama.attention.key_length"] == .uint32(32))
        #expect(keys.firstIndex(of: "llama.rope.scaling.factor")! < keys.firstIndex(of: "llama.rope.freq_base")!)
        #expect(try MistralConfig(metadata: converter.metadata).ropeFrequencyScale == 0.25)
    }

    @Test func outputNameCanBeSet() throws {
        let (checkpoint, cleanup) = try Self.checkpoint()
        defer { cleanup() }
        let converter = try CheckpointConverter(directory: checkpoint.directory, outputType: .bf16, name: "BioMistral 7B")
        #expect(converter.metadata["general.name"] == .string("BioMistral 7B"))
        #expect(converter.metadata["general.file_type"] == .uint32(32))
    }
}
