import Foundation
import GGUF
import TestSupport
import Testing

/// Files written by ``GGUFWriter`` read back bit for bit: every metadata type, every tensor
/// type, both versions, several alignments.
@Suite(.offThePool) struct RoundTripTests {
    /// One value of every metadata type, arrays of each, nested and empty arrays.
    static let everyValueType: GGUFMetadata = {
        var metadata = GGUFMetadata()
        metadata["general.architecture"] = .string("llama")
        metadata["test.u8"] = .uint8(255)
        metadata["test.i8"] = .int8(-128)
        metadata["test.u16"] = .uint16(65535)
        metadata["test.i16"] = .int16(-32768)
        metadata["test.u32"] = .uint32(.max)
        metadata["test.i32"] = .int32(.min)
        metadata["test.u64"] = .uint64(.max)
        metadata["test.i64"] = .int64(.min)
        metadata["test.f32"] = .float32(1e-5)
        metadata["test.f64"] = .float64(-0.1)
        metadata["test.f32.nan"] = .float32(.nan)
        metadata["test.true"] = .bool(true)
        metadata["test.false"] = .bool(false)
        metadata["test.string"] = .string("Qu'est-ce que l'anémie? 贫血 فقر الدم \n\t\"quoted\"")
        metadata["test.empty"] = .string("")
        metadata["test.array.f32"] = .array(.float32, [.float32(0.5), .float32(-2)])
        metadata["test.array.i32"] = .array(.int32, [.int32(1), .int32(-1), .int32(6)])
        metadata["test.array.string"] = .array(.string, [.string("<unk>"), .string("▁the"), .string("")])
        metadata["test.array.bool"] = .array(.bool, [.bool(true), .bool(false)])
        metadata["test.array.u64"] = .array(.uint64, [.uint64(1 << 40)])
        metadata["test.array.empty"] = .array(.float64, [])
        metadata["test.array.nested"] = .array(.array, [
            .array(.uint8, [.uint8(1), .uint8(2)]),
            .array(.uint8, []),
        ])
        return metadata
    }()

    /// Random tensors of every type medsweep encodes, plus raw bytes of a type it only reads.
    static func writer(version: UInt32, alignment: UInt32?) throws -> (GGUFWriter, [String: [UInt8]]) {
        var metadata = everyValueType
        if let alignment { metadata["general.alignment"] = .uint32(alignment) }
        var writer = GGUFWriter(version: version, metadata: metadata)
        var random = SeededGenerator(seed: 7)
        var expected: [String: [UInt8]] = [:]
        for type in GGMLType.codecTypes where type.isStoredInFiles {
            let ne = [type.elementsPerBlock == 1 ? 48 : 2 * type.elementsPerBlock, 3]
            let bytes = try type.quantize(random.normals(ne[0] * ne[1]))
            let name = "tensor.\(type.name)"
            try writer.addTensor(name: name, type: type, ne: ne, bytes: bytes)
            expected[name] = bytes
        }
        let raw = random.bytes(GGMLType.tq2_0.bytesPerBlock * 2)
        try writer.addTensor(name: "tensor.raw.TQ2_0", type: .tq2_0, ne: [512, 1, 1, 1], bytes: raw)
        expected["tensor.raw.TQ2_0"] = raw
        try writer.addTensor(name: "tensor.empty", type: .f32, ne: [0], bytes: [])
        expected["tensor.empty"] = []
        return (writer, expected)
    }

    @Test(arguments: [(UInt32(3), UInt32?.none), (2, nil), (3, 64), (3, 1), (2, 4096)])
    func writtenFileReadsBackBitForBit(_ version: UInt32, _ alignment: UInt32?) throws {
        let (writer, expected) = try Self.writer(version: version, alignment: alignment)
        let path = temporaryPath("roundtrip.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writer.write(to: path)

        let file = try GGUFFile(path: path)
        #expect(file.version == version)
        #expect(file.alignment == Int(alignment ?? 32))
        // NaN != NaN, so compare the NaN entry by bit pattern and the rest by value.
        var metadata = writer.metadata
        guard case .float32(let nan) = file.metadata["test.f32.nan"] else {
            Issue.record("test.f32.nan lost")
            return
        }
        #expect(nan.bitPattern == Float.nan.bitPattern)
        metadata["test.f32.nan"] = .float32(nan)
        #expect(file.metadata.keys == metadata.keys)
        #expect(zip(file.metadata, metadata).allSatisfy { lhs, rhs in
            lhs.key == "test.f32.nan" || lhs == rhs
        })

