/// A batch of activation rows converted to one ``ActivationFormat``, in a buffer reused from
/// call to call (the forward pass converts every layer's inputs; allocating each time would
/// cost more than converting).
final class ActivationRows {
    private(set) var format: ActivationFormat = .f32
    private(set) var rowLength = 0
    private(set) var rowCount = 0
    private(set) var rowBytes = 0
    /// Changes on every conversion, so a kernel can tell whether its own layout of these rows
    /// (``MatrixKernel/Preparation``) is still current.
    private(set) var generation = 0
    private var storage = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 64)

    deinit { storage.deallocate() }

    /// Converts `rowCount` rows of `rowLength` floats, `stride` floats apart.
    func convert(
        _ values: UnsafePointer<Float>, rowCount: Int, rowLength: Int, stride: Int,
        to format: ActivationFormat, pool: ThreadPool, kernels: KernelSet
    ) {
        generation += 1
        self.format = format
        self.rowLength = rowLength
        self.rowCount = rowCount
        rowBytes = format.rowBytes(length: rowLength)
        if storage.count < rowBytes * rowCount {
            storage.deallocate()
            storage = .allocate(byteCount: rowBytes * rowCount, alignment: 64)
        }
        let base = storage.baseAddress!
        let rowBytes = rowBytes
        pool.parallelFor(rowCount) { row in
            switch format {
            case .q8_0: kernels.quantizeQ8_0(values + row * stride, rowLength, base + row * rowBytes)
            case .q8_1: kernels.quantizeQ8_1(values + row * stride, rowLength, base + row * rowBytes)
            default: format.convert(values + row * stride, length: rowLength, into: base + row * rowBytes)
            }
        }
    }

    /// Row `index`.
    func row(_ index: Int) -> UnsafeRawPointer {
        UnsafeRawPointer(storage.baseAddress! + index * rowBytes)
    }
}
