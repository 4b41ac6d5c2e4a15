import Dispatch
import GGUF

/// Converts one checkpoint tensor into its GGUF bytes: each row decoded from the safetensors
/// type to Float (exact for F32, F16 and BF16), taken from its permuted position for the
/// query and key projections, and encoded in the output type with ggml's rounding (nearest
/// even; F16 to F16 and BF16 to BF16 are therefore bit for bit). llama.cpp's converter goes
/// through the same Float values, so its bytes and these are the same.
///
/// Rows are converted in parallel in chunks of ``rowsPerChunk``, each writing its own rows.
enum TensorConversion {
    static let rowsPerChunk = 64

    /// - Parameters:
    ///   - source: the tensor's bytes, `rows × columns` elements of `dataType`, row-major.
    ///   - permutation: where each output row comes from, nil for the identity.
    ///   - target: exactly `type`'s byte count for `rows × columns` elements.
    static func convert(
        _ source: UnsafeRawBufferPointer, dataType: SafetensorsDataType, rows: Int, columns: Int,
        permutation: QueryKeyPermutation?, to type: GGMLType, into target: UnsafeMutableRawBufferPointer
    ) throws(TensorCodecError) {
        guard let rowBytes = type.byteCount(elements: columns) else { throw .countNotWholeBlocks(type, count: columns) }
        guard target.count == rowBytes * rows, source.count == rows * columns * dataType.byteWidth else {
            throw .byteCountMismatch(type, expected: rowBytes * rows, actual: target.count)
        }
        guard rows > 0, columns > 0 else { return }
        let buffers = ConversionBuffers(source: source, target: target)
        let chunks = (rows + rowsPerChunk - 1) / rowsPerChunk
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var values = [Float](repeating: 0, count: columns)
            for row in chunk * rowsPerChunk ..< min(rows, (chunk + 1) * rowsPerChunk) {
                let from = permutation?.sourceRow(row) ?? row
                values.withUnsafeMutableBufferPointer { buffer in
                    dataType.decode(buffers.source.baseAddress! + from * columns * dataType.byteWidth, count: columns, into: buffer.baseAddress!)
                }
                let rowTarget = UnsafeMutableRawBufferPointer(rebasing: buffers.target[row * rowBytes ..< (row + 1) * rowBytes])
                // Cannot fail: the row length and byte count were checked above.
                values.withUnsafeBufferPointer { try! type.quantize($0, into: rowTarget) }
            }
        }
    }
}

/// The source and output buffers, shared by the chunks of one conversion.
///
/// `@unchecked Sendable`: the source is only read; each chunk writes only its own rows of the
/// target, disjoint byte ranges; both outlive `concurrentPerform`, which returns only when
/// every chunk is done.
private struct ConversionBuffers: @unchecked Sendable {
    let source: UnsafeRawBufferPointer
    let target: UnsafeMutableRawBufferPointer
}
