import _Builtin_intrinsics.intel

/// Attention's two products over an F16 cache in llama.cpp's order (the arithmetic is in
/// Engine's AttentionKernels, which the portable family computes one lane at a time): sums in
/// 16 lanes, lane l taking every sixteenth term from l, folded by `reduceLanes`'s tree.
public enum AVX512Attention {
    /// Scores of the 16 positions of a transposed F16 key block (`keys[d · 16 + p]`) against
    /// `query`: sixteen vectors of position sums, vector l fused-multiply-adding the dimensions
    /// l, l + 16, … in order, then folded vector by vector.
    @inline(never)
    public static func scores(
        query: UnsafePointer<Float>, keys: UnsafePointer<UInt16>, dimensions: Int, into scores: UnsafeMutablePointer<Float>
    ) {
        var lanes = SixteenLanes()
        var start = 0
        while start + 16 <= dimensions {
            lanes.addAll(query + start, keys + 16 * start, stride: 16, mask: 0xFFFF)
            start += 16
        }
        for d in start ..< dimensions {
            lanes.add(lane: d - start, query[d], keys + 16 * d, mask: 0xFFFF)
        }
        _mm512_storeu_ps(scores, lanes.folded)
    }

    /// `output[d]`, d < `dimensions`: the probability-weighted sum of value rows over the
    /// positions `first ..< end` counted from the first of `blockCount` blocks of 16 rows (row
    /// r of block b at `blocks[b] + r · stride`, probability at `probabilities[16b + r]`),
    /// position r in lane r mod 16. Sixteen dimensions at a time, in sixteen vectors.
    @inline(never)
    public static func weightedValues(
        _ output: UnsafeMutablePointer<Float>, probabilities: UnsafePointer<Float>,
        blocks: UnsafePointer<UnsafePointer<UInt16>>, blockCount: Int, stride: Int, first: Int, end: Int, dimensions: Int
    ) {
        var start = 0
        while start < dimensions {
            let mask = __mmask16(truncatingIfNeeded: dimensions - start >= 16 ? 0xFFFF : (1 << (dimensions - start)) - 1)
            var lanes = SixteenLanes()
            for block in 0 ..< blockCount {
                let base = 16 * block
                let rows = blocks[block] + start, weights = probabilities + base
                let low = max(first - base, 0), high = min(end - base, 16)
                if low == 0 && high == 16 {
                    lanes.addAll(weights, rows, stride: stride, mask: mask)
                } else if low < high {
                    for row in low ..< high { lanes.add(lane: row, weights[row], rows + row * stride, mask: mask) }
                }
            }
            _mm512_mask_storeu_ps(output + start, mask, lanes.folded)
            start += 16
        }
    }
}

/// Sixteen vectors of sums, one a lane of llama.cpp's 16-lane sums, each element of a vector a
/// separate result.
private struct SixteenLanes {
    var l0 = _mm512_setzero_ps(), l1 = _mm512_setzero_ps(), l2 = _mm512_setzero_ps(), l3 = _mm512_setzero_ps()
    var l4 = _mm512_setzero_ps(), l5 = _mm512_setzero_ps(), l6 = _mm512_setzero_ps(), l7 = _mm512_setzero_ps()
    var l8 = _mm512_setzero_ps(), l9 = _mm512_setzero_ps(), l10 = _mm512_setzero_ps(), l11 = _mm512_setzero_ps()
    var l12 = _mm512_setzero_ps(), l13 = _mm512_setzero_ps(), l14 = _mm512_setzero_ps(), l15 = _mm512_setzero_ps()

    /// Lane i takes `fma(factors[i], F16 row i, ·)`, row i at `rows + i · stride`.
    @inline(__always)
    mutating func addAll(_ factors: UnsafePointer<Float>, _ rows: UnsafePointer<UInt16>, stride: Int, mask: __mmask16) {
        @inline(__always) func term(_ sums: __m512, _ i: Int) -> __m512 {
            _mm512_fmadd_ps(_mm512_set1_ps(factors[i]), _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(mask, rows + i &* stride)), sums)
        }
        l0 = term(l0, 0); l1 = term(l1, 1); l2 = term(l2, 2); l3 = term(l3, 3)
        l4 = term(l4, 4); l5 = term(l5, 5); l6 = term(l6, 6); l7 = term(l7, 7)
        l8 = term(l8, 8); l9 = term(l9, 9); l10 = term(l10, 10); l11 = term(l11, 11)
        l12 = term(l12, 12); l13 = term(l13, 13); l14 = term(l14, 14); l15 = term(l15, 15)
    }

    /// Lane `lane` alone takes `fma(factor, F16 row, ·)`.
    @inline(__always)
    mutating func add(lane: Int, _ factor: Float, _ row: UnsafePointer<UInt16>, mask: __mmask16) {
        let values = _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(mask, row)), f = _mm512_set1_ps(factor)
        switch lane {
        case 0: l0 = _mm512_fmadd_ps(f, values, l0)
        case 1: l1 = _mm512_fmadd_ps(f, values, l1)
        case 2: l2 = _mm512_fmadd_ps(f, values, l2)
        case 3: l3 = _mm512_fmadd_ps(f, values, l3)
        case 4: l4 = _mm512_fmadd_ps(f, values, l4)
        case 5: l5 = _mm512_fmadd_ps(f, values, l5)
        case 6: l6 = _mm512_fmadd_ps(f, values, l6)
        case 7: l7 = _mm512_fmadd_ps(f, values, l7)
        case 8: l8 = _mm512_fmadd_ps(f, values, l8)
        case 9: l9 = _mm512_fmadd_ps(f, values, l9)
        case 10: l10 = _mm512_fmadd_ps(f, values, l10)
        case 11: l11 = _mm512_fmadd_ps(f, values, l11)
        case 12: l12 = _mm512_fmadd_ps(f, values, l12)
        case 13: l13 = _mm512_fmadd_ps(f, values, l13)
        case 14: l14 = _mm512_fmadd_ps(f, values, l14)
        default: l15 = _mm512_fmadd_ps(f, values, l15)
        }
    }

    /// `reduceLanes`'s tree across the sixteen vectors: lanes i and i + 8, then i and i + 4,
    /// then 0 and 2, 1 and 3, then the two.
    @inline(__always)
    var folded: __m512 {
        let e0 = l0 + l8, e1 = l1 + l9, e2 = l2 + l10, e3 = l3 + l11
        let e4 = l4 + l12, e5 = l5 + l13, e6 = l6 + l14, e7 = l7 + l15
        let f0 = e0 + e4, f1 = e1 + e5, f2 = e2 + e6, f3 = e3 + e7
        return (f0 + f2) + (f1 + f3)
    }
}
