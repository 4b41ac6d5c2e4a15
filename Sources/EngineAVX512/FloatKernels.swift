import _Builtin_intrinsics.intel

/// F16, BF16 and F32 dot products and the F16 accumulation of attention, with the portable
/// kernels' arithmetic (Engine/Kernels/Portable/DotFloat.swift): groups of 16 converted to
/// float and fused-multiply-added into 16 lanes, a short last group padded with zeros, the
/// lanes reduced by halves.
public enum AVX512Float {
    @inline(never)
    public static func dotF16(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Float {
        var sum = _mm512_setzero_ps()
        var index = 0
        while index + 16 <= count {
            let x = _mm512_cvtph_ps(_mm256_loadu_epi16(a + 2 * index))
            let y = _mm512_cvtph_ps(_mm256_loadu_epi16(b + 2 * index))
            sum = _mm512_fmadd_ps(x, y, sum)
            index += 16
        }
        if index < count {
            let mask = __mmask16(truncatingIfNeeded: (1 << (count - index)) - 1)
            let x = _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(mask, a + 2 * index))
            let y = _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(mask, b + 2 * index))
            sum = _mm512_fmadd_ps(x, y, sum)
        }
        return reduceLanes(sum)
    }

    @inline(never)
    public static func dotBF16(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Float {
        var sum = _mm512_setzero_ps()
        var index = 0
        while index < count {
            let mask = __mmask16(truncatingIfNeeded: count - index >= 16 ? 0xFFFF : (1 << (count - index)) - 1)
            let x = widenBF16(_mm256_maskz_loadu_epi16(mask, a + 2 * index))
            let y = widenBF16(_mm256_maskz_loadu_epi16(mask, b + 2 * index))
            sum = _mm512_fmadd_ps(x, y, sum)
            index += 16
        }
        return reduceLanes(sum)
    }

    @inline(never)
    public static func dotF32(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Float {
        var sum = _mm512_setzero_ps()
        var index = 0
        while index < count {
            let mask = __mmask16(truncatingIfNeeded: count - index >= 16 ? 0xFFFF : (1 << (count - index)) - 1)
            let x = _mm512_maskz_loadu_ps(mask, a + 4 * index)
            let y = _mm512_maskz_loadu_ps(mask, b + 4 * index)
            sum = _mm512_fmadd_ps(x, y, sum)
            index += 16
        }
        return reduceLanes(sum)
    }

    /// `output[i] = fma(weight, row[i], output[i])` over `count` F16 values: attention's
    /// probability-weighted sum of value rows, each element accumulated in key order.
    @inline(never)
    public static func accumulateF16(
        _ output: UnsafeMutablePointer<Float>, weight: Float, _ row: UnsafeRawPointer, count: Int
    ) {
        let scale = _mm512_set1_ps(weight)
        var index = 0
        while index < count {
            let mask = __mmask16(truncatingIfNeeded: count - index >= 16 ? 0xFFFF : (1 << (count - index)) - 1)
            let values = _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(mask, row + 2 * index))
            let sums = _mm512_maskz_loadu_ps(mask, output + index)
            _mm512_mask_storeu_ps(output + index, mask, _mm512_fmadd_ps(scale, values, sums))
            index += 16
        }
    }

    @inline(__always)
    private static func widenBF16(_ halves: __m256i) -> __m512 {
        _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(halves), 16))
    }

    /// Tiles of F16, BF16 or F32 weight rows against activations of the same type, one dot
    /// product per element.
    @inline(never)
    public static func tile(
        _ dot: (UnsafeRawPointer, UnsafeRawPointer, Int) -> Float,
        _ weights: UnsafeRawPointer, _ weightRowBytes: Int, _ rows: Int,
        _ activations: UnsafeRawPointer, _ activationRowBytes: Int, _ columns: Int,
        _ length: Int, _ output: UnsafeMutablePointer<Float>, _ outputStride: Int
    ) {
        for column in 0 ..< columns {
            for row in 0 ..< rows {
                output[column * outputStride + row] = dot(
                    weights + row * weightRowBytes, activations + column * activationRowBytes, length)
            }
        }
    }
}

/// F32 to F16 conversions, rounding to nearest even (`vcvtps2ph`: this target is compiled for
/// a CPU with F16C, so Swift's `Float16(_:)` needs no library call).
public enum AVX512Half {
    @inline(never)
    public static func store(_ values: UnsafePointer<Float>, into halves: UnsafeMutablePointer<UInt16>, count: Int) {
        for index in 0 ..< count { halves[index] = Float16(values[index]).bitPattern }
    }

    /// Replaces each value by the F16 value nearest to it, back in F32.
    @inline(never)
    public static func round(_ values: UnsafeMutablePointer<Float>, count: Int) {
        for index in 0 ..< count { values[index] = Float(Float16(values[index])) }
    }
}
