@testable import Engine
import GGUF
import Testing
import TestSupport

/// The kernels of Q4_1, Q5_0, Q5_1, Q2_K and Q3_K weights, on random valid blocks (their
/// codecs live elsewhere): every way of computing a matrix product (kernel family, band edges,
/// 1 to 17 activation rows, 1 or 3 threads) equal bit for bit to the portable dot product, and
/// that dot product within float folding of a float64 reference decoded by
/// ``ReferenceBlockDecoding``; and the Q8_1 activation quantizer, the same bytes in both
/// families.
@Suite(.offThePool) struct LowBitKernelTests {
    static let types: [GGMLType] = [.q4_1, .q5_0, .q5_1, .q2_K, .q3_K]
    static let families: [KernelSet.Family] = CPUFeatures.current.hasAVX512VNNI ? [.portable, .avx512] : [.portable]

    /// Row lengths: one block, and several (odd, so the 32-value kernels' block pairs end short).
    static func lengths(_ type: GGMLType) -> [Int] {
        type.elementsPerBlock == 256 ? [256, 768] : [32, 32 * 7]
    }

    static func convert(_ values: [Float], columns: Int, length: Int, to format: ActivationFormat) -> ActivationRows {
        let activations = ActivationRows()
        values.withUnsafeBufferPointer {
            activations.convert($0.baseAddress!, rowCount: columns, rowLength: length, stride: length,
                                to: format, pool: ThreadPool(threadCount: 1), kernels: KernelSet(family: .portable))
        }
        return activations
    }

