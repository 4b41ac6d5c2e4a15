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

    /// The file types without a fixture file: llama.cpp's quantizer (llama_model_quantize,
    /// through llama-cpp-python) turns the F16 fixture into each, and every tensor has the type
    /// medsweep gives it.
    @Test(
        .enabled(if: Fixtures.available, Fixtures.skipReason),
        .enabled(if: LlamaCppPython.executable != nil, LlamaCppPython.skipReason),
        arguments: [ModelFileType.q4_1, .q5_0, .q5_1, .q2_K, .q3_K_S])
    func choosesTheTypesLlamaCppsQuantizerChooses(_ fileType: ModelFileType) throws {
        let path = temporaryPath("llama-quantized-\(fileType).gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try LlamaCppPython.run(Self.quantizeScript, [Fixtures.path("tiny-mistral-F16.gguf"), path, "\(fileType.llamaFileType)"])
        try #require(run.status == 0, "\(run.standardError)")
        let file = try GGUFFile(path: path)
        #expect(file.metadata["general.file_type"]?.intValue == Int(fileType.llamaFileType))
        for tensor in file.tensors {
            #expect(fileType.tensorType(name: tensor.name, ne: tensor.ne, blockCount: 2, headsPerKeyValueHead: 4) == tensor.type,
                    "\(fileType) \(tensor.name): llama.cpp chose \(tensor.type)")
        }
    }

    static let quantizeScript = #"""
    import sys, ctypes, llama_cpp
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = int(sys.argv[3])
    params.nthread = 2
    sys.exit(llama_cpp.llama_model_quantize(sys.argv[1].encode(), sys.argv[2].encode(), ctypes.byref(params)))
    """#

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
