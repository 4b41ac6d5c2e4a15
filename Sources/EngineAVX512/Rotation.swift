import _Builtin_intrinsics.intel

/// RoPE's rotation with Engine's canonical arithmetic (`RotaryEmbedding.rotatePairs`, llama.cpp's
/// as GCC compiles it): for each pair `(x0, x1)` with angle table entries `(cos, sin)`,
/// `fma(x0, cos, -(x1·sin))` and `fma(x0, sin, x1·cos)`. Eight pairs a vector: x0 and x1
/// duplicated across each pair, the rounded products `x1 · (sin, cos)` with the first negated,
/// then one fused multiply-add with `x0 · (cos, sin)`.
public enum AVX512Rotation {
    /// Rotates `heads` heads of `dimension` (even) laid end to end at `x`; `angles` holds one
    /// head's `[cos0, sin0, cos1, sin1, …]`.
    @inline(never)
    public static func rotate(_ x: UnsafeMutablePointer<Float>, heads: Int, dimension: Int, angles: UnsafePointer<Float>) {
        let swapPairs = _mm512_set_epi32(14, 15, 12, 13, 10, 11, 8, 9, 6, 7, 4, 5, 2, 3, 0, 1)
        let negateFirst = _mm512_castsi512_ps(_mm512_set1_epi64(0x8000_0000))
        for head in 0 ..< heads {
            let vector = x + head * dimension
            var start = 0
            while start < dimension {
                let mask = __mmask16(truncatingIfNeeded: dimension - start >= 16 ? 0xFFFF : (1 << (dimension - start)) - 1)
                let values = _mm512_maskz_loadu_ps(mask, vector + start)
                let table = _mm512_maskz_loadu_ps(mask, angles + start)
                let rounded = _mm512_xor_ps(_mm512_mul_ps(_mm512_movehdup_ps(values), _mm512_permutexvar_ps(swapPairs, table)), negateFirst)
                _mm512_mask_storeu_ps(vector + start, mask, _mm512_fmadd_ps(_mm512_moveldup_ps(values), table, rounded))
                start += 16
            }
        }
    }
}
