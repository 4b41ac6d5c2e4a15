@testable import Engine
import GGUF
import Testing
import TestSupport

/// The dot-product kernels: each quantized type against a float64 reference on random data,
/// and every way of computing a matrix product (tile sizes, kernel families, thread counts)
/// against the single dot product, bit for bit.
@Suite(.offThePool) struct KernelTests {
    static let types: [GGMLType] = [.q4_0, .q8_0, .q4_K, .q5_K, .q6_K, .f16, .bf16, .f32]

    /// Random weights of `type`, `rows` x `columns`, encoded by the reference quantizers.
    static func weights(_ type: GGMLType, rows: Int, columns: Int, seed: UInt64) throws -> [UInt8] {
        var random = SeededGenerator(seed: seed)
        return try type.quantize(random.normals(rows * columns, scale: 0.5))
    }

    static func activations(rows: Int, columns: Int, seed: UInt64) -> [Float] {
        var random = SeededGenerator(seed: seed)
        return random.normals(rows * columns)
    }

    /// Σ over float64 of the decoded weight row times the decoded activation row.
    static func reference(
        _ type: GGMLType, weights: [UInt8], row: Int, activations: ActivationRows, column: Int, length: Int
    ) throws -> (value: Double, magnitude: Double) {
        let rowBytes = type.byteCount(elements: length)!
        let w = try weights.withUnsafeBytes {
            try type.dequantize(UnsafeRawBufferPointer(rebasing: $0[row * rowBytes ..< (row + 1) * rowBytes]), count: length)
        }
        let a = try activations.format.storageType.dequantize(
            UnsafeRawBufferPointer(start: activations.row(column), count: activations.rowBytes), count: length)
        var sum = 0.0, magnitude = 0.0
        for index in 0 ..< length {
            sum += Double(w[index]) * Double(a[index])
            magnitude += abs(Double(w[index]) * Double(a[index]))
        }
        return (sum, magnitude)
    }

    @Test(arguments: types)
    func dotProductsMatchAFloat64Reference(_ type: GGMLType) throws {
        let length = 1024, rows = 5, columns = 3
        let bytes = try Self.weights(type, rows: rows, columns: length, seed: 1)
        let input = Self.activations(rows: columns, columns: length, seed: 2)
        let pool = ThreadPool(threadCount: 1)
        try bytes.withUnsafeBytes { raw in
            let matrix = try #require(WeightMatrix(name: "w", type: type, columns: length, rows: rows, base: raw.baseAddress!))
            let activations = ActivationRows()
            input.withUnsafeBufferPointer {
                activations.convert($0.baseAddress!, rowCount: columns, rowLength: length, stride: length,
                                    to: matrix.activationFormat, pool: pool, kernels: KernelSet(family: .portable))
            }
            let kernel = try #require(TileKernel.portable(for: type))
            var output = [Float](repeating: 0, count: rows * columns)
            for column in 0 ..< columns {
                for row in 0 ..< rows {
                    try output.withUnsafeMutableBufferPointer { out in
                        kernel.run(matrix.row(row), matrix.rowBytes, 1, activations.row(column), activations.rowBytes, 1,
                                   length, out.baseAddress! + column * rows + row, rows)
                    }
                    let expected = try Self.reference(type, weights: bytes, row: row, activations: activations, column: column, length: length)
                    let error = abs(Double(output[column * rows + row]) - expected.value)
                    #expect(error <= 2e-6 * expected.magnitude, "\(type) row \(row) column \(column): \(output[column * rows + row]) vs \(expected.value)")
                }
            }
        }
    }

    /// Matrix products with uneven shapes (edge tiles, an odd block count, one to eleven
    /// activation rows) equal the portable single dot product, element by element, for both
    /// kernel families and 1 or 3 threads.
    @Test(arguments: types)
    func everyKernelFamilyAndTilingGivesTheSameBits(_ type: GGMLType) throws {
        let length = type.elementsPerBlock == 256 ? 768 : 32 * 23, rows = 37
        let bytes = try Self.weights(type, rows: rows, columns: length, seed: 3)
        let dot = try #require(TileKernel.portable(for: type))
        var families: [KernelSet.Family] = [.portable]
        if CPUFeatures.current.hasAVX512VNNI { families.append(.avx512) }
        for columns in [1, 3, 11] {
            let input = Self.activations(rows: columns, columns: length, seed: 4)
            try bytes.withUnsafeBytes { raw in
                let matrix = try #require(WeightMatrix(name: "w", type: type, columns: length, rows: rows, base: raw.baseAddress!))
                let activations = ActivationRows()
                input.withUnsafeBufferPointer {
                    activations.convert($0.baseAddress!, rowCount: columns, rowLength: length, stride: length,
                                        to: matrix.activationFormat, pool: ThreadPool(threadCount: 1),
                                        kernels: KernelSet(family: .portable))
                }
                var expected = [Float](repeating: 0, count: rows * columns)
                expected.withUnsafeMutableBufferPointer { out in
                    for column in 0 ..< columns {
                        for row in 0 ..< rows {
                            dot.run(matrix.row(row), matrix.rowBytes, 1, activations.row(column), activations.rowBytes, 1,
                                    length, out.baseAddress! + column * rows + row, rows)
                        }
                    }
                }
                for family in families {
                    for threads in [1, 3] {
                        var output = [Float](repeating: .nan, count: rows * columns)
                        output.withUnsafeMutableBufferPointer { out in
                            MatrixMultiply(kernels: KernelSet(family: family))(
                                matrix, activations, into: out.baseAddress!, outputStride: rows, pool: ThreadPool(threadCount: threads))
                        }
                        let differing = zip(output, expected).filter { $0.bitPattern != $1.bitPattern }.count
                        #expect(differing == 0, "\(type) \(family) \(columns) columns \(threads) threads: \(differing) of \(output.count) differ")
                    }
                }
            }
        }
    }

    /// Both families quantize activations to Q8_0 with the same bytes: llama.cpp's runtime
    /// rounding (half to even at 127 / max), a zero block, exact ties.
    @Test func activationQuantizationIsTheSameInBothFamilies() throws {
        try #require(CPUFeatures.current.hasAVX512VNNI, "needs AVX-512 to compare with")
        var random = SeededGenerator(seed: 8)
        var values = random.normals(32 * 64, scale: 3)
        for j in 0 ..< 32 { values[32 + j] = 0 }
        for j in 0 ..< 32 { values[64 + j] = Float(j % 5) - 2 + (j == 0 ? 127 * 0.5 : 0) }
        let rowBytes = ActivationFormat.q8_0.rowBytes(length: values.count)
        var portable = [UInt8](repeating: 0, count: rowBytes), fast = [UInt8](repeating: 1, count: rowBytes)
        values.withUnsafeBufferPointer { input in
            portable.withUnsafeMutableBytes { KernelSet(family: .portable).quantizeQ8_0(input.baseAddress!, values.count, $0.baseAddress!) }
            fast.withUnsafeMutableBytes { KernelSet(family: .avx512).quantizeQ8_0(input.baseAddress!, values.count, $0.baseAddress!) }
        }
        #expect(portable == fast)
    }
}