    static func bytes(of activations: ActivationRows, column: Int) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: activations.row(column), count: activations.rowBytes))
    }

    /// Σ w·a over float64 from the decoded weights and activations, and Σ |w·a|. Q8_1's
    /// minimum term uses its stored sum `s`, as the format defines it.
    static func reference(_ type: GGMLType, weights: [UInt8], activations: [UInt8], format: ActivationFormat) -> (value: Double, magnitude: Double) {
        let w = ReferenceBlockDecoding.decode(type, weights)
        var value = 0.0, magnitude = 0.0
        switch format {
        case .q8_1:
            let (a, sums) = ReferenceBlockDecoding.q8_1(activations)
            for i in a.indices {
                value += w.scaled[i] * a[i]
                magnitude += abs(w.scaled[i] * a[i])
            }
            for block in sums.indices {
                value += w.offsets[32 * block] * sums[block]
                magnitude += abs(w.offsets[32 * block] * sums[block])
            }
        default:
            let a = format == .q8_0 ? ReferenceBlockDecoding.q8_0(activations) : ReferenceBlockDecoding.q8_K(activations)
            for i in a.indices {
                value += (w.scaled[i] + w.offsets[i]) * a[i]
                magnitude += abs(w.scaled[i] * a[i]) + abs(w.offsets[i] * a[i])
            }
        }
        return (value, magnitude)
    }

    /// Every element's error against the float64 reference is within the float roundings of
    /// the canonical fold, each off by at most half an ulp of Σ|w·a|: at most two fused
    /// multiply-adds per block, the scale products (together at most one), a final subtraction.
    @Test(arguments: types)
    func dotProductsMatchAFloat64ReferenceWithinFloatFolding(_ type: GGMLType) throws {
        var random = SeededGenerator(seed: 11)
        let dot = try #require(TileKernel.portable(for: type))
        let format = try #require(ActivationFormat(weights: type))
        for length in Self.lengths(type) + [type.elementsPerBlock * 16] {
            let rows = 6, columns = 3
            let weights = RandomWeightBlocks.rows(type, rows: rows, length: length, random: &random)
            let input = random.normals(columns * length, scale: 2)
            let activations = Self.convert(input, columns: columns, length: length, to: format)
            let rowBytes = type.byteCount(elements: length)!
            let blocks = length / type.elementsPerBlock
            for row in 0 ..< rows {
                let rowWeights = Array(weights[row * rowBytes ..< (row + 1) * rowBytes])
                for column in 0 ..< columns {
                    var result: Float = .nan
                    rowWeights.withUnsafeBytes { w in
                        dot.run(w.baseAddress!, rowBytes, 1, activations.row(column), activations.rowBytes, 1, length, &result, 1)
                    }
                    let expected = Self.reference(type, weights: rowWeights, activations: Self.bytes(of: activations, column: column),
                                                  format: format)
                    let bound = Double(2 * blocks + 3) * Double(Float.ulpOfOne / 2) * expected.magnitude
                    #expect(abs(Double(result) - expected.value) <= bound,
                            "\(type) length \(length) row \(row) column \(column): \(result) vs \(expected.value) (bound \(bound))")
                }
            }
        }
    }

    /// Matrix products of 37 rows (two full bands and a short one) by 1, 7, 8, 9 and 17
    /// activation rows, one block and several, equal the portable single dot product bit for
    /// bit, for both kernel families and 1 or 3 threads.
    @Test(arguments: types)
    func everyKernelFamilyAndTilingGivesTheSameBits(_ type: GGMLType) throws {
        var random = SeededGenerator(seed: 12)
        let dot = try #require(TileKernel.portable(for: type))
        let rows = 37
        for length in Self.lengths(type) {
            let weights = RandomWeightBlocks.rows(type, rows: rows, length: length, random: &random)
            for columns in [1, 7, 8, 9, 17] {
                let input = random.normals(columns * length, scale: 2)
                try weights.withUnsafeBytes { raw in
                    let matrix = try #require(WeightMatrix(name: "w", type: type, columns: length, rows: rows, base: raw.baseAddress!))
                    let activations = Self.convert(input, columns: columns, length: length, to: matrix.activationFormat)
                    var expected = [Float](repeating: 0, count: rows * columns)
                    expected.withUnsafeMutableBufferPointer { out in
                        for column in 0 ..< columns {
                            for row in 0 ..< rows {
                                dot.run(matrix.row(row), matrix.rowBytes, 1, activations.row(column), activations.rowBytes, 1,
                                        length, out.baseAddress! + column * rows + row, rows)
                            }
                        }
                    }
                    for family in Self.families {
                        for threads in [1, 3] {
                            var output = [Float](repeating: .nan, count: rows * columns)
                            output.withUnsafeMutableBufferPointer { out in
                                MatrixMultiply(kernels: KernelSet(family: family))(
                                    matrix, activations, into: out.baseAddress!, outputStride: rows, pool: ThreadPool(threadCount: threads))
                            }
                            let differing = zip(output, expected).filter { $0.bitPattern != $1.bitPattern }.count
                            #expect(differing == 0,
                                    "\(type) length \(length) \(family) \(columns) columns \(threads) threads: \(differing) of \(output.count) differ")
                        }
                    }
                }
            }
        }
    }

    /// Blocks at the edges of each layout's ranges: every level at its largest with the largest
    /// scales (Q3_K: level −4 with scale −32, whose product 128 is the one the AVX-512 kernel
    /// negates to fit a byte), and every level at its smallest.
    @Test(arguments: types)
    func extremeLevelsAndScalesGiveTheSameBits(_ type: GGMLType) throws {
        var random = SeededGenerator(seed: 13)
        let length = 4 * type.elementsPerBlock, rows = 16, columns = 9
        var weights = RandomWeightBlocks.rows(type, rows: rows, length: length, random: &random)
        let fill: [UInt8] = [0x00, 0xFF]
        for (index, start) in stride(from: 0, to: weights.count, by: type.bytesPerBlock).enumerated() {
            let saved = RandomWeightBlocks.halfFields(type).map { ($0.offset, weights[start + $0.offset], weights[start + $0.offset + 1]) }
            for offset in 0 ..< type.bytesPerBlock { weights[start + offset] = fill[index % 2] }
            for (offset, low, high) in saved {
                weights[start + offset] = low
                weights[start + offset + 1] = high
            }
        }
        let dot = try #require(TileKernel.portable(for: type))
        let input = random.normals(columns * length, scale: 3)
        try weights.withUnsafeBytes { raw in
            let matrix = try #require(WeightMatrix(name: "w", type: type, columns: length, rows: rows, base: raw.baseAddress!))
            let activations = Self.convert(input, columns: columns, length: length, to: matrix.activationFormat)
            for family in Self.families {
                var output = [Float](repeating: .nan, count: rows * columns)
                output.withUnsafeMutableBufferPointer { out in
                    MatrixMultiply(kernels: KernelSet(family: family))(
                        matrix, activations, into: out.baseAddress!, outputStride: rows, pool: ThreadPool(threadCount: 1))
                }
                for column in 0 ..< columns {
                    for row in 0 ..< rows {
                        var expected: Float = .nan
                        dot.run(matrix.row(row), matrix.rowBytes, 1, activations.row(column), activations.rowBytes, 1, length, &expected, 1)
                        let reference = Self.reference(type, weights: Array(weights[row * matrix.rowBytes ..< (row + 1) * matrix.rowBytes]),
                                                       activations: Self.bytes(of: activations, column: column), format: matrix.activationFormat)
                        let bound = Double(2 * length / type.elementsPerBlock + 3) * Double(Float.ulpOfOne / 2) * reference.magnitude
                        #expect(abs(Double(expected) - reference.value) <= bound, "\(type) row \(row) column \(column)")
                        #expect(output[column * rows + row].bitPattern == expected.bitPattern,
                                "\(type) \(family) row \(row) column \(column): \(output[column * rows + row]) vs \(expected)")
                    }
                }
            }
        }
    }

    /// Both families quantize activations to Q8_1 with the same bytes (a zero block, exact
    /// ties, a huge value, tiny ones included); `d` is f16(max|x| / 127), every quant
    /// round-half-even of x · 127 / max|x|, and `s` is f16(d · Σ qs) with the unrounded d.
    @Test func q8_1QuantizationIsTheSameInBothFamiliesAndStoresItsSum() throws {
        var random = SeededGenerator(seed: 14)
        var values = random.normals(32 * 64, scale: 3)
        for j in 0 ..< 32 { values[32 + j] = 0 }
        for j in 0 ..< 32 { values[64 + j] = Float(j % 5) - 2 + (j == 0 ? 127 * 0.5 : 0) }
        values[100] = 6.0e4
        for j in 0 ..< 32 { values[128 + j] *= 1e-30 }
        let length = values.count
        let rowBytes = ActivationFormat.q8_1.rowBytes(length: length)
        #expect(rowBytes == length / 32 * 36)
        var rows: [[UInt8]] = []
        for family in Self.families {
            var row = [UInt8](repeating: 0xAA, count: rowBytes)
            values.withUnsafeBufferPointer { input in
                row.withUnsafeMutableBytes { KernelSet(family: family).quantizeQ8_1(input.baseAddress!, length, $0.baseAddress!) }
            }
            rows.append(row)
        }
        if rows.count == 2 { #expect(rows[0] == rows[1], "portable and AVX-512 Q8_1 bytes differ") }
        let row = rows[0]
        for block in 0 ..< length / 32 {
            let x = values[32 * block ..< 32 * block + 32]
            let absoluteMax = x.map(abs).max()!
            let d = absoluteMax / 127
            let quants = (0 ..< 32).map { Int8(bitPattern: row[36 * block + 4 + $0]) }
            let expectedQuants = x.map { absoluteMax == 0 ? 0 : Int8(($0 * (127 / absoluteMax)).rounded(.toNearestOrEven)) }
            let sum = quants.reduce(0) { $0 + Int($1) }
            let storedD = UInt16(row[36 * block]) | UInt16(row[36 * block + 1]) << 8
            let storedS = UInt16(row[36 * block + 2]) | UInt16(row[36 * block + 3]) << 8
            #expect(quants == expectedQuants, "block \(block) quants")
            #expect(storedD == Float16(d).bitPattern, "block \(block) d")
            #expect(storedS == Float16(d * Float(sum)).bitPattern, "block \(block) s: \(Float16(bitPattern: storedS)) for Σqs \(sum)")
        }
    }

    /// The formats the new weight types take, as llama.cpp's CPU backend pairs them.
    @Test func weightTypesTakeLlamaCppsActivationFormats() {
        #expect(ActivationFormat(weights: .q4_1) == .q8_1)
        #expect(ActivationFormat(weights: .q5_1) == .q8_1)
        #expect(ActivationFormat(weights: .q5_0) == .q8_0)
        #expect(ActivationFormat(weights: .q2_K) == .q8K)
        #expect(ActivationFormat(weights: .q3_K) == .q8K)
        #expect(ActivationFormat.q8_1.storageType == .q8_1)
        #expect(ActivationFormat.q8_1.rowBytes(length: 576) == 18 * 36)
    }
}
