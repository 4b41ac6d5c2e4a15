@testable import Engine
import Foundation
import GGUF
import Testing
import TestSupport

/// The engine's dot products against llama.cpp's own, called through ctypes on
/// llama-cpp-python's libggml-cpu.so (`ggml_get_type_traits_cpu(type)`: the activation type's
/// `from_float`, the weight type's `vec_dot`): the same activation bytes, and the same results
/// within 1e-5 of Σ|w·a| (the integer sums are exact in both; only the float folding differs),
/// bit for bit for Q4_1 and Q5_1, whose canonical arithmetic is llama.cpp's x86 `vec_dot`.
@Suite(.offThePool, .enabled(if: LlamaCppPython.executable != nil, LlamaCppPython.skipReason))
struct LlamaCppKernelTests {
    @Test(arguments: LowBitKernelTests.types)
    func dotProductsMatchLlamaCpps(_ type: GGMLType) throws {
        var random = SeededGenerator(seed: 21)
        let rows = 8, columns = 3, length = type.elementsPerBlock == 256 ? 1024 : 1152
        let weights = RandomWeightBlocks.rows(type, rows: rows, length: length, random: &random)
        let input = random.normals(columns * length, scale: 2)
        let weightsPath = temporaryPath("weights-\(type.name).bin"), inputPath = temporaryPath("input-\(type.name).f32")
        let quantizedPath = temporaryPath("quantized-\(type.name).bin")
        defer { for path in [weightsPath, inputPath, quantizedPath] { try? FileManager.default.removeItem(atPath: path) } }
        try Data(weights).write(to: URL(fileURLWithPath: weightsPath))
        try input.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: inputPath)) }

        let run = try LlamaCppPython.run(Self.script, ["\(type.rawValue)", "\(rows)", "\(length)", weightsPath, inputPath, quantizedPath])
        try #require(run.status == 0, "\(run.standardError)")
        let theirs = run.standardOutput.split(separator: "\n").compactMap { Double($0) }
        try #require(theirs.count == rows * columns, "\(run.standardOutput)")

        let format = try #require(ActivationFormat(weights: type))
        let activations = LowBitKernelTests.convert(input, columns: columns, length: length, to: format)
        let theirActivations = [UInt8](try Data(contentsOf: URL(fileURLWithPath: quantizedPath)))
        let ours = (0 ..< columns).flatMap { LowBitKernelTests.bytes(of: activations, column: $0) }
        #expect(ours == theirActivations, "\(type): the activations quantize to other bytes than llama.cpp's")

        let dot = try #require(TileKernel.portable(for: type))
        let rowBytes = type.byteCount(elements: length)!
        var worst = 0.0
        for column in 0 ..< columns {
            for row in 0 ..< rows {
                let rowWeights = Array(weights[row * rowBytes ..< (row + 1) * rowBytes])
                var result: Float = .nan
                rowWeights.withUnsafeBytes { w in
                    dot.run(w.baseAddress!, rowBytes, 1, activations.row(column), activations.rowBytes, 1, length, &result, 1)
                }
                let magnitude = LowBitKernelTests.reference(
                    type, weights: rowWeights, activations: LowBitKernelTests.bytes(of: activations, column: column), format: format
                ).magnitude
                let error = abs(Double(result) - theirs[column * rows + row]) / magnitude
                worst = max(worst, error)
                #expect(error <= 1e-5, "\(type) row \(row) column \(column): \(result) vs llama.cpp's \(theirs[column * rows + row])")
                if Self.sameArithmetic.contains(type) {
                    #expect(Double(result) == theirs[column * rows + row], "\(type) row \(row) column \(column): not llama.cpp's bits")
                }
            }
        }
        print("\(type.name): largest difference from llama.cpp's vec_dot \(worst) of Σ|w·a|")
    }

    /// The types whose canonical dot product is llama.cpp's x86 `vec_dot`, fold for fold.
    static let sameArithmetic: Set<GGMLType> = [.q4_1, .q5_1]

    /// argv: weight type id, rows, row length, weight bytes, f32 activation rows, output path
    /// for the quantized activations. Prints vec_dot of every (column, row), column-major.
    static let script = #"""
    import ctypes, os, sys
    import numpy as np
    import llama_cpp

    lib = os.path.join(os.path.dirname(llama_cpp.__file__), "lib")
    base = ctypes.CDLL(os.path.join(lib, "libggml-base.so"), mode=ctypes.RTLD_GLOBAL)
    cpu = ctypes.CDLL(os.path.join(lib, "libggml-cpu.so"))

    class Traits(ctypes.Structure):
        _fields_ = [("from_float", ctypes.c_void_p), ("vec_dot", ctypes.c_void_p),
                    ("vec_dot_type", ctypes.c_int), ("nrows", ctypes.c_int64)]

    cpu.ggml_get_type_traits_cpu.restype = ctypes.POINTER(Traits)
    base.ggml_row_size.restype = ctypes.c_size_t
    base.ggml_row_size.argtypes = [ctypes.c_int, ctypes.c_int64]
    cpu.ggml_cpu_init()
    FromFloat = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64)
    VecDot = ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p,
                              ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)

    type_id, rows, length = map(int, sys.argv[1:4])
    weights = np.fromfile(sys.argv[4], dtype=np.uint8)
    inputs = np.fromfile(sys.argv[5], dtype="<f4").reshape(-1, length)
    traits = cpu.ggml_get_type_traits_cpu(type_id).contents
    activation_type = traits.vec_dot_type
    from_float = FromFloat(cpu.ggml_get_type_traits_cpu(activation_type).contents.from_float)
    vec_dot = VecDot(traits.vec_dot)
    row_bytes = len(weights) // rows
    quantized = []
    for x in inputs:
        x = np.ascontiguousarray(x, dtype=np.float32)
        buffer = ctypes.create_string_buffer(base.ggml_row_size(activation_type, length))
        from_float(x.ctypes.data, buffer, length)
        quantized.append(buffer.raw)
        for row in range(rows):
            result = ctypes.c_float()
            vec_dot(length, ctypes.byref(result), 0, weights.ctypes.data + row * row_bytes, 0, buffer, 0, 1)
            print(repr(result.value))
    open(sys.argv[6], "wb").write(b"".join(quantized))
    """#
}
