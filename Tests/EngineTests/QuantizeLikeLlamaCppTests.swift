import Engine
import Foundation
import GGUF
import Testing
import TestSupport

/// `medsweep quantize` against llama.cpp's `llama_model_quantize` (through llama-cpp-python,
/// no importance matrix) on the F16 fixture: for every file type, the same tensors, each of the
/// same type with the same bytes.
@Suite(.offThePool, .enabled(if: Fixtures.available, Fixtures.skipReason),
       .enabled(if: LlamaCppPython.executable != nil, LlamaCppPython.skipReason))
struct QuantizeLikeLlamaCppTests {
    @Test(arguments: ModelFileType.allCases.filter { $0 != .f32 })
    func everyTensorHasLlamaCppsTypeAndBytes(_ fileType: ModelFileType) throws {
        let master = Fixtures.path("tiny-mistral-F16.gguf")
        let theirsPath = temporaryPath("llama-\(fileType).gguf"), oursPath = temporaryPath("ours-\(fileType).gguf")
        defer { for path in [theirsPath, oursPath] { try? FileManager.default.removeItem(atPath: path) } }
        let run = try LlamaCppPython.run(Self.quantizeScript, [master, theirsPath, "\(fileType.llamaFileType)"])
        try #require(run.status == 0, "llama_model_quantize to \(fileType): \(run.standardError)")
        try ModelQuantizer(fileType: fileType).quantize(GGUFFile(path: master), to: oursPath)

        let theirs = try GGUFFile(path: theirsPath), ours = try GGUFFile(path: oursPath)
        #expect(ours.tensors.map(\.name) == theirs.tensors.map(\.name))
        #expect(ours.metadata["general.file_type"] == theirs.metadata["general.file_type"])
        var differing: [String] = []
        for tensor in theirs.tensors {
            let mine = try ours.tensor(named: tensor.name)
            #expect(mine.type == tensor.type, "\(fileType) \(tensor.name): llama.cpp chose \(tensor.type.name), medsweep \(mine.type.name)")
            if ours.rawBytes(of: mine) != theirs.rawBytes(of: tensor) { differing.append(tensor.name) }
        }
        let types = Dictionary(grouping: theirs.tensors, by: \.type.name).mapValues(\.count)
        print("\(fileType): \(theirs.tensors.count) tensors (\(types.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))), \(differing.count) differ in bytes from llama.cpp's")
        #expect(differing.isEmpty, "\(fileType): tensors whose bytes differ from llama.cpp's: \(differing)")
    }

    static let quantizeScript = #"""
    import sys, ctypes, llama_cpp
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = int(sys.argv[3])
    params.nthread = 2
    sys.exit(llama_cpp.llama_model_quantize(sys.argv[1].encode(), sys.argv[2].encode(), ctypes.byref(params)))
    """#
}
