import Engine
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

    @Test func namesParseCaseInsensitively() {
        #expect(ModelFileType(name: "q4_k_m") == .q4_K_M)
        #expect(ModelFileType(name: "Q4_K") == nil)
    }
}
