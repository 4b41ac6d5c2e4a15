import Engine
import Foundation
import GGUF
import Testing
import TestSupport

/// The per-tensor types of each file type, against llama.cpp's quantizer's own choices.
@Suite(.offThePool) struct ModelFileTypeTests {
    @Test(
        .enabled(if: Fixtures.available, Fixtures.skipReason),
        arguments: [("tiny-mistral-Q8_0.gguf", ModelFileType.q8_0), ("tiny-mistral-Q4_0.gguf", .q4_0),
                    ("tiny-mistral-Q4_K_M.gguf", .q4_K_M), ("tiny-mistral-F16.gguf", .f16)])
    func choosesTheTypesLlamaCppChose(_ fixture: String, _ fileType: ModelFileType) throws {
        let file = try GGUFFile(path: Fixtures.path(fixture))
        for tensor in file.tensors {
            #expect(fileType.tensorType(name: tensor.name, ne: tensor.ne, blockCount: 2) == tensor.type, "\(tensor.name)")
        }
        if fileType != .f16 {
            #expect(file.metadata["general.file_type"]?.intValue == Int(fileType.llamaFileType))
        }
    }

    /// llama.cpp's use_more_bits over Mistral 7B's 32 blocks: the first and last four, and
    /// every third block from 6.
    @Test func mistral7BQ4KMGivesSixBitsToTheRightBlocks() {
        let upgraded = (0 ..< 32).filter { block in
            ModelFileType.q4_K_M.tensorType(name: "blk.\(block).ffn_down.weight", ne: [14336, 4096], blockCount: 32) == .q6_K
        }
        #expect(upgraded == [0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31])
        #expect(ModelFileType.q4_K_M.tensorType(name: "blk.5.attn_q.weight", ne: [4096, 4096], blockCount: 32) == .q4_K)
        #expect(ModelFileType.q4_0.tensorType(name: "output.weight", ne: [4096, 32000], blockCount: 32) == .q6_K)
        #expect(ModelFileType.q8_0.tensorType(name: "output.weight", ne: [4096, 32000], blockCount: 32) == .q8_0)
        #expect(ModelFileType.bf16.tensorType(name: "output.weight", ne: [4096, 32000], blockCount: 32) == .bf16)
    }

    /// The mixtures' extra bits over Mistral 7B's 32 blocks (llama.cpp's `llama_tensor_get_type`;
    /// every type is also checked against llama.cpp's own quantizer in QuantizeLikeLlamaCppTests).
    @Test func mixturesGiveMoreBitsWhereLlamaCppDoes() {
        func type(_ fileType: ModelFileType, _ name: String, blocks: Int = 32) -> GGMLType {
            fileType.tensorType(name: name, ne: [4096, 4096], blockCount: blocks, headsPerKeyValueHead: 4)
        }
        #expect(type(.q3_K_M, "blk.1.attn_v.weight") == .q5_K && type(.q3_K_M, "blk.2.attn_v.weight") == .q4_K)
        #expect(type(.q3_K_M, "blk.1.ffn_down.weight") == .q5_K && type(.q3_K_M, "blk.2.ffn_down.weight") == .q4_K)
        #expect(type(.q3_K_M, "blk.9.attn_output.weight") == .q4_K && type(.q3_K_M, "blk.9.attn_q.weight") == .q3_K)
        #expect(type(.q3_K_L, "blk.9.attn_v.weight") == .q5_K && type(.q3_K_L, "blk.9.ffn_down.weight") == .q5_K)
        #expect(type(.q3_K_L, "blk.9.attn_output.weight") == .q5_K && type(.q3_K_L, "blk.9.ffn_up.weight") == .q3_K)
        #expect(type(.q4_K_S, "blk.3.attn_v.weight") == .q5_K && type(.q4_K_S, "blk.4.attn_v.weight") == .q4_K)
        #expect(type(.q4_K_S, "blk.3.ffn_down.weight") == .q5_K && type(.q4_K_S, "blk.4.ffn_down.weight") == .q4_K)
        #expect(type(.q5_K_S, "blk.0.attn_v.weight") == .q5_K && type(.q5_K_S, "output.weight") == .q6_K)
        #expect(type(.q3_K_S, "blk.0.attn_v.weight") == .q3_K)
        // Llama 70B's attn_v (80 blocks, grouped queries) gets Q5_K over Q3_K and Q4_K.
        #expect(type(.q3_K_S, "blk.40.attn_v.weight", blocks: 80) == .q5_K)
        #expect(type(.q3_K_S, "blk.40.attn_q.weight", blocks: 80) == .q3_K)
    }

    /// A tensor llama.cpp does not quantize keeps its type, whatever it is.
    @Test func unquantizedTensorsKeepTheirSourceType() {
        #expect(ModelFileType.q4_0.tensorType(name: "blk.0.attn_norm.weight", ne: [4096], blockCount: 32, sourceType: .f16) == .f16)
        #expect(ModelFileType.f16.tensorType(name: "output_norm.weight", ne: [4096], blockCount: 32) == .f32)
        #expect(ModelFileType.f16.tensorType(name: "output.weight", ne: [4096, 32000], blockCount: 32) == .f16)
        #expect(ModelFileType(llamaFileType: 12) == .q3_K_M && ModelFileType(llamaFileType: 99) == nil)
    }

    /// Q2_K's `attn_v` takes Q4_K only where 4 or more query heads share a key-value head.
    @Test func q2KGivesAttentionValuesMoreBitsWithGroupedQueries() {
        let name = "blk.0.attn_v.weight", ne = [4096, 1024]
        #expect(ModelFileType.q2_K.tensorType(name: name, ne: ne, blockCount: 32, headsPerKeyValueHead: 4) == .q4_K)
        #expect(ModelFileType.q2_K.tensorType(name: name, ne: ne, blockCount: 32, headsPerKeyValueHead: 1) == .q3_K)
        #expect(ModelFileType.q2_K.tensorType(name: "blk.3.ffn_down.weight", ne: [14336, 4096], blockCount: 32) == .q3_K)
        #expect(ModelFileType.q2_K.tensorType(name: "blk.3.attn_output.weight", ne: [4096, 4096], blockCount: 32) == .q3_K)
        #expect(ModelFileType.q2_K.tensorType(name: "blk.3.ffn_up.weight", ne: [4096, 14336], blockCount: 32) == .q2_K)
        #expect(ModelFileType.q3_K_S.tensorType(name: name, ne: ne, blockCount: 32, headsPerKeyValueHead: 4) == .q3_K)
    }

    @Test func namesParseCaseInsensitively() {
        #expect(ModelFileType(name: "q4_k_m") == .q4_K_M)
        #expect(ModelFileType(name: "Q4_K") == nil)
    }
}
