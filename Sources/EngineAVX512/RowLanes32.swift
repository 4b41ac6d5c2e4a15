import _Builtin_intrinsics.intel

/// Weights in blocks of 32 (Q4_0, Q5_0 and Q8_0 against Q8_0 activations; Q4_1 and Q5_1
/// against Q8_1), 16 weight rows at a time, one row per lane.
///
/// The arithmetic is the portable kernels' (Engine/Kernels/Portable/DotQ8_0.swift and
/// DotQ8_1.swift): per block the exact integer Σ level·a, then `sum = fma(Float(Σ level·a),
/// d_w · d_a, sum)` block after block, Q4_1 and Q5_1 each followed by `sum = fma(m_w, s_a,
/// sum)`. Here lane r of a vector belongs to weight row r, so one
/// `vpdpbusd` advances 16 rows by 4 values each, against 4 activation bytes broadcast to every
/// lane; after the 8 groups of a block each lane holds its row's whole block sum, and one
/// conversion and one fused multiply-add (two with a minimum) finish the block for 16 rows.
///
/// `vpdpbusd` multiplies unsigned bytes (the weights: levels 0-15 or 0-31, Q8_0's values plus
/// 128) by signed bytes (the activations). For the symmetric types the offset k (8, 16 or 128)
/// comes back out in integers, each block's sum starting from -k·Σa; Q4_1's and Q5_1's levels
/// are unsigned already, and their sums start from 0.
///
/// Layouts: a band's 16 rows are laid out once in per-thread scratch, per block 8 groups of
/// 64 bytes (row r's 4 levels at 4r), the rows' d as 16 floats, and for Q4_1/Q5_1 their m as
/// 16 floats (576 or 640 bytes); an activation row is prepared once per product, per block its
/// 32 values, d as a float, the sum's starting value (-k·Σa, or 0) and for Q8_1 s as a float
/// (64 bytes).
public enum AVX512RowLanes32 {
    public enum Weights: Sendable {
        case q4_0, q5_0, q8_0, q4_1, q5_1

        /// ggml's block layouts: d (f16) first; then Q4_1's and Q5_1's m (f16); Q5's fifth
        /// bits (bit j of a little-endian word for value j); the nibbles, value j low and value
        /// j + 16 high in byte j (Q8_0: 32 signed bytes).
        var blockBytes: Int {
            switch self {
            case .q4_0: 18
            case .q5_0: 22
            case .q8_0: 34
            case .q4_1: 20
            case .q5_1: 24
            }
        }

        var quantsOffset: Int {
            switch self {
            case .q4_0, .q8_0: 2
            case .q5_0: 6
            case .q4_1: 4
            case .q5_1: 8
            }
        }

        var fifthBitsOffset: Int? {
            switch self {
            case .q5_0: 2
            case .q5_1: 4
            default: nil
            }
        }

        /// What the symmetric types' levels carry above their value.
        var offset: Int32 {
            switch self {
            case .q4_0: 8
            case .q5_0: 16
            case .q8_0: 128
            case .q4_1, .q5_1: 0
            }
        }

        /// Q4_1 and Q5_1: a minimum per block, and Q8_1 activations (36-byte blocks, the
        /// quants at 4) instead of Q8_0's (34 bytes, quants at 2).
        var hasMinimums: Bool { self == .q4_1 || self == .q5_1 }
        var activationBlockBytes: Int { hasMinimums ? 36 : 34 }
        var recordBytes: Int { hasMinimums ? 640 : 576 }
    }

    public static let rowsPerBand = 16
    static let preparedBlockBytes = 64
    // Offsets in a band record and in a prepared activation block.
    static let dOffset = 512, mOffset = 576
    static let activationDOffset = 32, startOffset = 36, activationSOffset = 40

    public static func preparedRowBytes(length: Int) -> Int { length / 32 * preparedBlockBytes }

    public static func scratchBytes(length: Int, for weights: Weights) -> Int { length / 32 * weights.recordBytes }

