import _Builtin_intrinsics.intel

/// Q2_K and Q3_K weights against Q8_K activations, 16 weight rows at a time, one row per lane,
/// with the portable kernels' arithmetic (Engine/Kernels/Portable/DotKQuants.swift): per
/// super-block the exact integer Σ scale · Σ level·a over its 16 sub-blocks of 16 (and for
/// Q2_K the exact Σ minimum · sub-block sum), then one fused multiply-add each.
///
/// Both types have levels and scales small enough that a level times its sub-block's scale
/// fits in a byte: Q2_K's level · scale is 0...45, and Q3_K's negated product
/// -(level · scale) is -128...124 (levels -4...3, scales -32...31). The band layout holds
/// those products, so a super-block's Σ scale · Σ level·a is one chain of 64 `vpdpbusd`, with
/// no multiply per sub-block (the Q4_K kernel needs one `vpmulld` for each). Q2_K's products
/// go first (unsigned) against the activation bytes; Q3_K's go second (signed) against the
/// activations made unsigned by adding 128, and the sum is then 128 · Σ product − the chain,
/// with 128 · Σ product computed once per band. Q2_K's minimum term takes a second pass:
/// `vpdpwssd` of each row's pairs of 16-bit minimums with the column's pairs of group sums.
///
/// Layouts. Per super-block of a band (16 rows), in per-thread scratch: 64 groups of 64 bytes
/// (row r's 4 products at 4r), then for Q2_K 8 vectors of minimum pairs (16-bit) and the rows'
/// d and dmin, for Q3_K the rows' 128 · Σ product and d. Per super-block of a prepared
/// activation row: 256 values (+128 for Q3_K), the scale as a float, and for Q2_K Q8_K's 16
/// group sums (16-bit each): 320 bytes.
public enum AVX512RowLanesLowBitKQuants {
    public enum Weights: Sendable {
        case q2_K, q3_K

        var blockBytes: Int { self == .q2_K ? 84 : 110 }
        var recordBytes: Int { self == .q2_K ? 4736 : 4224 }
    }

    public static let rowsPerBand = 16
    static let preparedBlockBytes = 320
    // Offsets in a band record.
    static let minimumsOffset = 4096, q2DOffset = 4608, q2DminOffset = 4672
    static let q3OffsetTermOffset = 4096, q3DOffset = 4160
    // Offsets in a prepared activation block.
    static let activationDOffset = 256, groupSumsOffset = 260

    public static func preparedRowBytes(length: Int) -> Int { length / 256 * preparedBlockBytes }

    public static func scratchBytes(length: Int, for weights: Weights) -> Int { length / 256 * weights.recordBytes }

    /// Lays out one Q8_K activation row (ggml blocks: d f32 at 0, 256 values at 4, 16 group sums
    /// at 260; 292 bytes) for `weights`.
    @inline(never)
    public static func prepare(_ row: UnsafeRawPointer, length: Int, for weights: Weights, into prepared: UnsafeMutableRawPointer) {
        let bias = _mm512_set1_epi8(weights == .q3_K ? -128 : 0)
        for block in 0 ..< length / 256 {
            let source = row + block * 292, target = prepared + block * preparedBlockBytes
            for part in 0 ..< 4 {
                _mm512_storeu_si512(target + 64 * part, _mm512_xor_si512(_mm512_loadu_si512(source + 4 + 64 * part), bias))
            }
            target.storeBytes(of: source.loadUnaligned(as: Float.self), toByteOffset: activationDOffset, as: Float.self)
            _mm256_storeu_epi8(target + groupSumsOffset, _mm256_loadu_epi8(source + 260))
        }
    }

    @inline(never)
    public static func band(
        _ weights: UnsafeRawPointer, _ weightRowBytes: Int, _ rows: Int, type: Weights,
        _ prepared: UnsafeRawPointer, _ preparedRowBytes: Int, _ columns: Int,
        _ length: Int, _ output: UnsafeMutablePointer<Float>, _ outputStride: Int,
        scratch: UnsafeMutableRawPointer
    ) {
        let blocks = length / 256
        if columns == 1 {
            // One column does not pay for laying the band out: go row by row.
            for row in 0 ..< rows {
                output[row] = direct(weights + row * weightRowBytes, type, blocks, prepared)
            }
            return
        }
        unpack(weights, weightRowBytes, rows, type, blocks, scratch)
        let mask = __mmask16(truncatingIfNeeded: (1 << rows) - 1)
        if type == .q2_K {
            Self.columns(Q2.self, scratch, blocks, prepared, preparedRowBytes, columns, output, outputStride, mask)
        } else {
            Self.columns(Q3.self, scratch, blocks, prepared, preparedRowBytes, columns, output, outputStride, mask)
        }
    }

