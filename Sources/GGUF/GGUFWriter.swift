import Glibc

/// Writes GGUF files (v3 by default, or v2) that llama.cpp and gguf-py read.
///
/// Metadata keeps the order it was set in; tensors are laid out in the order they were added,
/// each at an offset that is a multiple of the alignment (`general.alignment` when set, 32
/// otherwise) and followed by zero padding, as llama.cpp writes them.
///
/// ```swift
/// var writer = GGUFWriter()
/// writer.metadata["general.architecture"] = .string("llama")
/// try writer.addTensor(name: "output_norm.weight", type: .f32, ne: [256], bytes: norm)
/// try writer.write(to: "model.gguf")
/// ```
public struct GGUFWriter {
    /// Fills a tensor's data at write time; the buffer has exactly the tensor's byte size.
    public typealias TensorFill = (UnsafeMutableRawBufferPointer) throws -> Void

    public var version: UInt32
    public var metadata: GGUFMetadata
    private var tensors: [PendingTensor] = []

    private struct PendingTensor {
        let name: String
        let type: GGMLType
        let ne: [Int]
        let byteCount: Int
        let fill: TensorFill
    }

    public init(version: UInt32 = 3, metadata: GGUFMetadata = GGUFMetadata()) {
        self.version = version
        self.metadata = metadata
    }

    /// Names of the tensors added so far, in order.
    public var tensorNames: [String] { tensors.map(\.name) }

    /// Adds a tensor whose encoded bytes are given.
    public mutating func addTensor(name: String, type: GGMLType, ne: [Int], bytes: [UInt8]) throws(GGUFWriteError) {
        let expected = try checkedByteCount(name: name, type: type, ne: ne)
        guard bytes.count == expected else {
            throw .dataSizeMismatch(tensor: name, expected: expected, actual: bytes.count)
        }
        tensors.append(PendingTensor(name: name, type: type, ne: ne, byteCount: expected) { buffer in
            buffer.copyBytes(from: bytes)
        })
    }

    /// Adds a tensor whose bytes `fill` produces at write time, so a large model is written
    /// one tensor at a time instead of held in memory whole.
    public mutating func addTensor(
        name: String, type: GGMLType, ne: [Int], fill: @escaping TensorFill
    ) throws(GGUFWriteError) {
        let byteCount = try checkedByteCount(name: name, type: type, ne: ne)
        tensors.append(PendingTensor(name: name, type: type, ne: ne, byteCount: byteCount, fill: fill))
    }

    private func checkedByteCount(name: String, type: GGMLType, ne: [Int]) throws(GGUFWriteError) -> Int {
        if name.utf8.count > GGUFLimits.maximumTensorNameBytes { throw .tensorNameTooLong(name) }
        if tensors.contains(where: { $0.name == name }) { throw .duplicateTensorName(name) }
        if !type.isStoredInFiles { throw .typeNotStoredInFiles(tensor: name, type: type) }
        guard (1 ... GGUFLimits.maximumDimensions).contains(ne.count), ne.allSatisfy({ $0 >= 0 }),
              let bytes = type.byteCount(shape: ne)
        else { throw .badShape(tensor: name, type: type, ne: ne) }
        return bytes
    }

    /// The alignment the file will use.
    public func alignment() throws(GGUFWriteError) -> Int {
        guard let value = metadata[GGUFParser.alignmentKey] else { return GGUFLimits.defaultAlignment }
        guard case .uint32(let alignment) = value, alignment > 0, alignment & (alignment - 1) == 0 else {
            throw .badAlignment(value)
        }
        return Int(alignment)
    }

    /// The header: magic, version, counts, metadata, tensor infos, padded to the alignment.
    func encodedHeader() throws(GGUFWriteError) -> [UInt8] {
        guard GGUFParser.supportedVersions.contains(version) else { throw .unsupportedVersion(version) }
        let alignment = try alignment()
        var out = ByteWriter()
        out.bytes.append(contentsOf: GGUFParser.magic)
        out.append(version)
        out.append(UInt64(tensors.count))
        out.append(UInt64(metadata.count))
        for entry in metadata.entries {
            guard entry.value.isWellTyped else { throw .mixedArray(key: entry.key) }
            out.append(entry.key)
            out.append(entry.value.type.rawValue)
            out.append(entry.value)
        }
        var offset = 0
        for tensor in tensors {
            out.append(tensor.name)
            out.append(UInt32(tensor.ne.count))
            for extent in tensor.ne { out.append(UInt64(extent)) }
            out.append(tensor.type.rawValue)
            out.append(UInt64(offset))
            offset = roundUp(offset + tensor.byteCount, to: alignment)
        }
        out.padZeros(to: alignment)
        return out.bytes
    }

