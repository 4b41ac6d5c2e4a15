@testable import Engine
import Foundation
import Testing
import TestSupport
@testable import VulkanCompute

/// The Vulkan RMS norm against the CPU engine's (`rmsNorm` in Engine/Model/Elementwise.swift).
@Suite(.offThePool, .enabled(if: VulkanAvailability.available, VulkanAvailability.skipReason))
struct RMSNormTests {
    /// Relative bound, in units of float's rounding (u = 2^-24), on |gpu - cpu| / |cpu| for a row of
    /// `columns`. The CPU sums squares in double; the GPU sums them in float, each invocation
    /// over ⌈columns / 128⌉ values, then 7 tree levels: a relative error of at most
    /// (⌈columns/128⌉ + 7)·u on a sum of positive terms, plus the division by the count (2.5 ulp
    /// in Vulkan) and the epsilon addition. The scale 1/√mean halves that relative error and adds
    /// Vulkan's own sqrt and division (inherited from inversesqrt's 2 ulp, and 2.5 ulp); both sides
    /// then round two products. Every step multiplies relative errors, so the bound is relative
    /// to each output, however small.
    static func tolerance(columns: Int) -> Float {
        let sum = Float((columns + 127) / 128 + 7) + 2.5 + 1
        let units = sum / 2 + 4.5 + 2 * 2 + 1  // + the CPU's own rounding of its mean
        return units * Float.ulpOfOne / 2
    }

    @Test(arguments: [(rows: 1, columns: 576), (rows: 5, columns: 4096), (rows: 3, columns: 100)])
    func matchesTheCPUNorm(_ shape: (rows: Int, columns: Int)) throws {
        let device = try VulkanAvailability.open()
        var random = SeededGenerator(seed: 11)
        let x = random.normals(shape.rows * shape.columns, scale: 3)
        let weight = random.normals(shape.columns, scale: 0.7)
        let epsilon: Float = 1e-5

        var expected = [Float](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { x in
            expected.withUnsafeMutableBufferPointer { y in
                for row in 0 ..< shape.rows {
                    rmsNorm(x.baseAddress! + row * shape.columns, weight: weight, epsilon: epsilon,
                            into: y.baseAddress! + row * shape.columns)
                }
            }
        }

        let input = try StorageBuffer(device: device, values: x)
        let weights = try StorageBuffer(device: device, values: weight)
        let output = try StorageBuffer(device: device, byteCount: x.count * 4)
        let norm = try RMSNorm(device: device)
        try device.run { commands throws(VulkanError) in
            try norm.encode(commands, input: input, weight: weights, output: output, rows: shape.rows, columns: shape.columns, epsilon: epsilon)
        }
        let result = try output.read(x.count, as: Float.self)

        let tolerance = Self.tolerance(columns: shape.columns)
        var worstRelative: Float = 0, worstAbsolute: Float = 0, exact = 0
        for (gpu, cpu) in zip(result, expected) {
            worstAbsolute = max(worstAbsolute, abs(gpu - cpu))
            worstRelative = max(worstRelative, abs(gpu - cpu) / max(abs(cpu), .leastNormalMagnitude))
            if gpu.bitPattern == cpu.bitPattern { exact += 1 }
        }
        print("RMSNorm \(shape.rows)x\(shape.columns): max abs diff \(worstAbsolute), max rel diff \(worstRelative) "
            + "(bound \(tolerance)), \(exact) of \(result.count) bit-identical")
        #expect(worstRelative <= tolerance)
    }

    @Test func refusesBuffersTooSmallForTheShape() throws {
        let device = try VulkanAvailability.open()
        let norm = try RMSNorm(device: device)
        let rows = try StorageBuffer(device: device, byteCount: 4 * 64)
        let shortWeight = try StorageBuffer(device: device, byteCount: 4 * 31)
        #expect {
            try device.run { commands throws(VulkanError) in try norm.encode(commands, input: rows, weight: shortWeight, output: rows, rows: 2, columns: 32, epsilon: 1e-5) }
        } throws: { "\($0)" == "RMSNorm: buffer weight holds 124 bytes, and the shape needs 128" }
        #expect {
            try device.run { commands throws(VulkanError) in try norm.encode(commands, input: rows, weight: shortWeight, output: rows, rows: 3, columns: 31, epsilon: 1e-5) }
        } throws: { "\($0)" == "RMSNorm: buffer input holds 256 bytes, and the shape needs 372" }
        #expect(throws: VulkanError.self) {
            try device.run { commands throws(VulkanError) in try norm.encode(commands, input: rows, weight: shortWeight, output: rows, rows: 0, columns: 31, epsilon: 1e-5) }
        }
    }
}