    private static func unpack(
        _ weights: UnsafeRawPointer, _ weightRowBytes: Int, _ rows: Int, _ type: Weights, _ blocks: Int,
        _ scratch: UnsafeMutableRawPointer
    ) {
        if rows < rowsPerBand { scratch.initializeMemory(as: UInt8.self, repeating: 0, count: blocks * type.recordBytes) }
        withUnsafeTemporaryAllocation(of: __m512i.self, capacity: 16) { tile in
            let chunkRows = tile.baseAddress!
            for block in 0 ..< blocks {
                let record = scratch + block * type.recordBytes
                // Per chunk of 64 values, one vector a row (lane g: the row's group g), then
                // transposed to one vector a group (lane r: row r's 4 products).
                for chunk in 0 ..< 4 {
                    for row in 0 ..< rowsPerBand {
                        guard row < rows else {
                            chunkRows[row] = _mm512_setzero_si512()
                            continue
                        }
                        let source = weights + row * weightRowBytes + block * type.blockBytes
                        chunkRows[row] = LowBitKQuantChunks.products(source, type, chunk)
                    }
                    Transpose16x16.transpose(chunkRows)
                    for group in 0 ..< 16 {
                        _mm512_storeu_si512(record + 64 * (16 * chunk + group), chunkRows[group])
                    }
                }
                for row in 0 ..< rows {
                    let source = weights + row * weightRowBytes + block * type.blockBytes
                    if type == .q2_K {
                        for subBlock in 0 ..< 16 {
                            let minimum = Int16(source.load(fromByteOffset: subBlock, as: UInt8.self) >> 4)
                            record.storeBytes(of: minimum, toByteOffset: minimumsOffset + 64 * (subBlock / 2) + 4 * row + 2 * (subBlock % 2),
                                              as: Int16.self)
                        }
                        record.storeBytes(of: half(source, 80), toByteOffset: q2DOffset + 4 * row, as: Float.self)
                        record.storeBytes(of: half(source, 82), toByteOffset: q2DminOffset + 4 * row, as: Float.self)
                    } else {
                        record.storeBytes(of: half(source, 108), toByteOffset: q3DOffset + 4 * row, as: Float.self)
                    }
                }
                if type == .q3_K {
                    // 128 · Σ product per row: each lane's 4 products summed by `vpdpbusd` against ones.
                    var productSums = _mm512_setzero_si512()
                    for group in 0 ..< 64 {
                        productSums = _mm512_dpbusd_epi32(productSums, _mm512_set1_epi8(1), _mm512_loadu_si512(record + 64 * group))
                    }
                    _mm512_storeu_si512(record + q3OffsetTermOffset, _mm512_slli_epi32(productSums, 7))
                }
            }
        }
    }

    /// What differs between the two layouts, known at compile time so the loops specialize.
    protocol Layout {
        /// Q3_K: signed products, second operand; the activations carry +128.
        static var signed: Bool { get }
        static var recordBytes: Int { get }
        static var dOffset: Int { get }
    }

    enum Q2: Layout {
        static let signed = false, recordBytes = 4736, dOffset = q2DOffset
    }

    enum Q3: Layout {
        static let signed = true, recordBytes = 4224, dOffset = q3DOffset
    }

    private static func columns<L: Layout>(
        _ layout: L.Type, _ scratch: UnsafeRawPointer, _ blocks: Int, _ prepared: UnsafeRawPointer, _ preparedRowBytes: Int,
        _ columns: Int, _ output: UnsafeMutablePointer<Float>, _ outputStride: Int, _ mask: __mmask16
    ) {
        var column = 0
        while column + 8 <= columns {
            tile8(layout, scratch, blocks, prepared + column * preparedRowBytes, preparedRowBytes,
                  output + column * outputStride, outputStride, mask)
            column += 8
        }
        while column < columns {
            _mm512_mask_storeu_ps(output + column * outputStride, mask,
                                  single(layout, scratch, blocks, prepared + column * preparedRowBytes))
            column += 1
        }
    }

