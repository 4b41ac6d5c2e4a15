import Foundation

/// e^x and SiLU as llama.cpp's CPU backend computes them where the CPU has AVX-512
/// (`ggml_v_expf` and `ggml_v_silu` in ggml-cpu/vec.h), one lane at a time. Softmax and SwiGLU
/// use them there for every whole group of 16 values, so the engine's attention and
/// feed-forward take the same bits from them (the AVX-512 family computes 16 lanes at once,
/// with the same operations).
///
/// e^x: `n = round(x · log2 e)` by adding and removing 1.5 · 2^23 (the first step fused),
/// `b = x - n · ln2` with ln 2 in two parts (two fused multiply-adds), a degree-5 polynomial
/// in `b` evaluated by fused multiply-adds in a fixed tree, scaled by 2^n (`vscalefps`: one
/// rounding); when |n| > 192, 0 for n ≤ 0 and +∞ above.
enum VectorExponential {
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        let shifter: Float = 0x1.8p23
        let n = shifter.addingProduct(x, 0x1.715476p+0) - shifter
        let b = x.addingProduct(-n, 0x1.62e4p-1).addingProduct(-n, 0x1.7f7d1cp-20)
        if abs(n) > 192 { return n <= 0 ? 0 : .infinity }
        let u = b * b
        let high = Float(0x1.573e2ep-5).addingProduct(0x1.0e4020p-7, b)
        let middle = Float(0x1.fffdb6p-2).addingProduct(0x1.555e66p-3, b)
        let low = Float(1).addingProduct(0x1.ffffecp-1, b)
        let j = low.addingProduct(middle.addingProduct(high, u), u)
        return j.isFinite ? scaled(j, Int(n)) : j
    }

    /// `x / (1 + e^-x)` with ``exp(_:)``.
    @inline(__always)
    static func silu(_ x: Float) -> Float {
        x / (1 + exp(0 - x))
    }

    /// `j · 2^n` rounded once, as `vscalefps` computes it, for |n| ≤ 192: outside the normal
    /// exponents the scaling goes in two steps, the first exact.
    @inline(__always)
    private static func scaled(_ j: Float, _ n: Int) -> Float {
        if n < -126 { return j * power(n + 100) * power(-100) }
        if n > 127 { return j * power(n - 100) * power(100) }
        return j * power(n)
    }

    /// 2^n for a normal exponent n.
    @inline(__always)
    private static func power(_ n: Int) -> Float {
        Float(sign: .plus, exponentBitPattern: UInt(n + 127), significandBitPattern: 0)
    }
}

/// SwiGLU, `gate = silu(gate) · up` in place, as llama.cpp's `ggml_vec_swiglu_f32`: groups of
/// 16 with ``VectorExponential/silu(_:)``, the rest (fewer than 16) with the C library's `expf`.
func portableSwiGLU(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, count: Int) {
    let whole = count / 16 * 16
    for index in 0 ..< whole { gate[index] = VectorExponential.silu(gate[index]) * up[index] }
    for index in whole ..< count {
        let g = gate[index]
        gate[index] = g / (1 + expf(-g)) * up[index]
    }
}
