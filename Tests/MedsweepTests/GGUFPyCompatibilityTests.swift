import Foundation
import GGUF
import Testing
import TestSupport

/// medsweep and gguf-py (the reference GGUF implementation) read the same files the same way,
/// in both directions: `medsweep inspect --json` on llama.cpp's files says what gguf-py reads,
/// and files medsweep writes read back in gguf-py with the same metadata, tensors and values.
@Suite(.offThePool, .enabled(if: ReferencePython.hasGGUF, ReferencePython.skipReason))
struct GGUFPyCompatibilityTests {
    @Test(.enabled(if: Fixtures.available, Fixtures.skipReason), arguments: Fixtures.modelFiles + ["mistral-vocab.gguf"])
    func inspectJSONMatchesGGUFPyOnFixtures(_ name: String) throws {
        try expectGGUFPyAgrees(with: Fixtures.path(name))
    }

    @Test func filesMedsweepWritesReadTheSameInGGUFPy() throws {
        let path = temporaryPath("for-gguf-py.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.writeEveryType(to: path)
        try expectGGUFPyAgrees(with: path)
    }

    /// Runs `medsweep inspect --json` on the file and has gguf-py compare it with its own
    /// reading of the file, and check the tensors written by `writeEveryType`.
    private func expectGGUFPyAgrees(with path: String) throws {
        let inspect = try CommandRun.medsweep("inspect", "--json", path)
        #expect(inspect.status == 0, "\(inspect.standardError)")
        let check = try ReferencePython.run(Self.compareScript, [path], input: inspect.standardOutput)
        print(check.standardOutput, terminator: "")
        #expect(check.status == 0, "gguf-py disagrees on \(path):\n\(check.standardOutput)\(check.standardError)")
    }

    /// For each type medsweep encodes: `source.T` holds random F32 values, `tensor.T` those
    /// values encoded by medsweep, `decoded.T` medsweep's decoding of `tensor.T` as F32.
    static func writeEveryType(to path: String) throws {
        var writer = GGUFWriter(metadata: everyValueType())
        var random = SeededGenerator(seed: 5)
        for type in GGMLType.codecTypes where type.isStoredInFiles {
            let values = random.normals(4 * max(32, type.elementsPerBlock))
            let ne = [values.count / 4, 4]
            let encoded = try type.quantize(values)
            let decoded = try encoded.withUnsafeBytes { try type.dequantize($0, count: values.count) }
            try writer.addTensor(name: "source.\(type.name)", type: .f32, ne: ne, bytes: try GGMLType.f32.quantize(values))
            try writer.addTensor(name: "tensor.\(type.name)", type: type, ne: ne, bytes: encoded)
            try writer.addTensor(name: "decoded.\(type.name)", type: .f32, ne: ne, bytes: try GGMLType.f32.quantize(decoded))
        }
        try writer.write(to: path)
    }

    static func everyValueType() -> GGUFMetadata {
        var metadata = GGUFMetadata()
        metadata["general.architecture"] = .string("llama")
        metadata["general.alignment"] = .uint32(64)
        metadata["t.u8"] = .uint8(200)
        metadata["t.i8"] = .int8(-100)
        metadata["t.u16"] = .uint16(60000)
        metadata["t.i16"] = .int16(-30000)
        metadata["t.u32"] = .uint32(4_000_000_000)
        metadata["t.i32"] = .int32(-2_000_000_000)
        metadata["t.u64"] = .uint64(.max)
        metadata["t.i64"] = .int64(.min)
        metadata["t.f32"] = .float32(1e-5)
        metadata["t.f64"] = .float64(0.1)
        metadata["t.bool"] = .bool(true)
        metadata["t.string"] = .string("anémie 贫血 فقر الدم\n\"x\"")
        metadata["t.array.string"] = .array(.string, [.string("▁the"), .string("<0x0A>")])
        metadata["t.array.f32"] = .array(.float32, [.float32(-0.25), .float32(3)])
        metadata["t.array.i32"] = .array(.int32, [.int32(6), .int32(-1)])
        metadata["t.array.bool"] = .array(.bool, [.bool(false), .bool(true)])
        return metadata
    }

    /// Compares medsweep's JSON (stdin) with gguf-py's reading of argv[1]; for files from
    /// `writeEveryType`, also checks gguf-py's decoding and, where gguf-py implements llama.cpp's
    /// reference quantizer, its encoding against medsweep's bytes.
    static let compareScript = #"""
    import json, sys
    import numpy as np
    import gguf
    from gguf import GGMLQuantizationType as Q

    path = sys.argv[1]
    ours = json.load(sys.stdin)
    reader = gguf.GGUFReader(path)
    problems = []

    def same(a, b):
        if isinstance(a, float) and isinstance(b, float):
            return a == b or (a != a and b != b)
        if isinstance(a, list) and isinstance(b, list):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        return type(a) == type(b) and a == b

    version = reader.fields["GGUF.version"].contents()
    if ours["version"] != version:
        problems.append(f"version: medsweep {ours['version']}, gguf-py {version}")
    if ours["alignment"] != reader.alignment:
        problems.append(f"alignment: medsweep {ours['alignment']}, gguf-py {reader.alignment}")

    theirs = {k: f.contents() for k, f in reader.fields.items() if not k.startswith("GGUF.")}
    if list(ours["metadata"]) != list(theirs):
        problems.append(f"metadata keys: medsweep {list(ours['metadata'])}, gguf-py {list(theirs)}")
    for key, value in theirs.items():
        if key in ours["metadata"] and not same(ours["metadata"][key], value):
            problems.append(f"metadata {key}: medsweep {str(ours['metadata'][key])[:200]}, gguf-py {str(value)[:200]}")

    theirs_tensors = [{"name": t.name, "type": t.tensor_type.name, "ne": [int(n) for n in t.shape],
                       "offset": int(t.data_offset)} for t in reader.tensors]
    if ours["tensors"] != theirs_tensors:
        for a, b in zip(ours["tensors"], theirs_tensors):
            if a != b:
                problems.append(f"tensor: medsweep {a}, gguf-py {b}")
        if len(ours["tensors"]) != len(theirs_tensors):
            problems.append(f"tensor count: medsweep {len(ours['tensors'])}, gguf-py {len(theirs_tensors)}")

    tensors = {t.name: t for t in reader.tensors}
    decoded = quantized = 0
    for name, t in tensors.items():
        if not name.startswith("tensor."):
            continue
        type_name = name[len("tensor."):]
        qtype = Q[type_name]
        raw = np.asarray(t.data).view(np.uint8).reshape(-1)
        ours_decoded = np.asarray(tensors["decoded." + type_name].data, dtype=np.float32).reshape(-1)
        source = np.asarray(tensors["source." + type_name].data, dtype=np.float32).reshape(-1)
        if qtype != Q.Q8_K:  # gguf-py has no Q8_K decoder
            theirs_decoded = gguf.quants.dequantize(raw, qtype).astype(np.float32).reshape(-1)
            if not np.array_equal(theirs_decoded.view(np.uint32), ours_decoded.view(np.uint32)):
                problems.append(f"{type_name}: gguf-py decodes medsweep's bytes differently")
            decoded += 1
        if qtype in (Q.F32, Q.F16, Q.BF16, Q.Q8_0, Q.Q4_0):  # llama.cpp's reference quantizers
            theirs_raw = gguf.quants.quantize(source.reshape(4, -1), qtype).view(np.uint8).reshape(-1)
            if not np.array_equal(theirs_raw, raw):
                problems.append(f"{type_name}: gguf-py encodes the source to other bytes")
            quantized += 1

    print(f"gguf-py on {path}: {len(theirs)} metadata entries, {len(theirs_tensors)} tensors compared"
          + (f", {decoded} decodings and {quantized} encodings compared" if decoded else ""))
    for problem in problems:
        print("  " + problem)
    sys.exit(1 if problems else 0)
    """#
}
