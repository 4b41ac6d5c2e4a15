/// The parsed header of a GGUF file: everything but the tensor data itself.
public struct GGUFLayout: Sendable, Equatable {
    public let version: UInt32
    public let metadata: GGUFMetadata
    public let tensors: [GGUFTensorInfo]
    /// `general.alignment`, or 32 when absent.
    public let alignment: Int
    /// Absolute offset of the data section: the end of the header, rounded up to `alignment`.
    public let dataOffset: Int
}

/// Parses a GGUF header (v2 or v3, little-endian) out of the file's bytes.
///
/// Layout (all little-endian): magic `GGUF`, u32 version, u64 tensor count, u64 metadata count;
/// the metadata entries (string key, u32 type, value); the tensor infos (string name, u32 number
/// of dimensions, u64 per dimension, u32 ggml type, u64 offset into the data section); padding
/// to the alignment; the data section. Nothing read from the file is trusted: every count is
/// checked against the bytes left before anything is sized by it.
enum GGUFParser {
    static let magic: [UInt8] = Array("GGUF".utf8)
    static let supportedVersions: ClosedRange<UInt32> = 2 ... 3
    /// Smallest tensor info: empty name (8), one dimension (4 + 8), type (4), offset (8).
    static let minimumTensorInfoSize = 32
    /// Smallest metadata entry: empty key (8), type (4), a one-byte value.
    static let minimumMetadataEntrySize = 13

    static func parse(_ bytes: UnsafeRawBufferPointer) throws(GGUFError) -> GGUFLayout {
        var reader = ByteReader(bytes)

        try reader.require(4, for: "the magic")
        let found = Array(bytes[0 ..< 4])
        if found != magic { throw reader.failure(.badMagic(found: found)) }
        _ = try reader.read(UInt32.self, "the magic")

        let versionOffset = reader.offset
        let version = try reader.read(UInt32.self, "the version")
        if !supportedVersions.contains(version) {
            let problem: GGUFError.Problem = supportedVersions.contains(version.byteSwapped)
                ? .bigEndian(version: version) : .unsupportedVersion(version)
            throw reader.failure(problem, at: versionOffset)
        }

        let tensorCount = try reader.readCount(elementSize: minimumTensorInfoSize, "the tensor count")
        let entryCount = try reader.readCount(elementSize: minimumMetadataEntrySize, "the metadata count")

        let (metadata, alignment) = try readMetadata(count: entryCount, from: &reader)
        let pending = try readTensorInfos(count: tensorCount, from: &reader)

        let dataOffset = roundUp(reader.offset, to: alignment)
        let tensors = try place(pending, dataOffset: dataOffset, alignment: alignment, fileSize: bytes.count)
        return GGUFLayout(
            version: version, metadata: metadata, tensors: tensors,
            alignment: alignment, dataOffset: dataOffset)
    }

    // MARK: metadata

    private static func readMetadata(
        count: Int, from reader: inout ByteReader
    ) throws(GGUFError) -> (GGUFMetadata, alignment: Int) {
        var metadata = GGUFMetadata()
        var alignment = GGUFLimits.defaultAlignment
        for index in 0 ..< count {
            let keyOffset = reader.offset
            let key = try reader.readString("the key of metadata entry \(index)")
            if metadata.contains(key) { throw reader.failure(.duplicateKey(key), at: keyOffset) }
            let typeOffset = reader.offset
            let typeID = try reader.read(UInt32.self, "the value type of '\(key)'")
            guard let type = GGUFValueType(rawValue: typeID) else {
                throw reader.failure(.unknownValueType(field: "'\(key)'", id: typeID), at: typeOffset)
            }
            let valueOffset = reader.offset
            let value = try readValue(of: type, field: "'\(key)'", depth: 0, from: &reader)
            if key == alignmentKey {
                alignment = try checkedAlignment(value, reader: reader, at: valueOffset)
            }
            metadata[key] = value
        }
        return (metadata, alignment)
    }

