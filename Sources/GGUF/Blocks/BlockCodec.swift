/// Encoding and decoding of one ggml block format.
///
/// A block is `type.elementsPerBlock` values stored in `type.bytesPerBlock` bytes; the
/// unquantized types are blocks of one. Each conforming type lives in its own file beside
/// its byte layout.
public protocol GGMLBlockCodec {
    static var type: GGMLType { get }
    /// Decodes the block at `block` into `type.elementsPerBlock` floats at `values`.
    static func dequantize(block: UnsafeRawPointer, into values: UnsafeMutablePointer<Float>)
    /// Encodes `type.elementsPerBlock` floats at `values` into the block at `block`.
    static func quantize(values: UnsafePointer<Float>, into block: UnsafeMutableRawPointer)
}

/// Why values could not be converted to or from a tensor type.
public enum TensorCodecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// medsweep reads the type's layout but has no codec for it.
    case unsupported(GGMLType)
    case countNotWholeBlocks(GGMLType, count: Int)
    case byteCountMismatch(GGMLType, expected: Int, actual: Int)

    public var description: String {
        switch self {
        case .unsupported(let type):
            "tensor type \(type.name) cannot be decoded or encoded (supported: \(GGMLType.codecTypes.map(\.name).joined(separator: ", ")))"
        case .countNotWholeBlocks(let type, let count):
            "\(count) values are not a whole number of \(type.name) blocks of \(type.elementsPerBlock)"
        case .byteCountMismatch(let type, let expected, let actual):
            "\(type.name) data of \(actual) bytes given where \(expected) are needed"
        }
    }
}

extension GGMLType {
    /// The codec for this type, when medsweep has one.
    public var codec: (any GGMLBlockCodec.Type)? {
        switch self {
        case .f32: BlockF32.self
        case .f16: BlockF16.self
        case .bf16: BlockBF16.self
        case .q8_0: BlockQ8_0.self
        case .q8_1: BlockQ8_1.self
        case .q4_0: BlockQ4_0.self
        case .q4_1: BlockQ4_1.self
        case .q5_0: BlockQ5_0.self
        case .q5_1: BlockQ5_1.self
        case .q2_K: BlockQ2_K.self
        case .q3_K: BlockQ3_K.self
        case .q4_K: BlockQ4_K.self
        case .q5_K: BlockQ5_K.self
        case .q6_K: BlockQ6_K.self
        case .q8_K: BlockQ8_K.self
        default: nil
        }
    }

    /// The types medsweep can decode and encode.
    public static var codecTypes: [GGMLType] { allCases.filter { $0.codec != nil } }

    /// Decodes `count` values stored in `bytes`.
    public func dequantize(_ bytes: UnsafeRawBufferPointer, count: Int) throws(TensorCodecError) -> [Float] {
        try [Float](unsafeUninitializedCapacity: count) { values, initialized throws(TensorCodecError) in
            try dequantize(bytes, into: values)
            initialized = count
        }
    }

    /// Decodes `bytes` into `values`, whose count must match.
    public func dequantize(
        _ bytes: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>
    ) throws(TensorCodecError) {
        let codec = try checkedCodec(values: values.count, bytes: bytes.count)
        decodeBlocks(codec, bytes, values)
    }

    /// Encodes `values` into a new byte array.
    public func quantize(_ values: UnsafeBufferPointer<Float>) throws(TensorCodecError) -> [UInt8] {
        guard let size = byteCount(elements: values.count) else {
            throw .countNotWholeBlocks(self, count: values.count)
        }
        return try [UInt8](unsafeUninitializedCapacity: size) { bytes, initialized throws(TensorCodecError) in
            try quantize(values, into: UnsafeMutableRawBufferPointer(bytes))
            initialized = size
        }
    }

    public func quantize(_ values: [Float]) throws(TensorCodecError) -> [UInt8] {
        try values.withUnsafeBufferPointer { (buffer) throws(TensorCodecError) -> [UInt8] in try quantize(buffer) }
    }

    /// Encodes `values` into `bytes`, whose count must match.
    public func quantize(
        _ values: UnsafeBufferPointer<Float>, into bytes: UnsafeMutableRawBufferPointer
    ) throws(TensorCodecError) {
        let codec = try checkedCodec(values: values.count, bytes: bytes.count)
        encodeBlocks(codec, values, bytes)
    }

    private func checkedCodec(values: Int, bytes: Int) throws(TensorCodecError) -> any GGMLBlockCodec.Type {
        guard let codec else { throw .unsupported(self) }
        guard let expected = byteCount(elements: values) else { throw .countNotWholeBlocks(self, count: values) }
        guard expected == bytes else { throw .byteCountMismatch(self, expected: expected, actual: bytes) }
        return codec
    }
}

// Generic over the codec so each loop is specialised for its block type.
private func decodeBlocks<Codec: GGMLBlockCodec>(
    _: Codec.Type, _ bytes: UnsafeRawBufferPointer, _ values: UnsafeMutableBufferPointer<Float>
) {
    let perBlock = Codec.type.elementsPerBlock, blockBytes = Codec.type.bytesPerBlock
    guard let source = bytes.baseAddress, let target = values.baseAddress else { return }
    for block in 0 ..< values.count / perBlock {
        Codec.dequantize(block: source + block * blockBytes, into: target + block * perBlock)
    }
}

private func encodeBlocks<Codec: GGMLBlockCodec>(
    _: Codec.Type, _ values: UnsafeBufferPointer<Float>, _ bytes: UnsafeMutableRawBufferPointer
) {
    let perBlock = Codec.type.elementsPerBlock, blockBytes = Codec.type.bytesPerBlock
    guard let source = values.baseAddress, let target = bytes.baseAddress else { return }
    for block in 0 ..< values.count / perBlock {
        Codec.quantize(values: source + block * perBlock, into: target + block * blockBytes)
    }
}
