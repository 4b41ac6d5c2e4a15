import Foundation
import Testing
import TestSupport
@testable import Variants

/// Each method against `MergeReference`'s plain restatement of mergekit's formulas.
@Suite struct MergeArithmeticTests {
    static func random(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return generator.normals(count, scale: scale)
    }

    static func expectClose(_ actual: [Float], _ expected: [Double], _ comment: Comment? = nil) {
        let scale = expected.map(abs).max() ?? 1
        let bad = actual.indices.filter { !MergeReference.close(actual[$0], expected[$0], scale: scale) }
        #expect(bad.isEmpty, "\(comment?.rawValue ?? "") \(bad.count) entries differ, first at \(bad.first ?? -1)")
    }

    @Test(arguments: [0.0, 0.3, 0.5, 0.77, 1.0])
    func slerpMatchesTheFormula(t: Double) {
        // More than one chunk, so the chunked reductions are exercised.
        let a = Self.random(150_000, seed: 1), b = Self.random(150_000, seed: 2)
        var merged = a
        Slerp.interpolate(t: t, base: &merged, model: b)
        Self.expectClose(merged, MergeReference.slerp(t: t, a, b))
        if t == 0 { #expect(merged == a) }
        if t == 1 { #expect(zip(merged, b).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) }) }
    }

    @Test func nearlyParallelTensorsAreInterpolatedLinearly() {
        let a = Self.random(1000, seed: 3)
        let b = a.enumerated().map { $1 * 2 + ($0 % 2 == 0 ? 1e-4 : -1e-4) }
        let (s0, s1) = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { Slerp.coefficients(t: 0.3, base: x, model: $0) } }
        #expect(s0 == Float(0.7) && s1 == Float(0.3))
        var merged = a
        Slerp.interpolate(t: 0.3, base: &merged, model: b)
        Self.expectClose(merged, zip(a, b).map { 0.7 * Double($0) + 0.3 * Double($1) })
        // Antiparallel counts too (|dot|).
        let negated = a.map { -$0 }
        let (n0, n1) = a.withUnsafeBufferPointer { x in negated.withUnsafeBufferPointer { Slerp.coefficients(t: 0.25, base: x, model: $0) } }
        #expect(n0 == 0.75 && n1 == 0.25)
    }

    @Test func zeroNormTensorsTakeTheRightAngle() {
        let zero = [Float](repeating: 0, count: 64), b = Self.random(64, seed: 4)
        var merged = zero
        Slerp.interpolate(t: 0.5, base: &merged, model: b)
        // dot 0: θ0 = π/2, s1 = sin(π/4) / 1; the base contributes nothing.
        Self.expectClose(merged, MergeReference.slerp(t: 0.5, zero, b))
        #expect(abs(merged[0] - Float(sin(Double.pi / 4)) * b[0]) < 1e-6)
        var both = zero
        Slerp.interpolate(t: 0.5, base: &both, model: zero)
        #expect(both == zero)
    }

    @Test(arguments: [(0.5, true), (0.3, true), (0.9, false), (1.0, true)])
    func tiesMatchesTheFormula(density: Double, normalize: Bool) throws {
        let a = Self.random(140_000, seed: 5), b = Self.random(140_000, seed: 6)
        var merged = a, scratch = b
        let parameters = TaskArithmetic.Parameters(sparsification: .magnitude(density: density), weight: 0.5,
                                                   signConsensus: true, normalize: normalize)
        try TaskArithmetic.merge(base: &merged, model: &scratch, parameters: parameters, tensor: "t")
        Self.expectClose(merged, MergeReference.ties(a, b, density: density, weight: 0.5, normalize: normalize))
    }

    /// Equal magnitudes at the threshold: the lower indices are kept.
    @Test func tiesAtTheDensityThresholdKeepTheLowerIndices() throws {
        var delta: [Float] = [1, -1, 1, 0.5, -1, 1, 2, 0.5]
        try MagnitudeTrim.apply(&delta, density: 0.5, tensor: "t")
        #expect(delta == [1, -1, 1, 0, 0, 0, 2, 0])

        // Across chunks: a few magnitude levels over 300 000 entries, so the k-th largest is
        // shared by tens of thousands of entries in several chunks.
        let levels: [Float] = [0.25, -0.5, 0.5, 1, -1, 0.75]
        var generator = SeededGenerator(seed: 7)
        let values = (0 ..< 300_000).map { _ in levels[Int.random(in: 0 ..< levels.count, using: &generator)] }
        for density in [0.1, 0.37, 0.5, 0.81] {
            var trimmed = values
            try MagnitudeTrim.apply(&trimmed, density: density, tensor: "t")
            let kept = MergeReference.topIndices(values.map(Double.init), density: density)
            #expect(trimmed.indices.allSatisfy { trimmed[$0] == (kept.contains($0) ? values[$0] : 0) }, "density \(density)")
            #expect(trimmed.filter { $0 != 0 }.count == Int(density * 300_000))
        }
    }

    @Test func aDensityThatKeepsNothingIsAnError() {
        var delta: [Float] = [1, 2, 3]
        #expect(throws: MergeError.densityKeepsNothing(tensor: "blk.0.attn_norm.weight", density: 0.3, elements: 3)) {
            try MagnitudeTrim.apply(&delta, density: 0.3, tensor: "blk.0.attn_norm.weight")
        }
        #expect(MergeError.densityKeepsNothing(tensor: "x", density: 0.3, elements: 3).description.contains("'x'"))
    }

