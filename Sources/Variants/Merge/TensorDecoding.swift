import GGUF

/// A tensor of a GGUF file decoded to Float, rows in parallel chunks.
enum TensorDecoding {
    /// Rows decoded together by one task.
    static let rowsPerChunk = 64

    static func values(of tensor: GGUFTensorInfo, in file: GGUFFile) throws(MergeError) -> [Float] {
        let path = file.path ?? "(memory)"
        guard tensor.type.codec != nil, let rowBytes = tensor.type.byteCount(elements: tensor.rowLength) else {
            throw .undecodableTensor(file: path, tensor: tensor.name,
                                     reason: TensorCodecError.unsupported(tensor.type).description)
        }
        let rowLength = tensor.rowLength, rowCount = tensor.rowCount
        return file.withRawBytes(of: tensor) { raw in
            let source = SharedBytes(raw)
            return [Float](unsafeUninitializedCapacity: tensor.elementCount) { values, initialized in
                let target = SharedFloats(values)
                let chunks = (rowCount + rowsPerChunk - 1) / rowsPerChunk
                _ = ElementChunks.parallelMap(chunks) { chunk in
                    let rows = chunk * rowsPerChunk ..< min(rowCount, (chunk + 1) * rowsPerChunk)
                    let bytes = UnsafeRawBufferPointer(rebasing: source.bytes[rows.lowerBound * rowBytes ..< rows.upperBound * rowBytes])
                    let out = UnsafeMutableBufferPointer(start: target.base + rows.lowerBound * rowLength, count: rows.count * rowLength)
                    // Cannot fail: the codec exists and the sizes come from the type's geometry.
                    try! tensor.type.dequantize(bytes, into: out)
                    return true
                }
                initialized = tensor.elementCount
            }
        }
    }

    /// Encodes `values` as `type` into `bytes` in parallel chunks (the float types have blocks
    /// of one, so any cut is a block boundary).
    static func encode(_ values: [Float], as type: GGMLType, into bytes: UnsafeMutableRawBufferPointer) throws(TensorCodecError) {
        guard type.elementsPerBlock == 1 else {
            return try values.withUnsafeBufferPointer { (buffer) throws(TensorCodecError) in try type.quantize(buffer, into: bytes) }
        }
        guard type.byteCount(elements: values.count) == bytes.count else {
            throw .byteCountMismatch(type, expected: type.byteCount(elements: values.count) ?? -1, actual: bytes.count)
        }
        let width = type.bytesPerBlock
        let target = SharedBytes(UnsafeRawBufferPointer(bytes))
        values.withUnsafeBufferPointer { buffer in
            let source = SharedFloats(UnsafeMutableBufferPointer(mutating: buffer))
            ElementChunks.forEach(elements: buffer.count) { _, range in
                let chunk = UnsafeBufferPointer(start: source.base + range.lowerBound, count: range.count)
                let out = UnsafeMutableRawBufferPointer(
                    rebasing: UnsafeMutableRawBufferPointer(mutating: target.bytes)[range.lowerBound * width ..< range.upperBound * width])
                try! type.quantize(chunk, into: out)
            }
        }
    }
}

/// Bytes read (or written at disjoint ranges) by parallel chunks; see ``SharedFloats``.
struct SharedBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
}
