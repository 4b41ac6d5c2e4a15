import Foundation
import GGUF
import TestSupport
import Testing

/// Truncated, corrupt and hostile files: each gives its typed error, at the right offset,
/// and never a crash or an allocation sized by an unchecked number.
@Suite(.offThePool) struct MalformedFileTests {
    func problem(_ raw: RawGGUF) -> GGUFError.Problem? {
        problem(raw.bytes)
    }

    func problem(_ bytes: [UInt8]) -> GGUFError.Problem? {
        do {
            _ = try GGUFFile(bytes: bytes)
            return nil
        } catch {
            return error.problem
        }
    }

    /// A small valid file: a few metadata entries and tensors of several types.
    static func validFile() throws -> [UInt8] {
        var writer = GGUFWriter(metadata: RoundTripTests.everyValueType)
        var random = SeededGenerator(seed: 11)
        for type in [GGMLType.f32, .q4_0, .q6_K] {
            let values = random.normals(type.elementsPerBlock == 1 ? 16 : type.elementsPerBlock)
            try writer.addTensor(name: "t.\(type.name)", type: type, ne: [values.count], bytes: try type.quantize(values))
        }
        return try writer.serialized()
    }

    /// Every prefix of a valid file, cut anywhere before the end of the last tensor's data,
    /// is refused: inside the header as truncated (or as a count the remaining bytes cannot
    /// hold), inside the data as a tensor running past the end.
    @Test func truncationAtEveryLengthIsReported() throws {
        let file = try Self.validFile()
        let layout = try GGUFFile(bytes: file).layout
        let headerEnd = layout.dataOffset
        let dataEnd = layout.tensors.map { $0.offset + $0.byteCount }.max()!
        for length in 0 ..< dataEnd {
            let error = #expect(throws: GGUFError.self, "length \(length)") { try GGUFFile(bytes: file[0 ..< length]) }
            guard let error else { continue }
            #expect(error.offset <= max(length, headerEnd), "length \(length): \(error)")
            switch error.problem {
            case .truncated, .countTooLarge: #expect(length < headerEnd, "length \(length): \(error)")
            case .tensorOutOfBounds: #expect(length >= headerEnd - 31, "length \(length): \(error)")
            default: Issue.record("length \(length): unexpected \(error)")
            }
        }
        // The zero padding after the last tensor is not needed to read it.
        for length in dataEnd ... file.count {
            #expect(problem(Array(file[0 ..< length])) == nil, "length \(length)")
        }
    }

    @Test func wrongMagicAndVersions() {
        var raw = RawGGUF.header(tensors: 0, entries: 0)
        raw.bytes[3] = UInt8(ascii: "G")
        #expect(problem(raw) == .badMagic(found: Array("GGUG".utf8)))
        #expect(problem(RawGGUF.header(version: 1, tensors: 0, entries: 0)) == .unsupportedVersion(1))
        #expect(problem(RawGGUF.header(version: 4, tensors: 0, entries: 0)) == .unsupportedVersion(4))
        #expect(problem(RawGGUF.header(version: 3 << 24, tensors: 0, entries: 0)) == .bigEndian(version: 3 << 24))
        #expect(problem(RawGGUF.header(version: 2, tensors: 0, entries: 0)) == nil)
        #expect(problem([]) == .truncated(field: "the magic", needed: 4, available: 0))
    }

