/// TIES' trim: keeps the `int(density · n)` entries of largest magnitude and zeroes the rest,
/// as mergekit v0.0.4's `magnitude` (`mergekit/sparsify.py`) does; density ≥ 1 keeps all.
///
/// Ties at the threshold: mergekit takes `torch.topk`'s indices, whose order among equal
/// magnitudes is unspecified. Here it is fixed: among entries whose magnitude equals the
/// k-th largest, the ones with the lowest flat indices are kept. (-0 and +0 are equal; a NaN
/// counts as larger than every number.)
///
/// The threshold is found by a two-pass radix selection on the magnitudes' bit patterns (a
/// non-negative float's bits order as its value): a histogram of the upper 16 bits, then of
/// the lower 16 within the chosen bin. Counts are integers, so the parallel sums are exact.
public enum MagnitudeTrim {
    /// Zeroes all but the `int(density · count)` largest-magnitude entries of `values`.
    /// `tensor` names the tensor in the error thrown when that number is 0.
    public static func apply(_ values: inout [Float], density: Double, tensor: String) throws(MergeError) {
        guard density < 1 else { return }
        let keep = Int(density * Double(values.count))
        guard keep > 0 else { throw .densityKeepsNothing(tensor: tensor, density: density, elements: values.count) }
        values.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedFloats(buffer)
            let count = buffer.count
            // The k-th largest magnitude's bit pattern, and how many entries lie strictly above it.
            let high = histogram(count: count) { index in
                let bits = magnitudeBits(shared[index])
                return Int(bits >> 16)
            }
            let (highBin, aboveHigh) = bin(holdingRank: keep, of: high)
            let low = histogram(count: count) { index in
                let bits = magnitudeBits(shared[index])
                return bits >> 16 == UInt32(highBin) ? Int(bits & 0xFFFF) : nil
            }
            let (lowBin, aboveLow) = bin(holdingRank: keep - aboveHigh, of: low)
            let threshold = UInt32(highBin) << 16 | UInt32(lowBin)
            let equalToKeep = keep - aboveHigh - aboveLow

            // Entries equal to the threshold, per chunk, so each chunk knows how many of its
            // own it keeps when equals are kept in index order.
            let equalCounts = ElementChunks.map(elements: count) { range in
                range.reduce(0) { $0 + (magnitudeBits(shared[$1]) == threshold ? 1 : 0) }
            }
            var prefix = [Int](repeating: 0, count: equalCounts.count)
            for chunk in equalCounts.indices.dropFirst() { prefix[chunk] = prefix[chunk - 1] + equalCounts[chunk - 1] }
            let equalBefore = prefix
            ElementChunks.forEach(elements: count) { chunk, range in
                var equalSeen = equalBefore[chunk]
                for index in range {
                    let bits = magnitudeBits(shared[index])
                    if bits > threshold { continue }
                    if bits == threshold {
                        equalSeen += 1
                        if equalSeen <= equalToKeep { continue }
                    }
                    shared[index] = 0
                }
            }
        }
    }

    /// The bits of |value|, ordered as the magnitudes are.
    @inline(__always)
    static func magnitudeBits(_ value: Float) -> UInt32 { value.bitPattern & 0x7FFF_FFFF }

    /// A 65536-bin histogram of `bin(index)` over the indices (nil: not counted), counted in
    /// at most 32 parallel stripes (a histogram each; integer counts, so any split is exact).
    private static func histogram(count: Int, _ bin: @Sendable (Int) -> Int?) -> [Int] {
        let stripes = max(1, min(32, ElementChunks.count(of: count)))
        let stripeLength = (count + stripes - 1) / stripes
        let partial = ElementChunks.parallelMap(stripes) { stripe -> [Int32] in
            var counts = [Int32](repeating: 0, count: 1 << 16)
            for index in stripe * stripeLength ..< min(count, (stripe + 1) * stripeLength) {
                if let b = bin(index) { counts[b] += 1 }
            }
            return counts
        }
        var total = [Int](repeating: 0, count: 1 << 16)
        for counts in partial { for b in counts.indices where counts[b] != 0 { total[b] += Int(counts[b]) } }
        return total
    }

    /// The bin holding the `rank`-th largest (1-based) entry, and how many lie in higher bins.
    private static func bin(holdingRank rank: Int, of histogram: [Int]) -> (bin: Int, above: Int) {
        var above = 0
        for b in histogram.indices.reversed() {
            if above + histogram[b] >= rank { return (b, above) }
            above += histogram[b]
        }
        preconditionFailure("rank \(rank) exceeds the \(above) entries counted")
    }
}