        #expect(file.tensors.map(\.name) == writer.tensorNames)
        for tensor in file.tensors {
            #expect(file.rawBytes(of: tensor) == expected[tensor.name], "\(tensor.name)")
            #expect(tensor.offset % file.alignment == 0, "\(tensor.name)")
        }
        #expect(try writer.serialized() == Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test func tensorsArePackedInOrderAsLlamaCppRequires() throws {
        let (writer, _) = try Self.writer(version: 3, alignment: nil)
        let file = try GGUFFile(bytes: try writer.serialized())
        var next = 0
        for tensor in file.tensors {
            #expect(tensor.relativeOffset == next, "\(tensor.name)")
            next = (tensor.relativeOffset + tensor.byteCount + 31) / 32 * 32
        }
        #expect(file.fileSize == file.dataOffset + next)
    }

    @Test func writerRejectsWhatReadersWouldReject() throws {
        var writer = GGUFWriter()
        #expect(throws: GGUFWriteError.badShape(tensor: "q", type: .q4_0, ne: [33])) {
            try writer.addTensor(name: "q", type: .q4_0, ne: [33], bytes: [])
        }
        #expect(throws: GGUFWriteError.dataSizeMismatch(tensor: "f", expected: 8, actual: 4)) {
            try writer.addTensor(name: "f", type: .f32, ne: [2], bytes: [0, 0, 0, 0])
        }
        let longName = String(repeating: "x", count: 64)
        #expect(throws: GGUFWriteError.tensorNameTooLong(longName)) {
            try writer.addTensor(name: longName, type: .f32, ne: [1], bytes: [0, 0, 0, 0])
        }
        try writer.addTensor(name: "f", type: .f32, ne: [1], bytes: [0, 0, 0, 0])
        #expect(throws: GGUFWriteError.duplicateTensorName("f")) {
            try writer.addTensor(name: "f", type: .f32, ne: [1], bytes: [0, 0, 0, 0])
        }
        #expect(throws: GGUFWriteError.badShape(tensor: "g", type: .f32, ne: [1, 1, 1, 1, 1])) {
            try writer.addTensor(name: "g", type: .f32, ne: [1, 1, 1, 1, 1], bytes: [0, 0, 0, 0])
        }
        #expect(throws: GGUFWriteError.typeNotStoredInFiles(tensor: "a", type: .q8_1)) {
            try writer.addTensor(name: "a", type: .q8_1, ne: [32], bytes: try GGMLType.q8_1.quantize([Float](repeating: 1, count: 32)))
        }

        writer.metadata["general.alignment"] = .uint32(48)
        #expect(throws: GGUFWriteError.badAlignment(.uint32(48))) { try writer.serialized() }
        writer.metadata["general.alignment"] = nil
        writer.metadata["mixed"] = .array(.uint8, [.uint8(1), .int8(1)])
        #expect(throws: GGUFWriteError.mixedArray(key: "mixed")) { try writer.serialized() }
        writer.metadata["mixed"] = nil
        writer.version = 1
        #expect(throws: GGUFWriteError.unsupportedVersion(1)) { try writer.serialized() }
    }

    @Test func failedWriteLeavesNoFileBehind() throws {
        struct Refused: Error {}
        var writer = GGUFWriter()
        try writer.addTensor(name: "f", type: .f32, ne: [4]) { _ in throw Refused() }
        let path = temporaryPath("failed.gguf")
        #expect(throws: GGUFWriteError.self) { try writer.write(to: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
        #expect(throws: GGUFWriteError.self) { try writer.write(to: "/nonexistent-dir/x.gguf") }
    }
}

func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory
        .appendingPathComponent("medsweep-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)-\(name)").path
}
