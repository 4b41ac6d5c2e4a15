@testable import Engine
import Testing
import TestSupport

/// Attention's kernels compute the same bits in both families, at the edges too: head
/// dimensions that are not a multiple of 16, softmax groups cut by the causal mask or a sliding
/// window, value sums over a range that starts and ends inside a block. (llama.cpp's order
/// itself is checked against its graphs in ``LlamaCppGraphTests``.)
@Suite(.enabled(if: CPUFeatures.current.hasAVX512VNNI, "the AVX-512 family needs AVX-512 with VNNI"))
struct AttentionKernelTests {
    static let portable = AttentionKernels(family: .portable), avx512 = AttentionKernels(family: .avx512)

    static func halves(_ random: inout SeededGenerator, _ count: Int) -> [UInt16] {
        random.normals(count).map { Float16($0).bitPattern }
    }

    @Test(arguments: [64, 72, 128])
    func scoresAreTheSameInBothFamilies(_ dimension: Int) {
        var random = SeededGenerator(seed: UInt64(40 + dimension))
        let keys = Self.halves(&random, KVBlock.positions * dimension)
        let query = random.normals(dimension, scale: 2).map { Float(Float16($0)) }
        var results: [[Float]] = []
        for kernels in [Self.portable, Self.avx512] {
            var scores = [Float](repeating: .nan, count: KVBlock.positions)
            kernels.scores(query, keys, dimension, &scores)
            results.append(scores)
        }
        #expect(results[0].map(\.bitPattern) == results[1].map(\.bitPattern))
    }

    @Test(arguments: [(0, 16), (3, 16), (0, 5), (7, 9), (15, 16)])
    func softmaxGroupsAreTheSameInBothFamilies(_ first: Int, _ end: Int) {
        var random = SeededGenerator(seed: UInt64(50 + 16 * first + end))
        var scores = random.normals(KVBlock.positions, scale: 8)
        scores[first] = -120
        let maximum = scores[first ..< end].max()! + 0.5
        var results: [([Float], Float)] = []
        for kernels in [Self.portable, Self.avx512] {
            var group = scores
            let fold = kernels.softmaxGroup(&group, first, end, maximum)
            results.append((group, fold))
        }
        #expect(results[0].0.map(\.bitPattern) == results[1].0.map(\.bitPattern))
        #expect(results[0].1.bitPattern == results[1].1.bitPattern)
        #expect(results[0].0[..<first] == scores[..<first] && results[0].0[end...] == scores[end...], "positions outside stay")
    }

    @Test(arguments: [(64, 0, 48), (64, 5, 40), (72, 17, 18), (128, 16, 33)])
    func weightedValuesAreTheSameInBothFamilies(_ dimension: Int, _ first: Int, _ end: Int) {
        var random = SeededGenerator(seed: UInt64(60 + dimension + first))
        let blockCount = 3, stride = dimension + 8
        let values = (0 ..< blockCount).map { _ in Self.halves(&random, KVBlock.positions * stride) }
        let probabilities = random.normals(blockCount * KVBlock.positions).map { Float(Float16(abs($0) / 8)) }
        var results: [[Float]] = []
        for kernels in [Self.portable, Self.avx512] {
            var output = [Float](repeating: .nan, count: dimension)
            values[0].withUnsafeBufferPointer { b0 in
                values[1].withUnsafeBufferPointer { b1 in
                    values[2].withUnsafeBufferPointer { b2 in
                        let blocks = [b0.baseAddress!, b1.baseAddress!, b2.baseAddress!]
                        kernels.weightedValues(&output, probabilities, blocks, blockCount, stride, first, end, dimension)
                    }
                }
            }
            results.append(output)
        }
        #expect(results[0].map(\.bitPattern) == results[1].map(\.bitPattern))
        #expect(!results[0].contains { $0.isNaN })
    }
}