    /// Lays out one Q8_0 or Q8_1 activation row (ggml blocks) for `weights`.
    @inline(never)
    public static func prepare(_ row: UnsafeRawPointer, length: Int, for weights: Weights, into prepared: UnsafeMutableRawPointer) {
        let quantsOffset = weights.hasMinimums ? 4 : 2
        for block in 0 ..< length / 32 {
            let source = row + block * weights.activationBlockBytes, target = prepared + block * preparedBlockBytes
            target.copyMemory(from: source + quantsOffset, byteCount: 32)
            var sum: Int32 = 0
            for i in 0 ..< 32 { sum += Int32(source.load(fromByteOffset: quantsOffset + i, as: Int8.self)) }
            target.storeBytes(of: half(source), toByteOffset: activationDOffset, as: Float.self)
            target.storeBytes(of: -weights.offset * sum, toByteOffset: startOffset, as: Int32.self)
            target.storeBytes(of: weights.hasMinimums ? half(source, 2) : 0, toByteOffset: activationSOffset, as: Float.self)
        }
    }

    /// Rows `0 ..< rows` (at most 16) of the band at `weights` against `columns` prepared
    /// activation rows: `output[c · outputStride + r]`.
    @inline(never)
    public static func band(
        _ weights: UnsafeRawPointer, _ weightRowBytes: Int, _ rows: Int, type: Weights,
        _ prepared: UnsafeRawPointer, _ preparedRowBytes: Int, _ columns: Int,
        _ length: Int, _ output: UnsafeMutablePointer<Float>, _ outputStride: Int,
        scratch: UnsafeMutableRawPointer
    ) {
        let blocks = length / 32
        if columns == 1 {
            // One column does not pay for laying the band out: go row by row.
            for row in 0 ..< rows {
                output[row] = direct(weights + row * weightRowBytes, type, blocks, prepared)
            }
            return
        }
        unpack(weights, weightRowBytes, rows, type, blocks, scratch)
        let mask = __mmask16(truncatingIfNeeded: (1 << rows) - 1)
        let record = type.recordBytes
        var column = 0
        while column + 8 <= columns {
            // Two copies of the tile, each with its minimums known at compile time.
            if type.hasMinimums {
                tile8(UnsafeRawPointer(scratch), record, true, blocks, prepared + column * preparedRowBytes, preparedRowBytes,
                      output + column * outputStride, outputStride, mask)
            } else {
                tile8(UnsafeRawPointer(scratch), record, false, blocks, prepared + column * preparedRowBytes, preparedRowBytes,
                      output + column * outputStride, outputStride, mask)
            }
            column += 8
        }
        while column < columns {
            let sums = columnSums(UnsafeRawPointer(scratch), record, type.hasMinimums, blocks, prepared + column * preparedRowBytes)
            _mm512_mask_storeu_ps(output + column * outputStride, mask, sums)
            column += 1
        }
    }

    /// Levels (unsigned), scales and minimums of `rows` rows, lane by lane; missing rows stay
    /// zero. Two blocks at a time: each row's 64 levels in one vector (16 groups of 4),
    /// transposed to one vector a group.
    private static func unpack(
        _ weights: UnsafeRawPointer, _ weightRowBytes: Int, _ rows: Int, _ type: Weights, _ blocks: Int,
        _ scratch: UnsafeMutableRawPointer
    ) {
        let recordBytes = type.recordBytes
        if rows < rowsPerBand { scratch.initializeMemory(as: UInt8.self, repeating: 0, count: blocks * recordBytes) }
        withUnsafeTemporaryAllocation(of: __m512i.self, capacity: 16) { tile in
            let pairRows = tile.baseAddress!
            for block in stride(from: 0, to: blocks, by: 2) {
                let paired = block + 1 < blocks
                for row in 0 ..< rowsPerBand {
                    guard row < rows else {
                        pairRows[row] = _mm512_setzero_si512()
                        continue
                    }
                    let source = weights + row * weightRowBytes + block * type.blockBytes
                    pairRows[row] = levels(source, type, paired)
                    for offset in 0 ..< (paired ? 2 : 1) {
                        let first = source + offset * type.blockBytes
                        let record = scratch + (block + offset) * recordBytes
                        record.storeBytes(of: half(first), toByteOffset: dOffset + 4 * row, as: Float.self)
                        if type.hasMinimums {
                            record.storeBytes(of: half(first, 2), toByteOffset: mOffset + 4 * row, as: Float.self)
                        }
                    }
                }
                Transpose16x16.transpose(pairRows)
                for offset in 0 ..< (paired ? 2 : 1) {
                    let record = scratch + (block + offset) * recordBytes
                    for group in 0 ..< 8 { _mm512_storeu_si512(record + 64 * group, pairRows[8 * offset + group]) }
                }
            }
        }
    }