    /// Eight columns against the band: each group of 16 rows' products is loaded once for all
    /// eight, and the eight `vpdpbusd` chains run side by side.
    @inline(__always)
    private static func tile8<L: Layout>(
        _: L.Type, _ scratch: UnsafeRawPointer, _ blocks: Int, _ prepared: UnsafeRawPointer, _ preparedRowBytes: Int,
        _ output: UnsafeMutablePointer<Float>, _ outputStride: Int, _ mask: __mmask16
    ) {
        var s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps(), s2 = _mm512_setzero_ps(), s3 = _mm512_setzero_ps()
        var s4 = _mm512_setzero_ps(), s5 = _mm512_setzero_ps(), s6 = _mm512_setzero_ps(), s7 = _mm512_setzero_ps()
        for block in 0 ..< blocks {
            let record = scratch + block &* L.recordBytes
            let a0 = prepared + block &* preparedBlockBytes, a1 = a0 + preparedRowBytes
            let a2 = a1 + preparedRowBytes, a3 = a2 + preparedRowBytes, a4 = a3 + preparedRowBytes
            let a5 = a4 + preparedRowBytes, a6 = a5 + preparedRowBytes, a7 = a6 + preparedRowBytes
            var l0 = _mm512_setzero_si512(), l1 = _mm512_setzero_si512(), l2 = _mm512_setzero_si512(), l3 = _mm512_setzero_si512()
            var l4 = _mm512_setzero_si512(), l5 = _mm512_setzero_si512(), l6 = _mm512_setzero_si512(), l7 = _mm512_setzero_si512()
            for group in 0 ..< 64 {
                let products = _mm512_loadu_si512(record + 64 &* group), offset = 4 &* group
                l0 = accumulate(L.self, l0, products, a0 + offset)
                l1 = accumulate(L.self, l1, products, a1 + offset)
                l2 = accumulate(L.self, l2, products, a2 + offset)
                l3 = accumulate(L.self, l3, products, a3 + offset)
                l4 = accumulate(L.self, l4, products, a4 + offset)
                l5 = accumulate(L.self, l5, products, a5 + offset)
                l6 = accumulate(L.self, l6, products, a6 + offset)
                l7 = accumulate(L.self, l7, products, a7 + offset)
            }
            s0 = finish(L.self, s0, l0, record, a0)
            s1 = finish(L.self, s1, l1, record, a1)
            s2 = finish(L.self, s2, l2, record, a2)
            s3 = finish(L.self, s3, l3, record, a3)
            s4 = finish(L.self, s4, l4, record, a4)
            s5 = finish(L.self, s5, l5, record, a5)
            s6 = finish(L.self, s6, l6, record, a6)
            s7 = finish(L.self, s7, l7, record, a7)
        }
        if !L.signed {
            var m0 = _mm512_setzero_ps(), m1 = _mm512_setzero_ps(), m2 = _mm512_setzero_ps(), m3 = _mm512_setzero_ps()
            var m4 = _mm512_setzero_ps(), m5 = _mm512_setzero_ps(), m6 = _mm512_setzero_ps(), m7 = _mm512_setzero_ps()
            for block in 0 ..< blocks {
                let record = scratch + block &* L.recordBytes
                let a0 = prepared + block &* preparedBlockBytes
                m0 = minimumStep(m0, record, a0)
                m1 = minimumStep(m1, record, a0 + preparedRowBytes)
                m2 = minimumStep(m2, record, a0 + 2 &* preparedRowBytes)
                m3 = minimumStep(m3, record, a0 + 3 &* preparedRowBytes)
                m4 = minimumStep(m4, record, a0 + 4 &* preparedRowBytes)
                m5 = minimumStep(m5, record, a0 + 5 &* preparedRowBytes)
                m6 = minimumStep(m6, record, a0 + 6 &* preparedRowBytes)
                m7 = minimumStep(m7, record, a0 + 7 &* preparedRowBytes)
            }
            (s0, s1, s2, s3) = (_mm512_sub_ps(s0, m0), _mm512_sub_ps(s1, m1), _mm512_sub_ps(s2, m2), _mm512_sub_ps(s3, m3))
            (s4, s5, s6, s7) = (_mm512_sub_ps(s4, m4), _mm512_sub_ps(s5, m5), _mm512_sub_ps(s6, m6), _mm512_sub_ps(s7, m7))
        }
        _mm512_mask_storeu_ps(output, mask, s0)
        _mm512_mask_storeu_ps(output + outputStride, mask, s1)
        _mm512_mask_storeu_ps(output + 2 * outputStride, mask, s2)
        _mm512_mask_storeu_ps(output + 3 * outputStride, mask, s3)
        _mm512_mask_storeu_ps(output + 4 * outputStride, mask, s4)
        _mm512_mask_storeu_ps(output + 5 * outputStride, mask, s5)
        _mm512_mask_storeu_ps(output + 6 * outputStride, mask, s6)
        _mm512_mask_storeu_ps(output + 7 * outputStride, mask, s7)
    }

    /// One column against the band, with a tile's operations.
    private static func single<L: Layout>(
        _: L.Type, _ scratch: UnsafeRawPointer, _ blocks: Int, _ prepared: UnsafeRawPointer
    ) -> __m512 {
        var sums = _mm512_setzero_ps(), minimums = _mm512_setzero_ps()
        for block in 0 ..< blocks {
            let record = scratch + block &* L.recordBytes, a = prepared + block &* preparedBlockBytes
            var lanes = _mm512_setzero_si512()
            for group in 0 ..< 64 {
                lanes = accumulate(L.self, lanes, _mm512_loadu_si512(record + 64 &* group), a + 4 &* group)
            }
            sums = finish(L.self, sums, lanes, record, a)
        }
        if L.signed { return sums }
        for block in 0 ..< blocks {
            minimums = minimumStep(minimums, scratch + block &* L.recordBytes, prepared + block &* preparedBlockBytes)
        }
        return _mm512_sub_ps(sums, minimums)
    }