    @Test func hugeCountsAreRefusedBeforeAnyAllocation() {
        let huge: UInt64 = 1 << 63
        #expect(problem(RawGGUF.header(tensors: huge, entries: 0)) == .countTooLarge(field: "the tensor count", count: huge, atMost: 0))
        #expect(problem(RawGGUF.header(tensors: 0, entries: huge)) == .countTooLarge(field: "the metadata count", count: huge, atMost: 0))

        var array = RawGGUF.header(tensors: 0, entries: 1)
        array.string("a")
        array.u32(9)  // array
        array.u32(0)  // of u8
        array.u64(huge)
        array.bytes += [1, 2, 3]
        #expect(problem(array) == .countTooLarge(field: "the element count of 'a'", count: huge, atMost: 3))

        var string = RawGGUF.header(tensors: 0, entries: 1)
        string.string("a")
        string.u32(8)
        string.u64(huge)
        #expect(problem(string) == .truncated(field: "'a'", needed: huge, available: 0))

        var key = RawGGUF.header(tensors: 0, entries: 1)
        key.u64(huge)
        key.bytes += [0, 0, 0, 0, 0]
        #expect(problem(key) == .truncated(field: "the key of metadata entry 0", needed: huge, available: 5))
    }

    @Test func stringLengthPastEndOfFile() {
        var raw = RawGGUF.header(tensors: 0, entries: 1)
        raw.string("general.name")
        raw.u32(8)
        raw.u64(100)
        raw.bytes += Array("tiny".utf8)
        let error = #expect(throws: GGUFError.self) { try GGUFFile(bytes: raw.bytes) }
        #expect(error?.problem == .truncated(field: "'general.name'", needed: 100, available: 4))
        #expect(error?.offset == 24 + 8 + 12 + 4 + 8)
    }

    @Test func unknownTypeIDs() {
        var value = RawGGUF.header(tensors: 0, entries: 1)
        value.string("a")
        value.u32(13)
        #expect(problem(value) == .unknownValueType(field: "'a'", id: 13))

        var element = RawGGUF.header(tensors: 0, entries: 1)
        element.string("a")
        element.u32(9)
        element.u32(77)
        #expect(problem(element) == .unknownValueType(field: "elements of 'a'", id: 77))

        for id: UInt32 in [4, 31, 99, .max] {
            var tensor = RawGGUF.header(tensors: 1, entries: 0)
            tensor.tensor("w", ne: [32], type: id)
            tensor.data(64)
            #expect(problem(tensor) == .unknownTensorType(tensor: "w", id: id))
        }
        // Q8_1 (9) is known, with a codec, but only as ggml's activation type: not in a file.
        var activations = RawGGUF.header(tensors: 1, entries: 0)
        activations.tensor("w", ne: [32], type: GGMLType.q8_1.rawValue)
        activations.data(64)
        #expect(problem(activations) == .typeNotStoredInFiles(tensor: "w", type: .q8_1))
    }

