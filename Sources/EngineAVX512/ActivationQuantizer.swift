import _Builtin_intrinsics.intel

/// Activation rows to Q8_0 and Q8_1 as llama.cpp's x86 runtime quantizers write them, 16 values
/// a step: the same arithmetic as the portable `ActivationFormat.quantizeQ8_0Block` and
/// `quantizeQ8_1Block` (multiplier `127 / max|x|`, round half to even, NaN to 0; Q8_1's `s` is
/// `d · Σqs` from the float `d`), so both families see the same bytes.
public enum AVX512Activations {
    @inline(never)
    public static func quantizeQ8_0(_ values: UnsafePointer<Float>, length: Int, into row: UnsafeMutableRawPointer) {
        for block in 0 ..< length / 32 {
            let target = row + 34 * block
            let (d, q0, q1) = quantize32(values + 32 * block)
            target.storeBytes(of: Float16(d).bitPattern, as: UInt16.self)
            _mm_storeu_epi8(target + 2, _mm512_cvtsepi32_epi8(q0))
            _mm_storeu_epi8(target + 18, _mm512_cvtsepi32_epi8(q1))
        }
    }

    /// Q8_1 blocks: d (f16), s (f16), then the 32 quants; 36 bytes.
    @inline(never)
    public static func quantizeQ8_1(_ values: UnsafePointer<Float>, length: Int, into row: UnsafeMutableRawPointer) {
        for block in 0 ..< length / 32 {
            let target = row + 36 * block
            let (d, q0, q1) = quantize32(values + 32 * block)
            let sum = _mm512_reduce_add_epi32(_mm512_add_epi32(q0, q1))
            target.storeBytes(of: Float16(d).bitPattern, as: UInt16.self)
            target.storeBytes(of: Float16(d * Float(sum)).bitPattern, toByteOffset: 2, as: UInt16.self)
            _mm_storeu_epi8(target + 4, _mm512_cvtsepi32_epi8(q0))
            _mm_storeu_epi8(target + 20, _mm512_cvtsepi32_epi8(q1))
        }
    }

    /// `d = max|x| / 127` of the 32 values at `values`, and their quants as two vectors of 16
    /// 32-bit lanes, each in -127...127.
    @inline(__always)
    private static func quantize32(_ values: UnsafePointer<Float>) -> (d: Float, low: __m512i, high: __m512i) {
        let signBits = _mm512_set1_epi32(Int32(bitPattern: 0x7FFF_FFFF))
        let x0 = _mm512_loadu_ps(values), x1 = _mm512_loadu_ps(values + 16)
        let magnitude = _mm512_max_ps(
            _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(x0), signBits)),
            _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(x1), signBits)))
        let absoluteMax = _mm512_reduce_max_ps(magnitude)
        let multiplier = _mm512_set1_ps(absoluteMax != 0 ? 127 / absoluteMax : 0)
        return (absoluteMax / 127, quantize(_mm512_mul_ps(x0, multiplier)), quantize(_mm512_mul_ps(x1, multiplier)))
    }

    /// Round half to even (the default rounding mode) and clamp to ±127; NaN becomes 0.
    @inline(__always)
    private static func quantize(_ scaled: __m512) -> __m512i {
        // A NaN converts to the "integer indefinite" 0x80000000, which no finite value here can.
        let rounded = _mm512_cvtps_epi32(scaled)
        let offIndefinite = _mm512_xor_si512(rounded, _mm512_set1_epi32(Int32.min))
        let finite = _mm512_test_epi32_mask(offIndefinite, offIndefinite)
        let clamped = _mm512_max_epi32(_mm512_min_epi32(rounded, _mm512_set1_epi32(127)), _mm512_set1_epi32(-127))
        return _mm512_maskz_mov_epi32(finite, clamped)
    }
}
