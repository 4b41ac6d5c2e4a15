import EngineAVX512

/// The inner loops of attention over an F16 key-value cache, in blocks of 16 positions, with
/// llama.cpp's arithmetic without flash attention (its CPU backend on x86 with AVX-512, where
/// llamafile's tinyBLAS multiplies F16 by F16 for every batch of two tokens or more). Both
/// families compute the same bits:
///
/// - score[p] = Σ_d query[d] · key[d][p] in 16 lanes, lane l fused-multiply-adding dimensions
///   l, l + 16, … in order from 0, folded by ``reduceLanes(_:)`` (tinyBLAS's `_mm512_reduce_add_ps`);
/// - softmax by groups of 16 positions from position 0 (the positions of a cache block): each
///   visible position's `e^(score - max)` by llama.cpp's vector exponential
///   (``VectorExponential``), the group's 16 lanes folded by ``reduceLanes(_:)`` with 0 for the
///   masked ones, and the folds added in double (`ggml_vec_soft_max_f32`);
/// - output[d] = Σ_p probability[p] · value[p][d] in 16 lanes, lane l taking positions l,
///   l + 16, … from position 0 (masked ones add nothing), folded by ``reduceLanes(_:)``.
struct AttentionKernels: Sendable {
    /// `scores[p]` for the 16 positions of a transposed key block (`keys[d · 16 + p]`) against
    /// `query` (`dimensions` floats, each an F16 value).
    let scores: @Sendable (_ query: UnsafePointer<Float>, _ keys: UnsafePointer<UInt16>, _ dimensions: Int,
                           _ scores: UnsafeMutablePointer<Float>) -> Void
    /// Replaces `group[first ..< end]` (within 16) by `e^(value - maximum)`; returns the fold of
    /// the group's 16 lanes, 0 outside the range.
    let softmaxGroup: @Sendable (_ group: UnsafeMutablePointer<Float>, _ first: Int, _ end: Int, _ maximum: Float) -> Float
    /// `output[d]` for d < `dimensions`: Σ probabilities[r] · value row r over r in `first ..< end`,
    /// row r of block b = r / 16 at `blocks[b] + (r mod 16) · stride`, lane r mod 16.
    let weightedValues: @Sendable (_ output: UnsafeMutablePointer<Float>, _ probabilities: UnsafePointer<Float>,
                                   _ blocks: UnsafePointer<UnsafePointer<UInt16>>, _ blockCount: Int, _ stride: Int,
                                   _ first: Int, _ end: Int, _ dimensions: Int) -> Void
    /// F32 values stored as F16 (round to nearest even): queries, keys and values.
    let storeHalves: @Sendable (_ values: UnsafePointer<Float>, _ halves: UnsafeMutablePointer<UInt16>, _ count: Int) -> Void
    /// Each value replaced by its nearest F16 (the probabilities that weigh the values).
    let roundThroughHalf: @Sendable (_ values: UnsafeMutablePointer<Float>, _ count: Int) -> Void

    init(family: KernelSet.Family) {
        switch family {
        case .avx512:
            scores = { AVX512Attention.scores(query: $0, keys: $1, dimensions: $2, into: $3) }
            softmaxGroup = { AVX512Exponentials.softmaxGroup($0, first: $1, end: $2, maximum: $3) }
            weightedValues = {
                AVX512Attention.weightedValues($0, probabilities: $1, blocks: $2, blockCount: $3, stride: $4, first: $5, end: $6, dimensions: $7)
            }
            storeHalves = { AVX512Half.store($0, into: $1, count: $2) }
            roundThroughHalf = { AVX512Half.round($0, count: $1) }
        case .portable:
            scores = { query, keys, dimensions, scores in
                HalfTable.floats.withUnsafeBufferPointer { table in
                    for position in 0 ..< KVBlock.positions {
                        var lanes = SIMD16<Float>(repeating: 0)
                        for d in 0 ..< dimensions {
                            lanes[d % 16] = lanes[d % 16].addingProduct(query[d], table[Int(keys[d * KVBlock.positions + position])])
                        }
                        scores[position] = reduceLanes(lanes)
                    }
                }
            }
            softmaxGroup = { group, first, end, maximum in
                var lanes = SIMD16<Float>(repeating: 0)
                for index in first ..< end {
                    lanes[index] = VectorExponential.exp(group[index] - maximum)
                    group[index] = lanes[index]
                }
                return reduceLanes(lanes)
            }
            weightedValues = { output, probabilities, blocks, _, stride, first, end, dimensions in
                HalfTable.floats.withUnsafeBufferPointer { table in
                    for d in 0 ..< dimensions {
                        var lanes = SIMD16<Float>(repeating: 0)
                        for row in first ..< end {
                            let value = table[Int(blocks[row / 16][row % 16 * stride + d])]
                            lanes[row % 16] = lanes[row % 16].addingProduct(probabilities[row], value)
                        }
                        output[d] = reduceLanes(lanes)
                    }
                }
            }
            storeHalves = { values, halves, count in
                for index in 0 ..< count { halves[index] = Float16(values[index]).bitPattern }
            }
            roundThroughHalf = { values, count in
                for index in 0 ..< count { values[index] = Float(Float16(values[index])) }
            }
        }
    }
}
