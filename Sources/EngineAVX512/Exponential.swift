import _Builtin_intrinsics.intel
#if canImport(Glibc)
import Glibc
#endif

/// llama.cpp's AVX-512 `ggml_v_expf` (ggml-cpu/vec.h), 16 lanes: the same operations in the
/// same order as Engine's portable `VectorExponential`, which documents them.
@inline(__always)
func exponential(_ x: __m512) -> __m512 {
    let shifter = _mm512_set1_ps(0x1.8p23)
    let n = _mm512_sub_ps(_mm512_fmadd_ps(x, _mm512_set1_ps(0x1.715476p+0), shifter), shifter)
    let b = _mm512_fnmadd_ps(n, _mm512_set1_ps(0x1.7f7d1cp-20), _mm512_fnmadd_ps(n, _mm512_set1_ps(0x1.62e4p-1), x))
    let u = _mm512_mul_ps(b, b)
    let high = _mm512_fmadd_ps(_mm512_set1_ps(0x1.0e4020p-7), b, _mm512_set1_ps(0x1.573e2ep-5))
    let middle = _mm512_fmadd_ps(_mm512_set1_ps(0x1.555e66p-3), b, _mm512_set1_ps(0x1.fffdb6p-2))
    let low = _mm512_fmadd_ps(_mm512_set1_ps(0x1.ffffecp-1), b, _mm512_set1_ps(1))
    var result = _mm512_scalef_ps(_mm512_fmadd_ps(_mm512_fmadd_ps(high, u, middle), u, low), n)
    let outside = _mm512_abs_ps(n) .> 192
    if any(outside) {
        let limits = SIMD16<Float>(repeating: 0).replacing(with: .infinity, where: n .> 0)
        result.replace(with: limits, where: outside)
    }
    return result
}

/// The exponentials of softmax and SwiGLU's SiLU, 16 lanes at a time.
public enum AVX512Exponentials {
    /// Replaces `block[first ..< end]` (within 16) by `e^(value - maximum)` and returns the fold
    /// of the 16 lanes, zero outside the range (one of llama.cpp's softmax groups of 16, the
    /// masked positions giving 0).
    @inline(never)
    public static func softmaxGroup(_ block: UnsafeMutablePointer<Float>, first: Int, end: Int, maximum: Float) -> Float {
        let mask = __mmask16(truncatingIfNeeded: (1 << end) - (1 << first))
        let x = _mm512_maskz_loadu_ps(mask, block)
        let e = _mm512_maskz_mov_ps(mask, exponential(_mm512_sub_ps(x, _mm512_set1_ps(maximum))))
        _mm512_mask_storeu_ps(block, mask, e)
        return reduceLanes(e)
    }

    /// SwiGLU, `gate = silu(gate) · up` in place, as llama.cpp's `ggml_vec_swiglu_f32`: whole
    /// groups of 16 with `x / (1 + e^(0 - x))`, the rest with the C library's `expf`.
    @inline(never)
    public static func swiGLU(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, count: Int) {
        var index = 0
        while index + 16 <= count {
            let x = _mm512_loadu_ps(gate + index)
            let silu = _mm512_div_ps(x, _mm512_add_ps(_mm512_set1_ps(1), exponential(_mm512_sub_ps(_mm512_setzero_ps(), x))))
            _mm512_storeu_ps(gate + index, _mm512_mul_ps(silu, _mm512_loadu_ps(up + index)))
            index += 16
        }
        while index < count {
            let g = gate[index]
            gate[index] = g / (1 + expf(-g)) * up[index]
            index += 1
        }
    }
}
