@testable import Engine
import Foundation
import Testing
import TestSupport

/// The engine's attention, RoPE and SwiGLU against llama.cpp's own operations, bit for bit in
/// both kernel families: small ggml graphs computed by llama-cpp-python's libggml-cpu.so (2
/// threads), built as llama.cpp builds a Llama block without flash attention — `mul_mat` of
/// the F16 key cache by the queries, `soft_max_ext` with a causal mask over a cache padded to
/// 256 cells, `mul_mat` of the transposed F16 value cache by the probabilities; `rope_ext` in
/// normal mode; `swiglu_split`.
@Suite(.offThePool, .enabled(if: LlamaCppPython.executable != nil, LlamaCppPython.skipReason))
struct LlamaCppGraphTests {
    static let families: [KernelSet.Family] = CPUFeatures.current.hasAVX512VNNI ? [.portable, .avx512] : [.portable]

    /// Runs `script` with `arguments`, returning the float32 file it writes (its last argument).
    static func llamaCpp(_ arguments: [String], inputs: [String: Data]) throws -> [Float] {
        var paths: [String] = []
        defer { for path in paths { try? FileManager.default.removeItem(atPath: path) } }
        var resolved: [String] = []
        for argument in arguments {
            if let data = inputs[argument] {
                let path = temporaryPath("graph-\(argument)")
                try data.write(to: URL(fileURLWithPath: path))
                paths.append(path)
                resolved.append(path)
            } else {
                resolved.append(argument)
            }
        }
        let output = temporaryPath("graph-output.f32")
        paths.append(output)
        let run = try LlamaCppPython.run(script, resolved + [output])
        try #require(run.status == 0, "\(run.standardError)")
        return try Data(contentsOf: URL(fileURLWithPath: output)).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    static func data<T>(_ values: [T]) -> Data { values.withUnsafeBytes { Data($0) } }

    static func differing(_ ours: [Float], _ theirs: [Float]) -> Int {
        zip(ours, theirs).filter { $0.bitPattern != $1.bitPattern }.count
    }

    /// A batch of 21 queries at positions 45 ... 65 of two heads sharing one key-value head of
    /// 64, over the 45 cached positions before them and their own.
    @Test func attentionMatchesLlamaCppsGraph() throws {
        var random = SeededGenerator(seed: 31)
        let first = 45, count = 21, heads = 2, dimension = 64
        let positions = first + count
        let keys = random.normals(positions * dimension).map { Float16($0).bitPattern }
        let values = random.normals(positions * dimension).map { Float16($0).bitPattern }
        let queries = random.normals(count * heads * dimension, scale: 2)
        let theirs = try Self.llamaCpp(
            ["attention", "\(first)", "\(count)", "\(heads)", "\(dimension)", "keys", "values", "queries"],
            inputs: ["keys": Self.data(keys), "values": Self.data(values), "queries": Self.data(queries)])
        try #require(theirs.count == count * heads * dimension)

        for family in Self.families {
            let sequence = KVSequence(store: HostKVStore(layerCount: 1, width: dimension))
            sequence.reserve(upTo: positions)
            keys.withUnsafeBufferPointer { k in
                for position in 0 ..< positions {
                    sequence.storeKey(k.baseAddress! + position * dimension, layer: 0, position: position)
                    for d in 0 ..< dimension { sequence.value(layer: 0, position: position)[d] = values[position * dimension + d] }
                }
            }
            sequence.length = first
            let attention = CausalAttention(headCount: heads, keyValueHeadCount: 1, headDimension: dimension,
                                            kernels: AttentionKernels(family: family), slidingWindow: nil)
            var ours = [Float](repeating: .nan, count: count * heads * dimension)
            queries.withUnsafeBufferPointer { q in
                ours.withUnsafeMutableBufferPointer { out in
                    attention(queries: q.baseAddress!, count: count, firstPosition: first, layer: 0, sequence: sequence,
                              output: out.baseAddress!, pool: ThreadPool(threadCount: 2))
                }
            }
            #expect(Self.differing(ours, theirs) == 0, "\(family): \(Self.differing(ours, theirs)) of \(ours.count) differ")
        }
    }

    /// Three heads of 64 (base 100000, SmolLM2's) and two of 128 (base 10000) at positions from 0
    /// to 3000.
    @Test(arguments: [(64, 3, Float(100_000)), (128, 2, Float(10_000))])
    func ropeMatchesLlamaCppsGraph(_ dimension: Int, _ heads: Int, _ base: Float) throws {
        var random = SeededGenerator(seed: 32)
        let positions: [Int32] = [0, 1, 7, 100, 511, 3000]
        let x = random.normals(positions.count * heads * dimension, scale: 3)
        let theirs = try Self.llamaCpp(
            ["rope", "\(dimension)", "\(heads)", "\(base)", "positions", "x"],
            inputs: ["positions": Self.data(positions), "x": Self.data(x)])
        let rotary = RotaryEmbedding(headDimension: dimension, base: base)
        for family in Self.families {
            var ours = x
            ours.withUnsafeMutableBufferPointer { buffer in
                for (index, position) in positions.enumerated() {
                    rotary.rotate(buffer.baseAddress! + index * heads * dimension, heads: heads, angles: rotary.angles(at: Int(position)),
                                  kernels: KernelSet(family: family))
                }
            }
            #expect(Self.differing(ours, theirs) == 0, "\(family): \(Self.differing(ours, theirs)) of \(ours.count) differ")
        }
    }

    /// Rows of 649 (40 groups of 16 and 9 more), values from -100 to 100 and a few infinite.
    @Test func swiGLUMatchesLlamaCppsGraph() throws {
        var random = SeededGenerator(seed: 33)
        let length = 649, rows = 3
        var gate = random.normals(rows * length, scale: 4)
        gate[5] = -100; gate[6] = 100; gate[7] = -.infinity; gate[8] = 90; gate[length + 3] = -88
        let up = random.normals(rows * length)
        let theirs = try Self.llamaCpp(["swiglu", "\(length)", "\(rows)", "gate", "up"],
                                       inputs: ["gate": Self.data(gate), "up": Self.data(up)])
        for family in Self.families {
            var ours = gate
            ours.withUnsafeMutableBufferPointer { g in
                up.withUnsafeBufferPointer { u in
                    for row in 0 ..< rows {
                        KernelSet(family: family).swiGLU(g.baseAddress! + row * length, u.baseAddress! + row * length, length)
                    }
                }
            }
            #expect(Self.differing(ours, theirs) == 0, "\(family): \(Self.differing(ours, theirs)) of \(ours.count) differ")
        }
    }

    /// argv: an operation and its sizes and input files, then the output path (float32).
    static let script = #"""
    import ctypes, os, sys
    import numpy as np
    import llama_cpp

    lib = os.path.join(os.path.dirname(llama_cpp.__file__), "lib")
    base = ctypes.CDLL(os.path.join(lib, "libggml-base.so"), mode=ctypes.RTLD_GLOBAL)
    cpu = ctypes.CDLL(os.path.join(lib, "libggml-cpu.so"))
    P, I, L, F = ctypes.c_void_p, ctypes.c_int, ctypes.c_int64, ctypes.c_float

    class InitParams(ctypes.Structure):
        _fields_ = [("mem_size", ctypes.c_size_t), ("mem_buffer", ctypes.c_void_p), ("no_alloc", ctypes.c_bool)]

    def declare(library, name, result, arguments):
        function = getattr(library, name)
        function.restype, function.argtypes = result, arguments
        return function

    init = declare(base, "ggml_init", P, [InitParams])
    tensor2 = declare(base, "ggml_new_tensor_2d", P, [P, I, L, L])
    tensor3 = declare(base, "ggml_new_tensor_3d", P, [P, I, L, L, L])
    tensor1 = declare(base, "ggml_new_tensor_1d", P, [P, I, L])
    mul_mat = declare(base, "ggml_mul_mat", P, [P, P, P])
    soft_max = declare(base, "ggml_soft_max_ext", P, [P, P, P, F, F])
    rope = declare(base, "ggml_rope_ext", P, [P, P, P, P, I, I, I, F, F, F, F, F, F])
    swiglu = declare(base, "ggml_swiglu_split", P, [P, P, P])
    new_graph = declare(base, "ggml_new_graph", P, [P])
    expand = declare(base, "ggml_build_forward_expand", None, [P, P])
    data = declare(base, "ggml_get_data", P, [P])
    nbytes = declare(base, "ggml_nbytes", ctypes.c_size_t, [P])
    compute = declare(cpu, "ggml_graph_compute_with_ctx", I, [P, P, I])
    cpu.ggml_cpu_init()
    F32, F16, I32 = 0, 1, 26

    ctx = init(InitParams(256 << 20, None, False))

    def fill(t, array):
        raw = np.ascontiguousarray(array).tobytes()
        assert len(raw) == nbytes(t)
        ctypes.memmove(data(t), raw, len(raw))

    def read(t):
        return np.ctypeslib.as_array(ctypes.cast(data(t), ctypes.POINTER(ctypes.c_float)), shape=(nbytes(t) // 4,)).copy()

    op, out = sys.argv[1], sys.argv[-1]
    graph = new_graph(ctx)
    results = []
    if op == "attention":
        first, count, heads, dim = map(int, sys.argv[2:6])
        positions, cells = first + count, 256
        keys = np.zeros((cells, dim), np.uint16); values = np.zeros((cells, dim), np.uint16)
        keys[:positions] = np.fromfile(sys.argv[6], np.uint16).reshape(positions, dim)
        values[:positions] = np.fromfile(sys.argv[7], np.uint16).reshape(positions, dim)
        queries = np.fromfile(sys.argv[8], np.float32).reshape(count, heads, dim)
        k = tensor2(ctx, F16, dim, cells); fill(k, keys)
        vt = tensor2(ctx, F16, cells, dim); fill(vt, values.T)
        mask = tensor2(ctx, F32, cells, count)
        fill(mask, np.array([[0 if j <= first + i else -np.inf for j in range(cells)] for i in range(count)], np.float32))
        for h in range(heads):
            q = tensor2(ctx, F32, dim, count); fill(q, queries[:, h, :])
            probabilities = soft_max(ctx, mul_mat(ctx, k, q), mask, 1 / np.sqrt(dim), 0.0)
            kqv = mul_mat(ctx, vt, probabilities)
            expand(graph, kqv); results.append(kqv)
        assert compute(ctx, graph, 2) == 0
        output = np.stack([read(r).reshape(count, dim) for r in results], axis=1)
    elif op == "rope":
        dim, heads, freq_base = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
        positions = np.fromfile(sys.argv[5], np.int32)
        x = tensor3(ctx, F32, dim, heads, len(positions)); fill(x, np.fromfile(sys.argv[6], np.float32))
        p = tensor1(ctx, I32, len(positions)); fill(p, positions)
        r = rope(ctx, x, p, None, dim, 0, 0, freq_base, 1.0, 0.0, 1.0, 32.0, 1.0)
        expand(graph, r)
        assert compute(ctx, graph, 2) == 0
        output = read(r)
    elif op == "swiglu":
        n, rows = int(sys.argv[2]), int(sys.argv[3])
        a = tensor2(ctx, F32, n, rows); fill(a, np.fromfile(sys.argv[4], np.float32))
        b = tensor2(ctx, F32, n, rows); fill(b, np.fromfile(sys.argv[5], np.float32))
        r = swiglu(ctx, a, b)
        expand(graph, r)
        assert compute(ctx, graph, 2) == 0
        output = read(r)
    open(out, "wb").write(np.ascontiguousarray(output, np.float32).tobytes())
    """#
}
