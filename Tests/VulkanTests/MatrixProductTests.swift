@testable import Engine
import GGUF
import Testing
import TestSupport
@testable import VulkanCompute

/// The Vulkan matrix products against the CPU engine's MatrixMultiply (portable kernels, which
/// the AVX-512 ones equal bit for bit), on the same weight bytes and activations.
@Suite(.offThePool, .enabled(if: VulkanAvailability.available, VulkanAvailability.skipReason))
struct MatrixProductTests {
    /// Weight rows: odd, so Q8_0 rows start at both word alignments, and the last block ends mid-word.
    static let rows = 37

    /// The CPU engine's product over the same weight bytes and activations.
    static func cpuProduct(_ type: GGMLType, weights: [UInt8], input: [Float], batch: Int, columns: Int) throws -> [Float] {
        let kernels = KernelSet(family: .portable), pool = ThreadPool(threadCount: 1)
        return try weights.withUnsafeBytes { raw in
            let matrix = try #require(WeightMatrix(name: "w", type: type, columns: columns, rows: rows, base: raw.baseAddress!))
            let activations = ActivationRows()
            input.withUnsafeBufferPointer {
                activations.convert($0.baseAddress!, rowCount: batch, rowLength: columns, stride: columns,
                                    to: matrix.activationFormat, pool: pool, kernels: kernels)
            }
            var output = [Float](repeating: .nan, count: rows * batch)
            output.withUnsafeMutableBufferPointer {
                MatrixMultiply(kernels: kernels)(matrix, activations, into: $0.baseAddress!, outputStride: rows, pool: pool)
            }
            return output
        }
    }

    /// Activations with the awkward blocks: a zero block, exact rounding ties, one huge value.
    static func activations(batch: Int, columns: Int, seed: UInt64) -> [Float] {
        var random = SeededGenerator(seed: seed)
        var values = random.normals(batch * columns, scale: 2)
        for j in 0 ..< 32 { values[32 + j] = 0 }
        for j in 0 ..< 32 { values[64 + j] = Float(j % 5) - 2 + (j == 0 ? 127 * 0.5 : 0) }
        values[columns - 1] = 300
        return values
    }

    /// Batches for 1, 2, 4 and 8 activation rows per workgroup (A), with workgroups whose
    /// activation rows are not all in the batch (3 of 4; 11 as 8 + 3 of 8).
    static let shapes = [(batch: 1, columns: 1184), (batch: 2, columns: 1184), (batch: 3, columns: 1184), (batch: 11, columns: 1184), (batch: 8, columns: 4096)]

    @Test(arguments: [GGMLType.f32, .f16, .q8_0, .q4_0, .q5_0, .q4_1, .q4_K, .q6_K], shapes)
    func matchesTheCPUProduct(_ type: GGMLType, _ shape: (batch: Int, columns: Int)) throws {
        // K-quant rows are whole super-blocks of 256: 1280 (5 of them, an odd count) stands for 1184.
        let columns = type.elementsPerBlock == 256 && shape.columns % 256 != 0 ? 1280 : shape.columns
        try Self.check(type, batch: shape.batch, columns: columns)
    }

    /// F16 rows of odd length: every other row starts in the middle of a 32-bit word.
    @Test func matchesTheCPUProductOnF16RowsOfOddLength() throws {
        try Self.check(.f16, batch: 3, columns: 1183)
    }

    @Test func takesActivationRowsPerWorkgroupByBatch() {
        #expect((1 ... 9).map { MatrixProduct.activationRows(batch: $0) } == [1, 2, 4, 4, 8, 8, 8, 8, 8])
        #expect(MatrixProduct.activationRows(batch: 1000) == 8)
    }

