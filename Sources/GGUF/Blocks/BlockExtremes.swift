/// The extremes ggml's reference quantizers take of a block, found with the same comparisons
/// in the same order, so that NaN and infinities steer them as they steer ggml.
enum BlockExtremes {
    /// The smallest and largest value, as `quantize_row_q4_1_ref` and `_q5_1_ref` find them:
    /// starting from ±`FLT_MAX`, a value replaces the extreme only when it compares beyond it,
    /// so a NaN never does.
    @inline(__always)
    static func range(_ values: UnsafePointer<Float>, count: Int) -> (min: Float, max: Float) {
        var low = Float.greatestFiniteMagnitude, high = -Float.greatestFiniteMagnitude
        for j in 0 ..< count {
            if values[j] < low { low = values[j] }
            if values[j] > high { high = values[j] }
        }
        return (low, high)
    }

    /// The value of largest magnitude with its sign (the first of equals), as
    /// `quantize_row_q4_0_ref` and `_q5_0_ref` find it; 0 for a block of zeros or NaNs.
    @inline(__always)
    static func signedMaximum(_ values: UnsafePointer<Float>, count: Int) -> Float {
        var largest: Float = 0, signed: Float = 0
        for j in 0 ..< count where largest < abs(values[j]) {
            largest = abs(values[j])
            signed = values[j]
        }
        return signed
    }

    /// The largest magnitude as `quantize_row_q8_0_ref` and `_q8_1_ref` compute it, with C's
    /// `MAX(a, b)` (`a > b ? a : b`): a NaN becomes the running maximum, and the next value
    /// replaces it.
    @inline(__always)
    static func absoluteMaximum(_ values: UnsafePointer<Float>, count: Int) -> Float {
        var largest: Float = 0
        for j in 0 ..< count {
            let magnitude = abs(values[j])
            largest = largest > magnitude ? largest : magnitude
        }
        return largest
    }
}
