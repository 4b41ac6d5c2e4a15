@testable import Engine
import GGUF
import Testing
import TestSupport
@testable import VulkanCompute

/// The matrix products for the weight types added after the first eight (BF16, Q5_1, Q2_K, Q3_K,
/// Q5_K) against the CPU engine, as MatrixProductTests checks the others; the BF16 rounding of
/// activations; and the Q8_0 and Q8_1 quantizers on blocks built to sit near rounding ties,
/// where a multiplier an ulp off would change the quants.
@Suite(.offThePool, .enabled(if: VulkanAvailability.available, VulkanAvailability.skipReason))
struct MatrixProductMoreTypesTests {
    @Test(arguments: [GGMLType.bf16, .q5_1, .q2_K, .q3_K, .q5_K], MatrixProductTests.shapes)
    func matchesTheCPUProduct(_ type: GGMLType, _ shape: (batch: Int, columns: Int)) throws {
        // K-quant rows are whole super-blocks of 256: 1280 (5 of them, an odd count) stands for 1184.
        let columns = type.elementsPerBlock == 256 && shape.columns % 256 != 0 ? 1280 : shape.columns
        try MatrixProductTests.check(type, batch: shape.batch, columns: columns)
    }

    /// BF16 rows of odd length: every other row starts in the middle of a 32-bit word.
    @Test func matchesTheCPUProductOnBF16RowsOfOddLength() throws {
        try MatrixProductTests.check(.bf16, batch: 3, columns: 1183)
    }

    /// Every weight type the CPU engine reads (has an activation format for) has a Vulkan
    /// kernel, and no other type claims one.
    @Test func everyTypeTheCPUEngineReadsHasAKernel() {
        let read = Set(GGMLType.allCases.filter { ActivationFormat(weights: $0) != nil })
        #expect(MatrixWeights.supportedTypes == read)
    }

    /// The device rounds activations to the CPU's BF16 values exactly: ties both ways, the
    /// largest finite value and overflow to infinity, subnormals, zeros, infinities and NaNs
    /// (quieted, not rounded to infinity).
    @Test func convertsActivationsToBF16AsTheCPUDoes() throws {
        let device = try VulkanAvailability.open()
        var input = MatrixProductTests.activations(batch: 2, columns: 1184, seed: 19)
        // Ties to even both ways and just above a tie; the largest float that stays finite and the
        // least that overflows; subnormals (1e-39, -3e-41 as bits); quiet, signalling, negative NaNs.
        let special: [Float] = [
            1 + 0x1p-8, 1 + 3 * 0x1p-8, -(1 + 0x1p-8), 1 + 0x1p-8 + 0x1p-23, Float(bitPattern: 0x7F7F_7FFF), Float(bitPattern: 0x7F7F_8000),
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, Float(bitPattern: 0x000A_E398), Float(bitPattern: 0x8000_5369), .leastNonzeroMagnitude, 0, -0.0, .infinity, -.infinity,
            Float(bitPattern: 0x7F80_0001), Float(bitPattern: 0xFFC1_2345), .nan,
        ]
        input.replaceSubrange(200 ..< 200 + special.count, with: special)
        var cpu = [UInt16](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { values in
            cpu.withUnsafeMutableBytes { ActivationFormat.bf16.convert(values.baseAddress!, length: input.count, into: $0.baseAddress!) }
        }
        let product = try MatrixProduct(device: device)
        let inputBuffer = try StorageBuffer(device: device, values: input)
        let converted = try StorageBuffer(device: device, byteCount: input.count * 4)
        try device.run { commands throws(VulkanError) in
            try commands.dispatch(product.convertBF16, buffers: [inputBuffer, converted], pushConstants: [UInt32(input.count)],
                                  groups: spread((input.count + 63) / 64))
        }
        let gpu = try converted.read(input.count, as: UInt32.self)
        let differing = input.indices.filter { UInt32(cpu[$0]) << 16 != gpu[$0] }
        print("BF16 activations, \(input.count) values: \(differing.count) differ from the CPU's")
        #expect(differing.isEmpty, "first at \(differing.first.map { "\(input[$0].bitPattern) → \(gpu[$0]), CPU \(cpu[$0])" } ?? "")")
    }

    /// Blocks of 32 whose values, but for the largest, are (k + ½)·max/127: times the multiplier
    /// 127 / max each lands within an ulp or two of a tie, so it rounds as the CPU's only if the
    /// device's multiplier is the CPU's to the bit. Largest magnitudes from 2^-110 to 2^110.
    static func nearTies(blocks: Int, seed: UInt64) -> [Float] {
        var random = SeededGenerator(seed: seed)
        var values = [Float](repeating: 0, count: 32 * blocks)
        for block in 0 ..< blocks {
            let largest = Float(sign: Bool.random(using: &random) ? .minus : .plus, exponent: Int.random(in: -110 ... 110, using: &random),
                                significand: Float.random(in: 1 ..< 2, using: &random))
            let position = Int.random(in: 0 ..< 32, using: &random)
            for j in 0 ..< 32 {
                let k = Double(Int.random(in: -127 ... 126, using: &random))
                values[32 * block + j] = j == position ? largest : Float((k + 0.5) * Double(abs(largest)) / 127)
            }
        }
        return values
    }

    @Test func quantizesNearTiesToQ8_0AsTheCPUDoes() throws {
        let device = try VulkanAvailability.open()
        let blocks = 4096, input = Self.nearTies(blocks: blocks, seed: 23)
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
        var differingScales = 0, differingQuants = 0
        cpu.withUnsafeBytes { cpu in
            for block in 0 ..< blocks {
                let d = cpu.loadUnaligned(fromByteOffset: 34 * block, as: UInt16.self)
                if Float(Float16(bitPattern: d)).bitPattern != gpuScales[block].bitPattern { differingScales += 1 }
                for j in 0 ..< 32 where cpu[34 * block + 2 + j] != gpuQuants[32 * block + j] { differingQuants += 1 }
            }
        }
        print("Q8_0 activations near ties, \(blocks) blocks: \(differingScales) scales and \(differingQuants) quants differ from the CPU's")
        #expect(differingScales == 0)
        #expect(differingQuants == 0)
    }

    @Test func quantizesNearTiesToQ8_1AsTheCPUDoes() throws {
        let device = try VulkanAvailability.open()
        let blocks = 4096, input = Self.nearTies(blocks: blocks, seed: 29)
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
        print("Q8_1 activations near ties, \(blocks) blocks: \(differingScales) d, \(differingSums) s and \(differingQuants) quants differ from the CPU's")
        #expect(differingScales == 0)
        #expect(differingSums == 0)
        #expect(differingQuants == 0)
    }
}
