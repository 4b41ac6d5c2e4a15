import _Builtin_intrinsics.intel

/// A Q2_K or Q3_K super-block read 64 values at a time, as the products of each level with its
/// sub-block's scale, one byte each: Q2_K's level · scale (0...45), Q3_K's -(level · scale)
/// (-128...124). (See ``AVX512RowLanesLowBitKQuants`` for why they fit and how they are used.)
///
/// Layouts (ggml's `block_q2_K`, `block_q3_K`): value 128n + 32k + l has its two low bits at
/// bits 2k, 2k + 1 of byte l of the half's 32 bytes (Q2_K's at 16 + 32n, Q3_K's at 32 + 32n);
/// Q3_K's high bit is bit 4n + k of byte l at 0, and a level is (low | high << 2) − 4. Q2_K's
/// sub-block byte j at 0 holds the scale (low nibble) and minimum (high nibble); Q3_K's 16
/// scales are six bits packed in 12 bytes at 96, less 32.
enum LowBitKQuantChunks {
    /// The products of values `64·chunk ..< 64·chunk + 64`, in value order.
    @inline(__always)
    static func products(_ block: UnsafeRawPointer, _ type: AVX512RowLanesLowBitKQuants.Weights, _ chunk: Int) -> __m512i {
        let half = chunk / 2, odd = chunk % 2
        // Bytes 0-31 take the low bits at shift 4·odd, bytes 32-63 at 4·odd + 2.
        let lowShifts = _mm512_mask_blend_epi16(0xFFFF_0000, _mm512_set1_epi16(Int16(4 * odd)), _mm512_set1_epi16(Int16(4 * odd + 2)))
        if type == .q2_K {
            let packed = _mm512_broadcast_i64x4(_mm256_loadu_epi8(block + 16 + 32 * half))
            let levels = _mm512_and_si512(_mm512_srlv_epi16(packed, lowShifts), _mm512_set1_epi8(3))
            let scales = _mm_and_si128(_mm_loadu_epi8(block), _mm_set1_epi8(0x0F))
            return multiplyBytes(levels, spread(scales, chunk))
        }
        let packed = _mm512_broadcast_i64x4(_mm256_loadu_epi8(block + 32 + 32 * half))
        let low = _mm512_and_si512(_mm512_srlv_epi16(packed, lowShifts), _mm512_set1_epi8(3))
        // The high bit of bytes 0-31 is bit 4·half + 2·odd, of bytes 32-63 the next one.
        let highShifts = _mm512_mask_blend_epi16(
            0xFFFF_0000, _mm512_set1_epi16(Int16(4 * half + 2 * odd)), _mm512_set1_epi16(Int16(4 * half + 2 * odd + 1)))
        let mask = _mm512_broadcast_i64x4(_mm256_loadu_epi8(block))
        let high = _mm512_and_si512(_mm512_srlv_epi16(mask, highShifts), _mm512_set1_epi8(1))
        let levels = _mm512_sub_epi8(_mm512_or_si512(low, _mm512_slli_epi16(high, 2)), _mm512_set1_epi8(4))
        return multiplyBytes(levels, spread(q3NegatedScales(block), chunk))
    }

    /// Q3_K's 16 scales, unpacked and negated: 32 − the stored six bits, -31...32.
    @inline(__always)
    static func q3NegatedScales(_ block: UnsafeRawPointer) -> __m128i {
        let x0 = block.loadUnaligned(fromByteOffset: 96, as: UInt32.self)
        let x1 = block.loadUnaligned(fromByteOffset: 100, as: UInt32.self)
        let x2 = block.loadUnaligned(fromByteOffset: 104, as: UInt32.self)
        let lowNibbles: UInt32 = 0x0F0F_0F0F, twoBits: UInt32 = 0x0303_0303
        let scales = _mm_setr_epi32(
            Int32(bitPattern: (x0 & lowNibbles) | (x2 & twoBits) << 4),
            Int32(bitPattern: (x1 & lowNibbles) | (x2 >> 2 & twoBits) << 4),
            Int32(bitPattern: (x0 >> 4 & lowNibbles) | (x2 >> 4 & twoBits) << 4),
            Int32(bitPattern: (x1 >> 4 & lowNibbles) | (x2 >> 6 & twoBits) << 4))
        return _mm_sub_epi8(_mm_set1_epi8(32), scales)
    }

    /// The 16 sub-block scales spread over a chunk: each 16-byte lane i of the result repeats
    /// scale 4·chunk + i.
    @inline(__always)
    private static func spread(_ scales: __m128i, _ chunk: Int) -> __m512i {
        let laneIndex = _mm512_set_epi32(
            0x0303_0303, 0x0303_0303, 0x0303_0303, 0x0303_0303, 0x0202_0202, 0x0202_0202, 0x0202_0202, 0x0202_0202,
            0x0101_0101, 0x0101_0101, 0x0101_0101, 0x0101_0101, 0, 0, 0, 0)
        let indices = _mm512_add_epi8(laneIndex, _mm512_set1_epi8(Int8(4 * chunk)))
        return _mm512_shuffle_epi8(_mm512_broadcast_i32x4(scales), indices)
    }

    /// Bytewise products, modulo 256 (exact wherever the product fits in a byte): 16-bit
    /// multiplies of the even bytes and of the odd ones, whose low bytes are the products.
    @inline(__always)
    private static func multiplyBytes(_ x: __m512i, _ y: __m512i) -> __m512i {
        let even = _mm512_mullo_epi16(x, y)
        let odd = _mm512_mullo_epi16(_mm512_srli_epi16(x, 8), _mm512_srli_epi16(y, 8))
        return _mm512_mask_blend_epi8(0xAAAA_AAAA_AAAA_AAAA, even, _mm512_slli_epi16(odd, 8))
    }
}