    /// Runs `type`'s product on the device and on the CPU and expects every output to be the
    /// same float, to the bit: each shader keeps its CPU kernel's arithmetic and order (integer
    /// block products, then one fused multiply-add per block, or per value in 16 lanes for the
    /// float types, or per block in 8 lanes for Q4_1 and Q5_1), with fused multiply-adds rounded
    /// once on every device (exact_fma.glsl). No bound: any difference is a kernel that no longer
    /// does the CPU's arithmetic, or a device that does not honour `precise`.
    static func check(_ type: GGMLType, batch: Int, columns: Int) throws {
        let device = try VulkanAvailability.open()
        var random = SeededGenerator(seed: 3)
        let weightBytes = try type.quantize(random.normals(rows * columns, scale: 0.5))
        let input = activations(batch: batch, columns: columns, seed: 5)
        let cpu = try cpuProduct(type, weights: weightBytes, input: input, batch: batch, columns: columns)

        let weights = try weightBytes.withUnsafeBytes { try MatrixWeights(device: device, type: type, rows: rows, columns: columns, bytes: $0) }
        let inputBuffer = try StorageBuffer(device: device, values: input)
        let output = try StorageBuffer(device: device, byteCount: rows * batch * 4)
        let product = try MatrixProduct(device: device)
        try device.run { commands throws(VulkanError) in try product.encode(commands, weights: weights, input: inputBuffer, output: output, batch: batch) }
        let result = try output.read(rows * batch, as: Float.self)

        let differing = result.indices.filter { result[$0].bitPattern != cpu[$0].bitPattern }
        let worstUlps = differing.map { abs(Double(result[$0]) - Double(cpu[$0])) / Double(cpu[$0].ulp) }.max() ?? 0
        print("MatrixProduct \(type) \(rows)x\(columns), batch \(batch): \(result.count - differing.count) of \(result.count) bit-identical"
            + (differing.isEmpty ? "" : ", worst \(worstUlps) ulps"))
        #expect(differing.isEmpty, "first at output \(differing.first.map { "\($0): \(result[$0]) vs the CPU's \(cpu[$0])" } ?? "")")
    }

    /// The device quantizes activations to the CPU's Q8_0 quants and (f16-rounded) scales exactly.
    @Test(arguments: [1, 11])
    func quantizesActivationsAsTheCPUDoes(batch: Int) throws {
        let device = try VulkanAvailability.open()
        let columns = 1184, blocks = batch * columns / 32
        let input = Self.activations(batch: batch, columns: columns, seed: 9)
        var cpu = [UInt8](repeating: 0, count: blocks * 34)
        input.withUnsafeBufferPointer { values in
            cpu.withUnsafeMutableBytes { ActivationFormat.q8_0.convert(values.baseAddress!, length: input.count, into: $0.baseAddress!) }
        }
        let product = try MatrixProduct(device: device)
        let inputBuffer = try StorageBuffer(device: device, values: input)
        let scales = try StorageBuffer(device: device, byteCount: blocks * 4)
        let quants = try StorageBuffer(device: device, byteCount: blocks * 32)
        try device.run { commands throws(VulkanError) in
            try commands.dispatch(product.quantizeQ8_0, buffers: [inputBuffer, scales, quants], pushConstants: [UInt32(blocks)],
                            groups: spread((blocks + 63) / 64))
        }
        let gpuScales = try scales.read(blocks, as: Float.self), gpuQuants = try quants.read(blocks * 32, as: UInt8.self)
        var differingQuants = 0, differingScales = 0
        for block in 0 ..< blocks {
            let half = UInt16(cpu[34 * block]) | UInt16(cpu[34 * block + 1]) << 8
            if Float(Float16(bitPattern: half)).bitPattern != gpuScales[block].bitPattern { differingScales += 1 }
            for j in 0 ..< 32 where cpu[34 * block + 2 + j] != gpuQuants[32 * block + j] { differingQuants += 1 }
        }
        print("Q8_0 activations, \(blocks) blocks: \(differingScales) scales and \(differingQuants) quants differ from the CPU's")
        #expect(differingScales == 0)
        #expect(differingQuants == 0)
    }

