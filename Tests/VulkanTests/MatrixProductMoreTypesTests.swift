@testable import Engine
import GGUF
import Testing
import TestSupport
@testable import VulkanCompute

/// The Q8_0 and Q8_1 quantizers on blocks built to sit near rounding ties, where a multiplier
/// an ulp off would change the quants.
@Suite(.offThePool, .enabled(if: VulkanAvailability.available, VulkanAvailability.skipReason))
struct MatrixProductMoreTypesTests {
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