    private static func readValue(
        of type: GGUFValueType, field: @autoclosure () -> String, depth: Int,
        from reader: inout ByteReader
    ) throws(GGUFError) -> GGUFValue {
        switch type {
        case .uint8: return .uint8(try reader.read(UInt8.self, field()))
        case .int8: return .int8(try reader.read(Int8.self, field()))
        case .uint16: return .uint16(try reader.read(UInt16.self, field()))
        case .int16: return .int16(try reader.read(Int16.self, field()))
        case .uint32: return .uint32(try reader.read(UInt32.self, field()))
        case .int32: return .int32(try reader.read(Int32.self, field()))
        case .uint64: return .uint64(try reader.read(UInt64.self, field()))
        case .int64: return .int64(try reader.read(Int64.self, field()))
        case .float32: return .float32(Float(bitPattern: try reader.read(UInt32.self, field())))
        case .float64: return .float64(Double(bitPattern: try reader.read(UInt64.self, field())))
        case .bool:
            // Any nonzero byte is true, as llama.cpp reads it.
            return .bool(try reader.read(UInt8.self, field()) != 0)
        case .string:
            return .string(try reader.readString(field()))
        case .array:
            if depth >= GGUFLimits.maximumArrayNesting {
                throw reader.failure(.arraysNestedTooDeep(field: field(), depth: depth + 1))
            }
            let typeOffset = reader.offset
            let elementTypeID = try reader.read(UInt32.self, "the element type of \(field())")
            guard let elementType = GGUFValueType(rawValue: elementTypeID) else {
                throw reader.failure(
                    .unknownValueType(field: "elements of \(field())", id: elementTypeID), at: typeOffset)
            }
            let count = try reader.readCount(
                elementSize: elementType.minimumEncodedSize, "the element count of \(field())")
            var elements: [GGUFValue] = []
            elements.reserveCapacity(count)
            for index in 0 ..< count {
                elements.append(try readValue(
                    of: elementType, field: "element \(index) of \(field())", depth: depth + 1, from: &reader))
            }
            return .array(elementType, elements)
        }
    }

    static let alignmentKey = "general.alignment"

    private static func checkedAlignment(
        _ value: GGUFValue, reader: ByteReader, at offset: Int
    ) throws(GGUFError) -> Int {
        guard case .uint32(let alignment) = value else {
            throw reader.failure(.badAlignment("must be a u32, found a \(value.type)"), at: offset)
        }
        guard alignment > 0, alignment & (alignment - 1) == 0 else {
            throw reader.failure(.badAlignment("is \(alignment), not a power of two"), at: offset)
        }
        return Int(alignment)
    }

    // MARK: tensor infos

    /// A tensor info as read, before its data range is checked against the file.
    private struct PendingTensor {
        let name: String
        let type: GGMLType
        let ne: [Int]
        let relativeOffset: UInt64
        let byteCount: Int
        /// Where the info's offset field sits in the header, for error messages.
        let offsetFieldPosition: Int
    }

    private static func readTensorInfos(count: Int, from reader: inout ByteReader) throws(GGUFError) -> [PendingTensor] {
        var tensors: [PendingTensor] = []
        tensors.reserveCapacity(count)
        var seen = Set<String>()
        for index in 0 ..< count {
            let nameOffset = reader.offset
            let name = try reader.readString("the name of tensor \(index)")
            if name.utf8.count > GGUFLimits.maximumTensorNameBytes {
                throw reader.failure(.tensorNameTooLong(name: name, bytes: name.utf8.count), at: nameOffset)
            }
            if !seen.insert(name).inserted {
                throw reader.failure(.duplicateTensorName(name), at: nameOffset)
            }

            let dimsOffset = reader.offset
            let dimensionCount = try reader.read(UInt32.self, "the dimension count of '\(name)'")
            guard (1 ... UInt32(GGUFLimits.maximumDimensions)).contains(dimensionCount) else {
                throw reader.failure(.badDimensionCount(tensor: name, count: dimensionCount), at: dimsOffset)
            }
            let shapeOffset = reader.offset
            var raw: [UInt64] = []
            for axis in 0 ..< Int(dimensionCount) {
                raw.append(try reader.read(UInt64.self, "dimension \(axis) of '\(name)'"))
            }

            let typeOffset = reader.offset
            let typeID = try reader.read(UInt32.self, "the type of '\(name)'")
            guard let type = GGMLType(rawValue: typeID) else {
                throw reader.failure(.unknownTensorType(tensor: name, id: typeID), at: typeOffset)
            }
            guard type.isStoredInFiles else {
                throw reader.failure(.typeNotStoredInFiles(tensor: name, type: type), at: typeOffset)
            }
            let ne = try checkedShape(raw, of: name, type: type, at: shapeOffset, reader: reader)

            let offsetFieldPosition = reader.offset
            let relativeOffset = try reader.read(UInt64.self, "the data offset of '\(name)'")
            tensors.append(PendingTensor(
                name: name, type: type, ne: ne.shape, relativeOffset: relativeOffset,
                byteCount: ne.bytes, offsetFieldPosition: offsetFieldPosition))
        }
        return tensors
    }