    /// Sign election with several models, against the restatement.
    @Test func signConsensusOverSeveralModels() {
        let base = Self.random(5000, seed: 8)
        let deltas = (0 ..< 3).map { Self.random(5000, seed: 9 + UInt64($0)).map { $0.rounded() } }
        let weights = [0.5, 1.0, -0.25]
        for (consensus, normalize) in [(true, true), (true, false), (false, true), (false, false)] {
            var merged = base
            TaskArithmetic.combine(base: &merged, deltas: deltas, weights: weights, signConsensus: consensus, normalize: normalize)
            Self.expectClose(merged, MergeReference.combine(base: base, deltas: deltas.map { $0.map(Double.init) },
                                                            weights: weights, consensus: consensus, normalize: normalize))
        }
    }

    @Test func dareIsReproducibleAndKeepsAboutDensity() {
        let delta = Self.random(200_000, seed: 12)
        func dropped(_ seed: UInt64, _ tensor: String = "blk.0.attn_q.weight") -> [Float] {
            var values = delta
            DropAndRescale.apply(&values, density: 0.3, seed: seed, tensor: tensor)
            return values
        }
        let first = dropped(1)
        #expect(first == dropped(1))
        #expect(first != dropped(2))
        #expect(first != dropped(1, "blk.1.attn_q.weight"))
        let kept = first.indices.filter { first[$0] != 0 }
        let fraction = Double(kept.count) / Double(delta.count)
        #expect(abs(fraction - 0.3) < 0.005, "kept \(fraction)")
        // Kept entries are rescaled by 1 / density, in Float.
        #expect(kept.allSatisfy { first[$0] == delta[$0] / Float(0.3) })
    }

    @Test func dareTiesAndDareLinearAddTheRescaledKeptDeltas() throws {
        let a = Self.random(70_000, seed: 13), b = Self.random(70_000, seed: 14)
        for consensus in [true, false] {
            var merged = a, scratch = b
            let parameters = TaskArithmetic.Parameters(sparsification: .dropAndRescale(density: 0.5, seed: 3), weight: 0.5,
                                                       signConsensus: consensus, normalize: false)
            try TaskArithmetic.merge(base: &merged, model: &scratch, parameters: parameters, tensor: "output.weight")
            // The mask, recovered independently of the merge: which deltas survive the drop.
            var delta = zip(a, b).map { $1 - $0 }
            DropAndRescale.apply(&delta, density: 0.5, seed: 3, tensor: "output.weight")
            Self.expectClose(merged, MergeReference.combine(base: a, deltas: [delta.map(Double.init)], weights: [0.5],
                                                            consensus: consensus, normalize: false))
            let changed = merged.indices.filter { merged[$0] != a[$0] }.count
            #expect(abs(Double(changed) / 70_000 - 0.5) < 0.01)
        }
    }

    @Test func linearMatchesTheFormula() throws {
        let a = Self.random(3000, seed: 15), b = Self.random(3000, seed: 16)
        for normalize in [true, false] {
            var merged = a
            try LinearCombination.merge(base: &merged, model: b, baseWeight: 0.7, weight: 0.3, normalize: normalize, tensor: "t")
            Self.expectClose(merged, MergeReference.linear(a, b, baseWeight: 0.7, weight: 0.3, normalize: normalize))
        }
        var merged = a
        #expect(throws: MergeError.self) {
            try LinearCombination.merge(base: &merged, model: b, baseWeight: 1, weight: -1, normalize: true, tensor: "t")
        }
    }

    /// Chunks run in whatever order the cores take them; the bytes must not change.
    @Test func repeatedMergesGiveIdenticalBytes() throws {
        let a = Self.random(300_000, seed: 17), b = Self.random(300_000, seed: 18)
        let runs = try (0 ..< 3).map { _ -> [Float] in
            var merged = a, scratch = b
            try TaskArithmetic.merge(base: &merged, model: &scratch,
                                     parameters: .init(sparsification: .magnitude(density: 0.4), weight: 1, signConsensus: true, normalize: true),
                                     tensor: "t")
            Slerp.interpolate(t: 0.4, base: &merged, model: b)
            return merged
        }
        #expect(runs[0] == runs[1] && runs[1] == runs[2])
    }
}
