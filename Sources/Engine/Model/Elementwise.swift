import Foundation

// The small per-token operations of the transformer, with llama.cpp's arithmetic where its
// choice shows in the last bits (double sums in RMS norm, the iterated RoPE angle and its
// fused rotation). SwiGLU, with llama.cpp's vector exponential, is a kernel (KernelSet).

/// RMS norm then the norm's weights: `y = x / sqrt(mean(x²) + eps) * weight`, as ggml computes
/// it: each square in float, summed in double. (Squaring in double instead moves a normed value
/// by an ulp now and then; when that value sits on a rounding tie of the next activation
/// quantization, a whole block's integer product changes, and over 30 layers such flips add up.)
@inline(__always)
func rmsNorm(_ x: UnsafePointer<Float>, weight: [Float], epsilon: Float, into y: UnsafeMutablePointer<Float>) {
    let count = weight.count
    var sum = 0.0
    for index in 0 ..< count { sum += Double(x[index] * x[index]) }
    let mean = Float(sum / Double(count))
    let scale = 1 / (mean + epsilon).squareRoot()
    for index in 0 ..< count { y[index] = x[index] * scale * weight[index] }
}

/// Rotary position embedding, llama.cpp's "normal" mode: adjacent pairs `(x[2i], x[2i+1])` of
/// each head rotate by `position · base^(-2i/d)`, the angle built by repeated multiplication
/// in float as ggml builds it. Llama 3.1-style files divide pair i's angle by their
/// `rope_freqs.weight[i]`, and linear scaling multiplies it by `frequencyScale`, in that order
/// (ggml's `rope_yarn` without extrapolation).
struct RotaryEmbedding: Sendable {
    let headDimension: Int
    let base: Float
    var frequencyScale: Float = 1
    /// One divisor per pair, or nil.
    var frequencyFactors: [Float]? = nil

    /// Cosines and sines of every pair's angle at `position`: `[cos0, sin0, cos1, sin1, …]`.
    func angles(at position: Int) -> [Float] {
        let thetaScale = powf(base, -2 / Float(headDimension))
        var theta = Float(position)
        var table = [Float](repeating: 0, count: headDimension)
        for pair in 0 ..< headDimension / 2 {
            let angle = frequencyScale * (theta / (frequencyFactors?[pair] ?? 1))
            table[2 * pair] = cosf(angle)
            table[2 * pair + 1] = sinf(angle)
            theta *= thetaScale
        }
        return table
    }

    /// Rotates `heads` heads laid end to end at `x`, with the table of `angles(at:)`, by
    /// `kernels`' rotation (the same bits in both families: ``rotatePairs(_:heads:dimension:angles:)``).
    func rotate(_ x: UnsafeMutablePointer<Float>, heads: Int, angles: [Float], kernels: KernelSet) {
        angles.withUnsafeBufferPointer { kernels.rotate(x, heads, headDimension, $0.baseAddress!) }
    }

    /// The canonical rotation of `heads` heads of `dimension` at `x` by the table `angles`,
    /// llama.cpp's as its x86 build computes `x0·cos - x1·sin` and `x0·sin + x1·cos`: GCC
    /// contracts each to one fused multiply-add whose other product is rounded first
    /// (`vfmsub231ss`, `vfmadd132ss`), `fma(x0, cos, -(x1·sin))` and `fma(x0, sin, x1·cos)`.
    static func rotatePairs(_ x: UnsafeMutablePointer<Float>, heads: Int, dimension: Int, angles: UnsafePointer<Float>) {
        for head in 0 ..< heads {
            let vector = x + head * dimension
            for pair in 0 ..< dimension / 2 {
                let cosine = angles[2 * pair], sine = angles[2 * pair + 1]
                let x0 = vector[2 * pair], x1 = vector[2 * pair + 1]
                vector[2 * pair] = (-(x1 * sine)).addingProduct(x0, cosine)
                vector[2 * pair + 1] = (x1 * cosine).addingProduct(x0, sine)
            }
        }
    }
}