    @Test func impossibleShapes() {
        func shapeProblem(_ ne: [UInt64], type: UInt32 = 0) -> GGUFError.Problem? {
            var raw = RawGGUF.header(tensors: 1, entries: 0)
            raw.tensor("w", ne: ne, type: type)
            raw.data(64)
            return problem(raw)
        }
        #expect(shapeProblem([]) == .badDimensionCount(tensor: "w", count: 0))
        #expect(shapeProblem([1, 1, 1, 1, 1]) == .badDimensionCount(tensor: "w", count: 5))
        #expect(shapeProblem([1 << 62, 1 << 62]) == .badShape(
            tensor: "w", ne: [1 << 62, 1 << 62], reason: "the element count overflows 64 bits"))
        #expect(shapeProblem([1 << 61]) == .badShape(
            tensor: "w", ne: [1 << 61], reason: "the byte size overflows 64 bits"))
        #expect(shapeProblem([UInt64.max]) == .badShape(
            tensor: "w", ne: [.max], reason: "an extent is negative as int64"))
        #expect(shapeProblem([33], type: GGMLType.q4_0.rawValue) == .badShape(
            tensor: "w", ne: [33], reason: "ne[0] = 33 is not a multiple of Q4_0's block of 32"))
    }

    @Test func misplacedTensorData() {
        func placement(_ offsets: [UInt64], sizes: [UInt64] = [8, 8], data: Int = 64) -> GGUFError.Problem? {
            var raw = RawGGUF.header(tensors: UInt64(offsets.count), entries: 0)
            for (index, offset) in offsets.enumerated() {
                raw.tensor("t\(index)", ne: [sizes[index]], offset: offset)
            }
            raw.data(data)
            return problem(raw)
        }
        #expect(placement([0, 32]) == nil)
        #expect(placement([0, 40]) == .misalignedTensor(tensor: "t1", offset: 40, alignment: 32))
        #expect(placement([0, 0]) == .overlappingTensors("t0", "t1"))
        #expect(placement([32, 0], sizes: [8, 16]) == .overlappingTensors("t1", "t0"))
        // The header is 24 + 2 x 34 bytes, so data starts at 96 and the file is 160 bytes.
        let pastTheEnd: GGUFError.Problem = .tensorOutOfBounds(tensor: "t1", start: 160, end: 192, fileSize: 160)
        #expect(placement([0, 64]) == pastTheEnd)
        let pastTwoToThe64: GGUFError.Problem = .tensorOutOfBounds(tensor: "t1", start: .max, end: .max, fileSize: 160)
        #expect(placement([0, UInt64.max - 31]) == pastTwoToThe64)
    }

    @Test func duplicatesAndLimits() {
        var keys = RawGGUF.header(tensors: 0, entries: 2)
        keys.entry("a", u32: 1)
        keys.entry("a", u32: 2)
        #expect(problem(keys) == .duplicateKey("a"))

        var names = RawGGUF.header(tensors: 2, entries: 0)
        names.tensor("w", ne: [8])
        names.tensor("w", ne: [8], offset: 32)
        names.data(64)
        #expect(problem(names) == .duplicateTensorName("w"))

        let longName = String(repeating: "n", count: 64)
        var long = RawGGUF.header(tensors: 1, entries: 0)
        long.tensor(longName, ne: [8])
        long.data(32)
        #expect(problem(long) == .tensorNameTooLong(name: longName, bytes: 64))

        var nested = RawGGUF.header(tensors: 0, entries: 1)
        nested.string("deep")
        nested.u32(9)
        for _ in 0 ..< 9 {
            nested.u32(9)  // an array of arrays …
            nested.u64(1)
        }
        nested.bytes += [UInt8](repeating: 0, count: 64)
        #expect(problem(nested) == .arraysNestedTooDeep(field: "element 0 of " + String(repeating: "element 0 of ", count: 7) + "'deep'", depth: 9))

        var utf8 = RawGGUF.header(tensors: 0, entries: 1)
        utf8.u64(2)
        utf8.bytes += [0xC3, 0x28]
        utf8.u32(7)
        utf8.bytes += [1]
        #expect(problem(utf8) == .invalidUTF8(field: "the key of metadata entry 0"))
    }

    @Test func badAlignments() {
        func alignmentProblem(_ write: (inout RawGGUF) -> Void) -> GGUFError.Problem? {
            var raw = RawGGUF.header(tensors: 0, entries: 1)
            raw.string("general.alignment")
            write(&raw)
            return problem(raw)
        }
        #expect(alignmentProblem { $0.u32(4); $0.u32(0) } == .badAlignment("is 0, not a power of two"))
        #expect(alignmentProblem { $0.u32(4); $0.u32(48) } == .badAlignment("is 48, not a power of two"))
        #expect(alignmentProblem { $0.u32(10); $0.u64(32) } == .badAlignment("must be a u32, found a u64"))
        #expect(alignmentProblem { $0.u32(4); $0.u32(64) } == nil)
    }

    @Test func unreadablePaths() throws {
        #expect(throws: GGUFError.self) { try GGUFFile(path: "/nonexistent/model.gguf") }
        let directory = #expect(throws: GGUFError.self) { try GGUFFile(path: NSTemporaryDirectory()) }
        #expect(directory?.problem == .notARegularFile)

        let empty = temporaryPath("empty.gguf")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let error = #expect(throws: GGUFError.self) { try GGUFFile(path: empty) }
        #expect(error?.file == empty)
        #expect(error?.description.hasPrefix("\(empty): byte 0: file ends inside the magic") == true)
    }
}
