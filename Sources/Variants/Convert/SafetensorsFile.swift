import Foundation

/// One safetensors file, read in place from a memory mapping.
///
/// Layout: an 8-byte little-endian header length N, N bytes of JSON mapping each tensor name
/// to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the end of the
/// header) plus an optional `"__metadata__"` object of strings, which is ignored; then the data.
/// Everything is checked as the format requires: the header fits the file and is at most
/// 100 MB, each tensor's byte count is its shape times its element width, and the tensors
/// cover the data exactly, without overlaps or holes.
///
/// ```swift
/// let shard = try SafetensorsFile(path: "model/model.safetensors")
/// shard.tensors["model.norm.weight"]?.shape   // [4096]
/// ```
public final class SafetensorsFile: Sendable {
    /// One tensor's entry in the header.
    public struct Tensor: Sendable, Equatable {
        public let name: String
        public let dataType: SafetensorsDataType
        /// Row-major shape, outermost first (PyTorch's order).
        public let shape: [Int]
        /// Where the tensor's bytes are, as offsets into the whole file.
        public let byteRange: Range<Int>

        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// The largest header the format allows (the reference reader's limit).
    public static let maximumHeaderBytes = 100_000_000

    public let path: String
    /// The tensors by name.
    public let tensors: [String: Tensor]
    let file: MappedFile

    public init(path: String) throws(ConvertError) {
        self.path = path
        file = try MappedFile(path: path)
        let bytes = file.bytes
        guard bytes.count >= 8 else {
            throw .badSafetensors(path: path, reason: "the file is \(bytes.count) bytes, shorter than the 8-byte header length")
        }
        let headerLength = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(Self.maximumHeaderBytes) else {
            throw .badSafetensors(path: path, reason: "header length \(headerLength) is over the \(Self.maximumHeaderBytes)-byte limit")
        }
        guard 8 + Int(headerLength) <= bytes.count else {
            throw .badSafetensors(path: path, reason: "header length \(headerLength) runs past the end of the \(bytes.count)-byte file")
        }
        let dataStart = 8 + Int(headerLength)
        let header = Data(bytes[8 ..< dataStart])
        guard case .object(let entries) = try CheckpointJSON.parse(header, path: path) else {
            throw .badSafetensors(path: path, reason: "the header is not a JSON object")
        }
        var tensors: [String: Tensor] = [:]
        for (name, entry) in entries where name != "__metadata__" {
            tensors[name] = try Self.tensor(name, entry, path: path, dataStart: dataStart, dataSize: bytes.count - dataStart)
        }
        try Self.checkCoverage(tensors.values, path: path, dataStart: dataStart, dataSize: bytes.count - dataStart)
        self.tensors = tensors
    }

    /// Tensor names in the order llama.cpp's converter visits them: sorted by name, as the
    /// safetensors library lists them.
    public var orderedNames: [String] {
        tensors.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The tensor's bytes, in place.
    public func bytes(of tensor: Tensor) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[tensor.byteRange])
    }

    /// Lets the kernel drop the tensor's pages once it has been converted.
    func release(_ tensor: Tensor) {
        file.release(tensor.byteRange)
    }

    private static func tensor(
        _ name: String, _ entry: CheckpointJSON, path: String, dataStart: Int, dataSize: Int
    ) throws(ConvertError) -> Tensor {
        guard let fields = entry.object else { throw .badTensor(path: path, tensor: name, reason: "header entry \(entry) is not an object") }
        guard let dtypeName = fields["dtype"]?.string else {
            throw .badTensor(path: path, tensor: name, reason: "'dtype' is \(fields["dtype"].map(\.description) ?? "missing"), not a string")
        }
        guard let dataType = SafetensorsDataType(rawValue: dtypeName) else {
            throw .badTensor(path: path, tensor: name, reason: "dtype \(dtypeName) is not supported (only "
                + SafetensorsDataType.allCases.map(\.rawValue).joined(separator: ", ") + "; quantized checkpoints are not converted)")
        }
        guard let shapeValues = fields["shape"]?.array else {
            throw .badTensor(path: path, tensor: name, reason: "'shape' is \(fields["shape"].map(\.description) ?? "missing"), not an array")
        }
        var shape: [Int] = []
        for value in shapeValues {
            guard let extent = value.integer, extent >= 0, extent < 1 << 40 else {
                throw .badTensor(path: path, tensor: name, reason: "shape \(CheckpointJSON.array(shapeValues)) has an extent that is not a non-negative integer")
            }
            shape.append(extent)
        }
        guard let offsets = fields["data_offsets"]?.array, offsets.count == 2,
              let begin = offsets[0].integer, let end = offsets[1].integer
        else {
            throw .badTensor(path: path, tensor: name, reason: "'data_offsets' is \(fields["data_offsets"].map(\.description) ?? "missing"), not [begin, end]")
        }
        guard 0 <= begin, begin <= end, end <= dataSize else {
            throw .badTensor(path: path, tensor: name, reason: "data_offsets [\(begin), \(end)] are outside the \(dataSize) bytes of data")
        }
        let (elements, overflow) = shape.reduce((1, false)) { partial, extent in
            let product = partial.0.multipliedReportingOverflow(by: extent)
            return (product.partialValue, partial.1 || product.overflow)
        }
        let expected = elements * dataType.byteWidth
        guard !overflow, end - begin == expected else {
            throw .badTensor(path: path, tensor: name, reason: "data_offsets [\(begin), \(end)] hold \(end - begin) bytes; "
                + "shape \(shape) of \(dtypeName) needs \(overflow ? "more than can be addressed" : "\(expected)")")
        }
        return Tensor(name: name, dataType: dataType, shape: shape, byteRange: dataStart + begin ..< dataStart + end)
    }

    /// The tensors must tile the data: sorted by offset, each starts where the previous ends,
    /// and the last ends at the end of the file. A hole or an overlap is a corrupt file.
    private static func checkCoverage(
        _ tensors: some Collection<Tensor>, path: String, dataStart: Int, dataSize: Int
    ) throws(ConvertError) {
        var position = dataStart
        for tensor in tensors.sorted(by: { ($0.byteRange.lowerBound, $0.byteRange.upperBound) < ($1.byteRange.lowerBound, $1.byteRange.upperBound) }) {
            guard tensor.byteRange.lowerBound == position else {
                let what = tensor.byteRange.lowerBound < position ? "overlaps the tensor before it" : "leaves a gap before it"
                throw .badTensor(path: path, tensor: tensor.name,
                                 reason: "its data at offset \(tensor.byteRange.lowerBound - dataStart) \(what) (expected \(position - dataStart))")
            }
            position = tensor.byteRange.upperBound
        }
        guard position == dataStart + dataSize else {
            throw .badSafetensors(path: path, reason: "the tensors cover \(position - dataStart) of the \(dataSize) data bytes")
        }
    }
}
