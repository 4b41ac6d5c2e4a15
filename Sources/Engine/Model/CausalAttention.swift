import Foundation

/// Causal grouped-query self-attention of a batch of new tokens over a sequence's F16
/// key-value cache, computed as llama.cpp computes it without flash attention: the query
/// rounded to F16, scores scaled by 1/√d, a softmax by groups of 16 positions whose sum
/// accumulates in double, the probabilities rounded to F16 before they weigh the values (the
/// order of every sum: ``AttentionKernels``).
struct CausalAttention: Sendable {
    let headCount: Int
    let keyValueHeadCount: Int
    let headDimension: Int
    let kernels: AttentionKernels
    /// When set, a query attends only to the last `slidingWindow` positions up to its own.
    let slidingWindow: Int?

    /// `output[i]` = attention of the query `queries[i]` at position `firstPosition + i` over
    /// positions `0 ... firstPosition + i` of `sequence` in `layer`. Rows are `headCount *
    /// headDimension` wide.
    func callAsFunction(
        queries: UnsafePointer<Float>, count: Int, firstPosition: Int, layer: Int,
        sequence: KVSequence, output: UnsafeMutablePointer<Float>, pool: ThreadPool
    ) {
        let width = headCount * headDimension
        let headsPerGroup = headCount / keyValueHeadCount
        let scale = 1 / Float(headDimension).squareRoot()
        let lastPosition = firstPosition + count - 1
        // Room for every position of the last query, in whole blocks.
        let blockCount = lastPosition / KVBlock.positions + 1
        pool.parallelFor(headCount) { head in
            let group = head / headsPerGroup
            let halves = UnsafeMutablePointer<UInt16>.allocate(capacity: headDimension)
            let query = UnsafeMutablePointer<Float>.allocate(capacity: headDimension)
            let weights = UnsafeMutablePointer<Float>.allocate(capacity: blockCount * KVBlock.positions)
            // Where each block's value rows of this head's group start.
            let valueBlocks = UnsafeMutablePointer<UnsafePointer<UInt16>>.allocate(capacity: blockCount)
            defer {
                halves.deallocate()
                query.deallocate()
                weights.deallocate()
                valueBlocks.deallocate()
            }
            for block in 0 ..< blockCount {
                valueBlocks[block] = UnsafePointer(sequence.value(layer: layer, position: block * KVBlock.positions) + group * headDimension)
            }
            for index in 0 ..< count {
                kernels.storeHalves(queries + index * width + head * headDimension, halves, headDimension)
                for d in 0 ..< headDimension { query[d] = HalfTable.float(halves[d]) }
                let visible = firstPosition + index + 1
                let oldest = slidingWindow.map { max(0, visible - $0) } ?? 0
                let firstBlock = oldest / KVBlock.positions, lastBlock = (visible - 1) / KVBlock.positions

                for block in firstBlock ... lastBlock {
                    let keys = sequence.keys(layer: layer, block: block, component: group * headDimension)
                    kernels.scores(query, keys, headDimension, weights + block * KVBlock.positions)
                }
                var largest = -Float.infinity
                for position in oldest ..< visible {
                    weights[position] *= scale
                    largest = max(largest, weights[position])
                }
                var sum = 0.0
                for block in firstBlock ... lastBlock {
                    let start = block * KVBlock.positions
                    sum += Double(kernels.softmaxGroup(weights + start, max(oldest - start, 0), min(visible - start, KVBlock.positions), largest))
                }
                let normalizer = Float(1 / sum)
                for position in oldest ..< visible { weights[position] *= normalizer }
                kernels.roundThroughHalf(weights + oldest, visible - oldest)

                let start = firstBlock * KVBlock.positions
                kernels.weightedValues(
                    output + index * width + head * headDimension, weights + start, valueBlocks + firstBlock,
                    lastBlock - firstBlock + 1, sequence.width, oldest - start, visible - start, headDimension)
            }
        }
    }
}
