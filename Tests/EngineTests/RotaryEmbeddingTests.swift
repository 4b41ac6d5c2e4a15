@testable import Engine
import Foundation
import Testing
import TestSupport

/// RoPE's angles with linear scaling and per-pair frequency factors, against the plain angles;
/// its rotation, the same bits in both kernel families. (llama.cpp's own rotation is checked in
/// ``LlamaCppGraphTests``.)
@Suite struct RotaryEmbeddingTests {
    @Test func linearScalingByTwoHalvesThePositions() {
        let plain = RotaryEmbedding(headDimension: 64, base: 10000)
        let scaled = RotaryEmbedding(headDimension: 64, base: 10000, frequencyScale: 0.5)
        // Halving is exact in binary, so position 2 scaled is position 1 plain, bit for bit.
        #expect(scaled.angles(at: 2) == plain.angles(at: 1))
        #expect(scaled.angles(at: 0) == plain.angles(at: 0))
    }

    @Test func frequencyFactorsDivideEachPairsAngle() {
        let plain = RotaryEmbedding(headDimension: 8, base: 10000)
        let factors: [Float] = [1, 2, 4, 8]
        let divided = RotaryEmbedding(headDimension: 8, base: 10000, frequencyFactors: factors)
        let thetaScale = powf(10000, -2 / Float(8))
        var theta: Float = 6
        for pair in 0 ..< 4 {
            let expected = theta / factors[pair]
            #expect(divided.angles(at: 6)[2 * pair] == cosf(expected))
            #expect(divided.angles(at: 6)[2 * pair + 1] == sinf(expected))
            theta *= thetaScale
        }
        #expect(divided.angles(at: 6)[0 ... 1] == plain.angles(at: 6)[0 ... 1])
    }

    /// Head widths of one vector's part (8), not a multiple of 16 (72), and SmolLM2's and
    /// Mistral's, two heads each.
    @Test(arguments: [8, 72, 64, 128])
    func rotationIsTheSameInBothFamilies(_ dimension: Int) {
        guard CPUFeatures.current.hasAVX512VNNI else { return }
        var random = SeededGenerator(seed: UInt64(70 + dimension))
        let rotary = RotaryEmbedding(headDimension: dimension, base: 10000)
        let x = random.normals(2 * dimension, scale: 3)
        var results: [[Float]] = []
        for family in [KernelSet.Family.portable, .avx512] {
            var rotated = x
            rotated.withUnsafeMutableBufferPointer {
                rotary.rotate($0.baseAddress!, heads: 2, angles: rotary.angles(at: 1234), kernels: KernelSet(family: family))
            }
            results.append(rotated)
        }
        #expect(results[0].map(\.bitPattern) == results[1].map(\.bitPattern))
        #expect(results[0] != x)
    }
}