    /// The unsigned levels of the block at `first` and the next (zeros when `paired` is false)
    /// as 64 bytes: the first block's 32 (value order), then the second's.
    @inline(__always)
    private static func levels(_ first: UnsafeRawPointer, _ type: Weights, _ paired: Bool) -> __m512i {
        if type == .q8_0 { return biasedBytes(first, paired) }
        let second = first + type.blockBytes
        var packed = _mm512_broadcast_i32x4(_mm_loadu_epi8(first + type.quantsOffset))
        packed = paired ? _mm512_mask_broadcast_i32x4(packed, 0xFF00, _mm_loadu_epi8(second + type.quantsOffset))
            : _mm512_maskz_mov_epi32(0x00FF, packed)
        let low = _mm512_and_si512(packed, _mm512_set1_epi8(0x0F))
        let high = _mm512_and_si512(_mm512_srli_epi16(packed, 4), _mm512_set1_epi8(0x0F))
        let nibbles = _mm512_mask_blend_epi8(0xFFFF_0000_FFFF_0000, low, high)
        guard let fifth = type.fifthBitsOffset else { return nibbles }
        // Byte j of the result takes bit j of the two blocks' fifth-bit words, as 16.
        let firstBits = UInt64(first.loadUnaligned(fromByteOffset: fifth, as: UInt32.self))
        let secondBits = paired ? UInt64(second.loadUnaligned(fromByteOffset: fifth, as: UInt32.self)) : 0
        return _mm512_or_si512(nibbles, _mm512_maskz_mov_epi8(firstBits | secondBits << 32, _mm512_set1_epi8(16)))
    }

    /// Q8_0 values of the block at `first` and the next, plus 128, as unsigned bytes (zeros
    /// for a missing second block).
    @inline(__always)
    private static func biasedBytes(_ first: UnsafeRawPointer, _ paired: Bool) -> __m512i {
        let bytes = paired ? load32x2(first + 2, first + 36) : load32(first + 2)
        let flipped = _mm512_xor_si512(bytes, _mm512_set1_epi8(-128))
        return paired ? flipped : _mm512_maskz_mov_epi8(0x0000_0000_FFFF_FFFF, flipped)
    }

