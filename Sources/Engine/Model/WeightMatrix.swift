import GGUF

/// A weight matrix used in place in the model file's memory mapping: `rows` rows of
/// `columns` values (ggml's `ne = [columns, rows]`), each row `rowBytes` of its type's blocks.
///
/// `@unchecked Sendable`: `base` points into a read-only mapping that the owning
/// ``MistralModel`` keeps alive; nothing writes through it.
public struct WeightMatrix: @unchecked Sendable {
    public let name: String
    public let type: GGMLType
    /// Values per row: the input width of `y = W x`.
    public let columns: Int
    /// Rows: the output width.
    public let rows: Int
    public let rowBytes: Int
    let base: UnsafeRawPointer
    let activationFormat: ActivationFormat

    init(tensor: GGUFTensorInfo, in file: GGUFFile) throws(ModelError) {
        guard tensor.ne.count == 2, let format = ActivationFormat(weights: tensor.type) else {
            throw .tensorType(name: tensor.name, type: tensor.type)
        }
        self.init(tensor, in: file, format: format)
    }

    /// The token embedding: only decoded row by row, so any type with a codec will do.
    init(embedding tensor: GGUFTensorInfo, in file: GGUFFile) throws(ModelError) {
        guard tensor.ne.count == 2, tensor.type.codec != nil else { throw .tensorType(name: tensor.name, type: tensor.type) }
        self.init(tensor, in: file, format: ActivationFormat(weights: tensor.type) ?? .f32)
    }

    private init(_ tensor: GGUFTensorInfo, in file: GGUFFile, format: ActivationFormat) {
        name = tensor.name
        type = tensor.type
        columns = tensor.ne[0]
        rows = tensor.ne[1]
        rowBytes = tensor.type.byteCount(elements: columns)!
        // An empty tensor has no bytes in the file; any non-null address will do.
        base = file.rawBytesInPlace(of: tensor).baseAddress ?? UnsafeRawPointer(bitPattern: 64)!
        activationFormat = format
    }

    /// A matrix over encoded rows at `base`, which the caller keeps alive.
    init?(name: String, type: GGMLType, columns: Int, rows: Int, base: UnsafeRawPointer) {
        guard let format = ActivationFormat(weights: type), let rowBytes = type.byteCount(elements: columns) else {
            return nil
        }
        self.name = name
        self.type = type
        self.columns = columns
        self.rows = rows
        self.rowBytes = rowBytes
        self.base = base
        activationFormat = format
    }

    /// Row `index`'s encoded bytes.
    @inline(__always)
    func row(_ index: Int) -> UnsafeRawPointer {
        base + index * rowBytes
    }

    /// Every row's encoded bytes, as the file holds them (what a GPU uploads).
    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: rows * rowBytes)
    }

    /// Row `index` decoded to floats (embedding lookup).
    public func decodeRow(_ index: Int, into values: UnsafeMutablePointer<Float>) {
        let bytes = UnsafeRawBufferPointer(start: row(index), count: rowBytes)
        // Cannot fail: the type has a codec and the row is a whole number of blocks.
        try! type.dequantize(bytes, into: UnsafeMutableBufferPointer(start: values, count: columns))
    }
}