    /// The device quantizes activations to the CPU's Q8_K blocks exactly: d, quants and group sums,
    /// with a zero block, a block whose largest magnitude is negative, and one where +m and -m tie.
    @Test(arguments: [1, 5])
    func quantizesActivationsToQ8_KAsTheCPUDoes(batch: Int) throws {
        let device = try VulkanAvailability.open()
        let columns = 1280, blocks = batch * columns / 256
        var input = Self.activations(batch: batch, columns: columns, seed: 11)
        for j in 256 ..< 512 { input[j] = 0 }
        input[600] = -40
        input[800] = 30
        input[900] = -30
        var cpu = [UInt8](repeating: 0, count: blocks * 292)
        input.withUnsafeBufferPointer { values in
            cpu.withUnsafeMutableBytes { ActivationFormat.q8K.convert(values.baseAddress!, length: input.count, into: $0.baseAddress!) }
        }
        let product = try MatrixProduct(device: device)
        let inputBuffer = try StorageBuffer(device: device, values: input)
        let scales = try StorageBuffer(device: device, byteCount: blocks * 4)
        let quants = try StorageBuffer(device: device, byteCount: blocks * 256)
        let sums = try StorageBuffer(device: device, byteCount: blocks * 64)
        try device.run { commands throws(VulkanError) in
            try commands.dispatch(product.quantizeQ8_K, buffers: [inputBuffer, scales, quants, sums], pushConstants: [UInt32(blocks)],
                                  groups: spread((blocks + 63) / 64))
        }
        let gpuScales = try scales.read(blocks, as: Float.self), gpuQuants = try quants.read(blocks * 256, as: UInt8.self)
        let gpuSums = try sums.read(blocks * 16, as: Int32.self)
        var differingScales = 0, differingQuants = 0, differingSums = 0
        cpu.withUnsafeBytes { cpu in
            for block in 0 ..< blocks {
                let base = 292 * block
                if cpu.loadUnaligned(fromByteOffset: base, as: UInt32.self) != gpuScales[block].bitPattern { differingScales += 1 }
                for j in 0 ..< 256 where cpu[base + 4 + j] != gpuQuants[256 * block + j] { differingQuants += 1 }
                for group in 0 ..< 16 where Int32(cpu.loadUnaligned(fromByteOffset: base + 260 + 2 * group, as: Int16.self)) != gpuSums[16 * block + group] {
                    differingSums += 1
                }
            }
        }
        print("Q8_K activations, \(blocks) blocks: \(differingScales) scales, \(differingQuants) quants and \(differingSums) group sums differ from the CPU's")
        #expect(differingScales == 0)
        #expect(differingQuants == 0)
        #expect(differingSums == 0)
    }

    /// The device quantizes activations to the CPU's Q8_1 blocks exactly: d, s and quants.
    @Test(arguments: [1, 11])
    func quantizesActivationsToQ8_1AsTheCPUDoes(batch: Int) throws {
        let device = try VulkanAvailability.open()
        let columns = 1184, blocks = batch * columns / 32
        let input = Self.activations(batch: batch, columns: columns, seed: 17)
        var cpu = [UInt8](repeating: 0, count: blocks * 36)
        input.withUnsafeBufferPointer { values in
            cpu.withUnsafeMutableBytes { ActivationFormat.q8_1.convert(values.baseAddress!, length: input.count, into: $0.baseAddress!) }
        }
        let product = try MatrixProduct(device: device)
        let inputBuffer = try StorageBuffer(device: device, values: input)
        let scales = try StorageBuffer(device: device, byteCount: blocks * 4)
        let sums = try StorageBuffer(device: device, byteCount: blocks * 4)
        let quants = try StorageBuffer(device: device, byteCount: blocks * 32)
        try device.run { commands throws(VulkanError) in
            try commands.dispatch(product.quantizeQ8_1, buffers: [inputBuffer, scales, sums, quants], pushConstants: [UInt32(blocks)],
                                  groups: spread((blocks + 63) / 64))
        }
        let gpuScales = try scales.read(blocks, as: Float.self), gpuSums = try sums.read(blocks, as: Float.self)
        let gpuQuants = try quants.read(blocks * 32, as: UInt8.self)
        var differingScales = 0, differingSums = 0, differingQuants = 0
        cpu.withUnsafeBytes { cpu in
            for block in 0 ..< blocks {
                let d = cpu.loadUnaligned(fromByteOffset: 36 * block, as: UInt16.self), s = cpu.loadUnaligned(fromByteOffset: 36 * block + 2, as: UInt16.self)
                if Float(Float16(bitPattern: d)).bitPattern != gpuScales[block].bitPattern { differingScales += 1 }
                if Float(Float16(bitPattern: s)).bitPattern != gpuSums[block].bitPattern { differingSums += 1 }
                for j in 0 ..< 32 where cpu[36 * block + 4 + j] != gpuQuants[32 * block + j] { differingQuants += 1 }
            }
        }
        print("Q8_1 activations, \(blocks) blocks: \(differingScales) d, \(differingSums) s and \(differingQuants) quants differ from the CPU's")
        #expect(differingScales == 0)
        #expect(differingSums == 0)
        #expect(differingQuants == 0)
    }

