import _Builtin_intrinsics.intel

/// Q4_1 and Q5_1 bands (layouts: RowLanes32.swift), with llama.cpp's 8-lane dot product
/// (Engine/Kernels/Portable/DotQ8_1.swift) for 16 rows at once. Group g of a block, values
/// 4g ..< 4g + 4, is llama.cpp's lane g: its `vpdpbusd` starts from zero, and the integer sum
/// is converted and fused-multiply-added with d_w · d_a into the group's own 16 sums; beside
/// them the minimums take `fma(m_w, s_a, ·)`. Each column keeps nine vectors of sums, folded at
/// the end as llama.cpp's `hsum_float_8` folds its lanes.
extension AVX512RowLanes32 {
    /// One column's sums for the 16 rows of a band: one vector per group, one for the minimums.
    struct LaneSums {
        var g0 = _mm512_setzero_ps(), g1 = _mm512_setzero_ps(), g2 = _mm512_setzero_ps(), g3 = _mm512_setzero_ps()
        var g4 = _mm512_setzero_ps(), g5 = _mm512_setzero_ps(), g6 = _mm512_setzero_ps(), g7 = _mm512_setzero_ps()
        var minimums = _mm512_setzero_ps()

        /// One block of the prepared activation block at `a`.
        @inline(__always)
        mutating func add(_ w: Groups, _ scales: __m512, _ m: __m512, _ a: UnsafeRawPointer) {
            let scale = _mm512_mul_ps(scales, _mm512_set1_ps(a.loadUnaligned(fromByteOffset: activationDOffset, as: Float.self)))
            @inline(__always) func group(_ sums: __m512, _ levels: __m512i, _ index: Int) -> __m512 {
                let values = _mm512_set1_epi32(a.loadUnaligned(fromByteOffset: 4 * index, as: Int32.self))
                return _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_dpbusd_epi32(_mm512_setzero_si512(), levels, values)), scale, sums)
            }
            g0 = group(g0, w.0, 0)
            g1 = group(g1, w.1, 1)
            g2 = group(g2, w.2, 2)
            g3 = group(g3, w.3, 3)
            g4 = group(g4, w.4, 4)
            g5 = group(g5, w.5, 5)
            g6 = group(g6, w.6, 6)
            g7 = group(g7, w.7, 7)
            minimums = _mm512_fmadd_ps(m, _mm512_set1_ps(a.loadUnaligned(fromByteOffset: activationSOffset, as: Float.self)), minimums)
        }

        /// `((g0 + g4) + (g2 + g6)) + ((g1 + g5) + (g3 + g7)) + minimums`, row by row.
        @inline(__always)
        var total: __m512 {
            let f0 = g0 + g4, f1 = g1 + g5, f2 = g2 + g6, f3 = g3 + g7
            return ((f0 + f2) + (f1 + f3)) + minimums
        }
    }

    /// Every column against the unpacked band, two at a time (the weights of a block stay in
    /// registers for both; nine sums a column leave no room for a third).
    static func minimumBand(
        _ scratch: UnsafeRawPointer, _ recordBytes: Int, _ blocks: Int,
        _ prepared: UnsafeRawPointer, _ preparedRowBytes: Int, _ columns: Int,
        _ output: UnsafeMutablePointer<Float>, _ outputStride: Int, _ mask: __mmask16
    ) {
        var column = 0
        while column + 2 <= columns {
            let first = prepared + column * preparedRowBytes, second = first + preparedRowBytes
            var s0 = LaneSums(), s1 = LaneSums()
            for block in 0 ..< blocks {
                let record = scratch + block &* recordBytes
                let w = groups(record)
                let scales = _mm512_loadu_ps(record + dOffset), m = _mm512_loadu_ps(record + mOffset)
                s0.add(w, scales, m, first + block &* preparedBlockBytes)
                s1.add(w, scales, m, second + block &* preparedBlockBytes)
            }
            _mm512_mask_storeu_ps(output + column * outputStride, mask, s0.total)
            _mm512_mask_storeu_ps(output + (column + 1) * outputStride, mask, s1.total)
            column += 2
        }
        if column < columns {
            let first = prepared + column * preparedRowBytes
            var s0 = LaneSums()
            for block in 0 ..< blocks {
                let record = scratch + block &* recordBytes
                s0.add(groups(record), _mm512_loadu_ps(record + dOffset), _mm512_loadu_ps(record + mOffset),
                       first + block &* preparedBlockBytes)
            }
            _mm512_mask_storeu_ps(output + column * outputStride, mask, s0.total)
        }
    }

    /// One row against one prepared column, from the weights as stored: llama.cpp's loop,
    /// its 8 lanes in lanes 0-7 of a vector (the upper 8 multiply zeros).
    static func minimumDirect(_ weights: UnsafeRawPointer, _ type: Weights, _ blocks: Int, _ prepared: UnsafeRawPointer) -> Float {
        var lanes = _mm512_setzero_ps(), minimums: Float = 0
        for block in 0 ..< blocks {
            let source = weights + block * type.blockBytes, a = prepared + block * preparedBlockBytes
            let products = _mm512_dpbusd_epi32(_mm512_setzero_si512(), levels(source, type, false), load32(a))
            minimums = minimums.addingProduct(half(source, 2), a.loadUnaligned(fromByteOffset: activationSOffset, as: Float.self))
            let scale = half(source) * a.loadUnaligned(fromByteOffset: activationDOffset, as: Float.self)
            lanes = _mm512_fmadd_ps(_mm512_cvtepi32_ps(products), _mm512_set1_ps(scale), lanes)
        }
        return reduceLanes8(lanes) + minimums
    }
}