    private static func checkedShape(
        _ raw: [UInt64], of name: String, type: GGMLType, at offset: Int, reader: ByteReader
    ) throws(GGUFError) -> (shape: [Int], bytes: Int) {
        func bad(_ reason: String) -> GGUFError {
            reader.failure(.badShape(tensor: name, ne: raw, reason: reason), at: offset)
        }
        // ggml stores extents as int64_t: anything above Int64.max is a negative extent.
        guard raw.allSatisfy({ $0 <= UInt64(Int64.max) }) else { throw bad("an extent is negative as int64") }
        let shape = raw.map { Int($0) }
        var elements = 1
        for extent in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: extent)
            if overflow { throw bad("the element count overflows 64 bits") }
            elements = product
        }
        if shape[0] % type.elementsPerBlock != 0 {
            throw bad("ne[0] = \(shape[0]) is not a multiple of \(type.name)'s block of \(type.elementsPerBlock)")
        }
        guard let bytes = type.byteCount(shape: shape) else { throw bad("the byte size overflows 64 bits") }
        return (shape, bytes)
    }

    /// Checks every tensor's data range against the alignment, the file and each other.
    private static func place(
        _ pending: [PendingTensor], dataOffset: Int, alignment: Int, fileSize: Int
    ) throws(GGUFError) -> [GGUFTensorInfo] {
        var placed: [GGUFTensorInfo] = []
        placed.reserveCapacity(pending.count)
        for tensor in pending {
            func fail(_ problem: GGUFError.Problem) -> GGUFError {
                GGUFError(offset: tensor.offsetFieldPosition, problem: problem)
            }
            if tensor.relativeOffset % UInt64(alignment) != 0 {
                throw fail(.misalignedTensor(tensor: tensor.name, offset: tensor.relativeOffset, alignment: alignment))
            }
            let (start, startOverflow) = UInt64(dataOffset).addingReportingOverflow(tensor.relativeOffset)
            let (end, endOverflow) = start.addingReportingOverflow(UInt64(tensor.byteCount))
            if startOverflow || endOverflow || end > UInt64(fileSize) {
                // Past 2^64 is reported as UInt64.max rather than a wrapped-around number.
                throw fail(.tensorOutOfBounds(
                    tensor: tensor.name, start: startOverflow ? .max : start,
                    end: startOverflow || endOverflow ? .max : end, fileSize: fileSize))
            }
            placed.append(GGUFTensorInfo(
                name: tensor.name, type: tensor.type, ne: tensor.ne, relativeOffset: Int(tensor.relativeOffset),
                offset: Int(start), byteCount: tensor.byteCount))
        }

        let byStart = placed.indices.sorted { placed[$0].offset < placed[$1].offset }
        for (before, after) in zip(byStart, byStart.dropFirst()) {
            let first = placed[before], second = placed[after]
            if first.byteCount > 0, second.byteCount > 0, first.offset + first.byteCount > second.offset {
                throw GGUFError(
                    offset: pending[after].offsetFieldPosition,
                    problem: .overlappingTensors(first.name, second.name))
            }
        }
        return placed
    }
}

func roundUp(_ value: Int, to alignment: Int) -> Int {
    (value + alignment - 1) / alignment * alignment
}
