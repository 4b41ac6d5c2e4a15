@testable import Engine
import Foundation
import Testing

/// RoPE's angles with linear scaling and per-pair frequency factors, against the plain angles.
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
}