    /// Eight columns against the band: the weights of a block stay in registers for all eight.
    @inline(__always)
    private static func tile8(
        _ scratch: UnsafeRawPointer, _ recordBytes: Int, _ minimums: Bool, _ blocks: Int,
        _ prepared: UnsafeRawPointer, _ preparedRowBytes: Int,
        _ output: UnsafeMutablePointer<Float>, _ outputStride: Int, _ mask: __mmask16
    ) {
        var s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps(), s2 = _mm512_setzero_ps(), s3 = _mm512_setzero_ps()
        var s4 = _mm512_setzero_ps(), s5 = _mm512_setzero_ps(), s6 = _mm512_setzero_ps(), s7 = _mm512_setzero_ps()
        for block in 0 ..< blocks {
            let record = scratch + block &* recordBytes
            let w = groups(record)
            let scales = _mm512_loadu_ps(record + dOffset)
            // Unused (and not loaded) without minimums.
            let m = minimums ? _mm512_loadu_ps(record + mOffset) : scales
            let a = prepared + block &* preparedBlockBytes
            s0 = step(s0, w, scales, minimums, m, a)
            s1 = step(s1, w, scales, minimums, m, a + preparedRowBytes)
            s2 = step(s2, w, scales, minimums, m, a + 2 &* preparedRowBytes)
            s3 = step(s3, w, scales, minimums, m, a + 3 &* preparedRowBytes)
            s4 = step(s4, w, scales, minimums, m, a + 4 &* preparedRowBytes)
            s5 = step(s5, w, scales, minimums, m, a + 5 &* preparedRowBytes)
            s6 = step(s6, w, scales, minimums, m, a + 6 &* preparedRowBytes)
            s7 = step(s7, w, scales, minimums, m, a + 7 &* preparedRowBytes)
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

    /// One column against the band.
    private static func columnSums(
        _ scratch: UnsafeRawPointer, _ recordBytes: Int, _ minimums: Bool, _ blocks: Int, _ prepared: UnsafeRawPointer
    ) -> __m512 {
        var sums = _mm512_setzero_ps()
        for block in 0 ..< blocks {
            let record = scratch + block &* recordBytes
            let scales = _mm512_loadu_ps(record + dOffset)
            sums = step(sums, groups(record), scales, minimums, minimums ? _mm512_loadu_ps(record + mOffset) : scales,
                        prepared + block &* preparedBlockBytes)
        }
        return sums
    }

    typealias Groups = (__m512i, __m512i, __m512i, __m512i, __m512i, __m512i, __m512i, __m512i)

    /// A block's 8 groups of 16 rows' levels.
    @inline(__always)
    private static func groups(_ record: UnsafeRawPointer) -> Groups {
        (_mm512_loadu_si512(record), _mm512_loadu_si512(record + 64), _mm512_loadu_si512(record + 128),
         _mm512_loadu_si512(record + 192), _mm512_loadu_si512(record + 256), _mm512_loadu_si512(record + 320),
         _mm512_loadu_si512(record + 384), _mm512_loadu_si512(record + 448))
    }

    /// One block of one column for 16 rows: 8 `vpdpbusd` from the prepared start (-k·Σa or 0),
    /// then the fused multiply-add, and with `minimums` the one of m_w and s_a.
    @inline(__always)
    private static func step(
        _ sums: __m512, _ w: Groups, _ scales: __m512, _ minimums: Bool, _ m: __m512, _ a: UnsafeRawPointer
    ) -> __m512 {
        @inline(__always) func values(_ group: Int) -> __m512i { _mm512_set1_epi32(a.loadUnaligned(fromByteOffset: 4 * group, as: Int32.self)) }
        // Q4_1's and Q5_1's start is always 0: not loading it saves a broadcast per block.
        var lanes = minimums ? _mm512_setzero_si512() : _mm512_set1_epi32(a.loadUnaligned(fromByteOffset: startOffset, as: Int32.self))
        lanes = _mm512_dpbusd_epi32(lanes, w.0, values(0))
        lanes = _mm512_dpbusd_epi32(lanes, w.1, values(1))
        lanes = _mm512_dpbusd_epi32(lanes, w.2, values(2))
        lanes = _mm512_dpbusd_epi32(lanes, w.3, values(3))
        lanes = _mm512_dpbusd_epi32(lanes, w.4, values(4))
        lanes = _mm512_dpbusd_epi32(lanes, w.5, values(5))
        lanes = _mm512_dpbusd_epi32(lanes, w.6, values(6))
        lanes = _mm512_dpbusd_epi32(lanes, w.7, values(7))
        let scale = _mm512_mul_ps(scales, _mm512_set1_ps(a.loadUnaligned(fromByteOffset: activationDOffset, as: Float.self)))
        let sum = _mm512_fmadd_ps(_mm512_cvtepi32_ps(lanes), scale, sums)
        guard minimums else { return sum }
        return _mm512_fmadd_ps(m, _mm512_set1_ps(a.loadUnaligned(fromByteOffset: activationSOffset, as: Float.self)), sum)
    }

    /// One row against one prepared column, from the weights as stored.
    private static func direct(_ weights: UnsafeRawPointer, _ type: Weights, _ blocks: Int, _ prepared: UnsafeRawPointer) -> Float {
        var sum: Float = 0
        for block in 0 ..< blocks {
            let source = weights + block * type.blockBytes, a = prepared + block * preparedBlockBytes
            let products = _mm512_dpbusd_epi32(_mm512_setzero_si512(), levels(source, type, false), load32(a))
            let exact = _mm512_reduce_add_epi32(products) &+ a.loadUnaligned(fromByteOffset: startOffset, as: Int32.self)
            sum = sum.addingProduct(Float(exact), half(source) * a.loadUnaligned(fromByteOffset: activationDOffset, as: Float.self))
            if type.hasMinimums {
                sum = sum.addingProduct(half(source, 2), a.loadUnaligned(fromByteOffset: activationSOffset, as: Float.self))
            }
        }
        return sum
    }
}