    /// The device rounds activations to the CPU's F16 values exactly: ties, the largest finite
    /// half and the first value that overflows, subnormals, zeros of both signs.
    @Test func convertsActivationsToF16AsTheCPUDoes() throws {
        let device = try VulkanAvailability.open()
        var input = Self.activations(batch: 2, columns: 1184, seed: 13)
        let special: [Float] = [1 + 0x1p-11, 1 + 3 * 0x1p-11, -(1 + 0x1p-11), 65504, 65519, 65520, -70000, 1e-6, -3e-8, 0x1p-25, 0x1p-24 * 1.5, 0, -0.0, 6.1e-5]
        input.replaceSubrange(200 ..< 200 + special.count, with: special)
        let product = try MatrixProduct(device: device)
        let inputBuffer = try StorageBuffer(device: device, values: input)
        let halves = try StorageBuffer(device: device, byteCount: input.count * 4)
        try device.run { commands throws(VulkanError) in
            try commands.dispatch(product.convertF16, buffers: [inputBuffer, halves], pushConstants: [UInt32(input.count)],
                                  groups: spread((input.count + 63) / 64))
        }
        let gpu = try halves.read(input.count, as: Float.self)
        let differing = input.indices.filter { Float(Float16(input[$0])).bitPattern != gpu[$0].bitPattern }
        print("F16 activations, \(input.count) values: \(differing.count) differ from the CPU's")
        #expect(differing.isEmpty, "first at \(differing.first.map { "\(input[$0]) → \(gpu[$0])" } ?? "")")
    }

    /// Each type with blocks or halves: rows that are not whole blocks (or no columns at all), and bytes that are not the shape's.
    @Test(arguments: [GGMLType.f16, .bf16, .q8_0, .q4_0, .q5_0, .q4_1, .q5_1, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K])
    func weightsOfTheWrongSizeAreRefused(_ type: GGMLType) throws {
        let device = try VulkanAvailability.open()
        let columns = 2 * type.elementsPerBlock, rowBytes = try #require(type.byteCount(elements: columns))
        let bytes = [UInt8](repeating: 0, count: 2 * rowBytes)
        bytes.withUnsafeBytes { bytes in
            #expect {
                _ = try MatrixWeights(device: device, type: type, rows: 3, columns: columns, bytes: bytes)
            } throws: { "\($0)" == "MatrixWeights(\(type)): buffer weights holds \(2 * rowBytes) bytes, and the shape needs \(3 * rowBytes)" }
            #expect {
                _ = try MatrixWeights(device: device, type: type, rows: 2, columns: columns - 4, bytes: bytes)
            } throws: { "\($0)".contains("a whole number of \(type.elementsPerBlock)-value blocks") }
        }
    }

    @Test func weightsOfATypeWithoutKernelAreRefused() throws {
        let device = try VulkanAvailability.open()
        // IQ4_NL: in GGUF files, but not a type the CPU engine reads either.
        let bytes = [UInt8](repeating: 0, count: 144)
        bytes.withUnsafeBytes { bytes in
            #expect {
                _ = try MatrixWeights(device: device, type: .iq4_NL, rows: 1, columns: 256, bytes: bytes)
            } throws: { "\($0)".contains("no Vulkan matrix kernel for IQ4_NL yet") }
        }
    }

    @Test func activationAndOutputBuffersMustFitTheShape() throws {
        let device = try VulkanAvailability.open()
        let weights = try [Float](repeating: 1, count: 4 * 64).withUnsafeBytes {
            try MatrixWeights(device: device, type: .f32, rows: 4, columns: 64, bytes: $0)
        }
        let product = try MatrixProduct(device: device)
        let small = try StorageBuffer(device: device, byteCount: 64 * 4 * 2 - 4)
        let enough = try StorageBuffer(device: device, byteCount: 64 * 4 * 2)
        #expect {
            try device.run { commands throws(VulkanError) in try product.encode(commands, weights: weights, input: small, output: enough, batch: 2) }
        } throws: { "\($0)" == "MatrixProduct(F32): buffer input holds 508 bytes, and the shape needs 512" }
        #expect {
            try device.run { commands throws(VulkanError) in try product.encode(commands, weights: weights, input: enough, output: enough, batch: 3) }
        } throws: { "\($0)" == "MatrixProduct(F32): buffer input holds 512 bytes, and the shape needs 768" }
        let tiny = try StorageBuffer(device: device, byteCount: 4)
        #expect {
            try device.run { commands throws(VulkanError) in try product.encode(commands, weights: weights, input: enough, output: tiny, batch: 2) }
        } throws: { "\($0)" == "MatrixProduct(F32): buffer output holds 4 bytes, and the shape needs 32" }
        #expect(throws: VulkanError.self) {
            try device.run { commands throws(VulkanError) in try product.encode(commands, weights: weights, input: enough, output: enough, batch: 0) }
        }
    }
}