    /// Writes the file to `path` atomically: to a temporary file beside it, then renamed.
    public func write(to path: String) throws(GGUFWriteError) {
        let temporary = path + ".partial"
        let output = try OutputFile(creating: temporary)
        do throws(GGUFWriteError) {
            try emit { (bytes) throws(GGUFWriteError) in try output.write(bytes) }
            try output.finish()
        } catch {
            unlink(temporary)
            throw error
        }
        if rename(temporary, path) != 0 {
            let reason = systemError()
            unlink(temporary)
            throw .io(path: path, reason: "rename: \(reason)")
        }
    }

    /// The whole file as bytes in memory.
    public func serialized() throws(GGUFWriteError) -> [UInt8] {
        var file: [UInt8] = []
        try emit { bytes in file.append(contentsOf: bytes) }
        return file
    }

    /// Produces the file in order: the header, then each tensor padded to the alignment.
    private func emit(_ sink: ([UInt8]) throws(GGUFWriteError) -> Void) throws(GGUFWriteError) {
        try sink(try encodedHeader())
        let alignment = try alignment()
        for tensor in tensors {
            var buffer = [UInt8](repeating: 0, count: roundUp(tensor.byteCount, to: alignment))
            do {
                try buffer.withUnsafeMutableBytes { raw in
                    try tensor.fill(UnsafeMutableRawBufferPointer(rebasing: raw[0 ..< tensor.byteCount]))
                }
            } catch {
                throw .fillFailed(tensor: tensor.name, reason: "\(error)")
            }
            try sink(buffer)
        }
    }
}

/// Why a GGUF file could not be written.
public enum GGUFWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    case unsupportedVersion(UInt32)
    case badAlignment(GGUFValue)
    case mixedArray(key: String)
    case tensorNameTooLong(String)
    case duplicateTensorName(String)
    case badShape(tensor: String, type: GGMLType, ne: [Int])
    /// See ``GGMLType/isStoredInFiles``.
    case typeNotStoredInFiles(tensor: String, type: GGMLType)
    case dataSizeMismatch(tensor: String, expected: Int, actual: Int)
    case fillFailed(tensor: String, reason: String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .unsupportedVersion(let version):
            "cannot write GGUF version \(version) (2 and 3 are supported)"
        case .badAlignment(let value):
            "general.alignment must be a u32 power of two, not \(value)"
        case .mixedArray(let key):
            "metadata '\(key)' is an array whose elements do not all have its element type"
        case .tensorNameTooLong(let name):
            "tensor name '\(name)' is longer than \(GGUFLimits.maximumTensorNameBytes) bytes"
        case .duplicateTensorName(let name):
            "tensor '\(name)' was added twice"
        case .badShape(let tensor, let type, let ne):
            "tensor '\(tensor)': shape \(ne) is not valid for \(type.name) (1...\(GGUFLimits.maximumDimensions) non-negative extents, ne[0] a multiple of \(type.elementsPerBlock))"
        case .typeNotStoredInFiles(let tensor, let type):
            "tensor '\(tensor)': \(type.name) is an activation-only type that GGUF files do not hold"
        case .dataSizeMismatch(let tensor, let expected, let actual):
            "tensor '\(tensor)': \(actual) bytes of data given, its type and shape need \(expected)"
        case .fillFailed(let tensor, let reason):
            "tensor '\(tensor)': producing its data failed: \(reason)"
        case .io(let path, let reason):
            "\(path): \(reason)"
        }
    }
}

/// Little-endian encoding of header fields.
private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ string: String) {
        append(UInt64(string.utf8.count))
        bytes.append(contentsOf: string.utf8)
    }

    mutating func append(_ value: GGUFValue) {
        switch value {
        case .uint8(let v): append(v)
        case .int8(let v): append(v)
        case .uint16(let v): append(v)
        case .int16(let v): append(v)
        case .uint32(let v): append(v)
        case .int32(let v): append(v)
        case .uint64(let v): append(v)
        case .int64(let v): append(v)
        case .float32(let v): append(v.bitPattern)
        case .float64(let v): append(v.bitPattern)
        case .bool(let v): append(UInt8(v ? 1 : 0))
        case .string(let v): append(v)
        case .array(let elementType, let elements):
            append(elementType.rawValue)
            append(UInt64(elements.count))
            for element in elements { append(element) }
        }
    }

    mutating func padZeros(to alignment: Int) {
        bytes.append(contentsOf: repeatElement(0, count: roundUp(bytes.count, to: alignment) - bytes.count))
    }
}

/// A file opened for writing with POSIX calls, so every failure carries errno's reason.
private final class OutputFile {
    private let path: String
    private var descriptor: Int32

    init(creating path: String) throws(GGUFWriteError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 { throw .io(path: path, reason: "open: \(systemError())") }
    }

    func write(_ bytes: [UInt8]) throws(GGUFWriteError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, reason: "write: \(systemError())")
            }
            written += result
        }
    }

    /// Flushes to disk and closes, so a rename after it publishes a complete file.
    func finish() throws(GGUFWriteError) {
        if fsync(descriptor) != 0 { throw .io(path: path, reason: "fsync: \(systemError())") }
        let result = close(descriptor)
        descriptor = -1
        if result != 0 { throw .io(path: path, reason: "close: \(systemError())") }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }
}