    /// 4 values of one column, broadcast, against a group of 16 rows' products.
    @inline(__always)
    private static func accumulate<L: Layout>(_: L.Type, _ lanes: __m512i, _ products: __m512i, _ values: UnsafeRawPointer) -> __m512i {
        let broadcast = _mm512_set1_epi32(values.loadUnaligned(as: Int32.self))
        return L.signed ? _mm512_dpbusd_epi32(lanes, broadcast, products) : _mm512_dpbusd_epi32(lanes, products, broadcast)
    }

    /// `sum = fma(Float(Σ scale · Σ level·a), d_w · d_a, sum)` lane by lane, from the chain's lanes.
    @inline(__always)
    private static func finish<L: Layout>(
        _: L.Type, _ sum: __m512, _ lanes: __m512i, _ record: UnsafeRawPointer, _ activations: UnsafeRawPointer
    ) -> __m512 {
        let exact = L.signed ? _mm512_sub_epi32(_mm512_loadu_si512(record + q3OffsetTermOffset), lanes) : lanes
        let scale = _mm512_mul_ps(_mm512_loadu_ps(record + L.dOffset),
                                  _mm512_set1_ps(activations.loadUnaligned(fromByteOffset: activationDOffset, as: Float.self)))
        return _mm512_fmadd_ps(_mm512_cvtepi32_ps(exact), scale, sum)
    }

    /// Q2_K: `minimums = fma(Float(Σ minimum · group sum), dmin_w · d_a, minimums)` lane by lane.
    @inline(__always)
    private static func minimumStep(_ minimums: __m512, _ record: UnsafeRawPointer, _ activations: UnsafeRawPointer) -> __m512 {
        var total = _mm512_setzero_si512()
        for pair in 0 ..< 8 {
            let sums = _mm512_set1_epi32(activations.loadUnaligned(fromByteOffset: groupSumsOffset &+ 4 &* pair, as: Int32.self))
            total = _mm512_dpwssd_epi32(total, _mm512_loadu_si512(record + (minimumsOffset &+ 64 &* pair)), sums)
        }
        let scale = _mm512_mul_ps(_mm512_loadu_ps(record + q2DminOffset),
                                  _mm512_set1_ps(activations.loadUnaligned(fromByteOffset: activationDOffset, as: Float.self)))
        return _mm512_fmadd_ps(_mm512_cvtepi32_ps(total), scale, minimums)
    }

    /// One row against one prepared column, from the weights as stored: 64 products at a time,
    /// the integer sums exact as in the band path, then the same fused multiply-adds.
    private static func direct(_ weights: UnsafeRawPointer, _ type: Weights, _ blocks: Int, _ prepared: UnsafeRawPointer) -> Float {
        var sum: Float = 0, minimums: Float = 0
        for block in 0 ..< blocks {
            let source = weights + block * type.blockBytes, a = prepared + block * preparedBlockBytes
            let dActivation = a.loadUnaligned(fromByteOffset: activationDOffset, as: Float.self)
            var lanes = _mm512_setzero_si512(), offset = _mm512_setzero_si512()
            for chunk in 0 ..< 4 {
                let products = LowBitKQuantChunks.products(source, type, chunk)
                let values = _mm512_loadu_si512(a + 64 * chunk)
                if type == .q3_K {
                    // The prepared values are a + 128: take 128 · Σ product back out.
                    lanes = _mm512_dpbusd_epi32(lanes, values, products)
                    offset = _mm512_dpbusd_epi32(offset, _mm512_set1_epi8(-128), products)
                } else {
                    lanes = _mm512_dpbusd_epi32(lanes, products, values)
                }
            }
            if type == .q3_K {
                let total = _mm512_reduce_add_epi32(offset) &- _mm512_reduce_add_epi32(lanes)
                sum = sum.addingProduct(Float(total), half(source, 108) * dActivation)
            } else {
                sum = sum.addingProduct(Float(_mm512_reduce_add_epi32(lanes)), half(source, 80) * dActivation)
                var minimumTotal: Int32 = 0
                for subBlock in 0 ..< 16 {
                    minimumTotal &+= Int32(source.load(fromByteOffset: subBlock, as: UInt8.self) >> 4)
                        &* Int32(a.loadUnaligned(fromByteOffset: groupSumsOffset + 2 * subBlock, as: Int16.self))
                }
                minimums = minimums.addingProduct(Float(minimumTotal), half(source, 82) * dActivation)
            }
        }
        return type == .q3_K ? sum : sum - minimums
    }
}
