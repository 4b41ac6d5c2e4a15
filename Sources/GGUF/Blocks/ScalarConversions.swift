// Conversions shared by the block codecs: half-precision scales stored in blocks, and float to
// integer steps that never trap (a NaN weight must not crash a quantizer) and give what ggml's
// x86-64 build gives, out-of-range and NaN inputs included, so quantized bytes are llama.cpp's.

@inline(__always)
func loadHalf(_ pointer: UnsafeRawPointer, at offset: Int) -> Float {
    Float(Float16(bitPattern: UInt16(littleEndian: pointer.loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
}

/// Stores `value` as IEEE half, rounded to nearest even (as ggml's `GGML_FP32_TO_FP16`), and
/// returns the value the half holds. A NaN is stored as ggml stores it, its sign and the quiet
/// NaN 0x7E00, whatever its payload.
@inline(__always)
@discardableResult
func storeHalf(_ value: Float, _ pointer: UnsafeMutableRawPointer, at offset: Int) -> Float {
    let half = value.isNaN ? Float16(bitPattern: UInt16(value.bitPattern >> 16) & 0x8000 | 0x7E00) : Float16(value)
    pointer.storeBytes(of: half.bitPattern.littleEndian, toByteOffset: offset, as: UInt16.self)
    return Float(half)
}

/// ggml's `nearest_int`, bit for bit: adding 1.5·2^23 leaves the rounded value (halves to even)
/// in the low mantissa bits. Exact for |x| < 2^22; beyond that (and for NaN) it returns what
/// ggml's trick returns, a wrapped value, so a quantizer fed such values writes ggml's bytes.
@inline(__always)
func ggmlNearestInt(_ x: Float) -> Int32 {
    let biased = x + 12_582_912
    return Int32(bitPattern: biased.bitPattern & 0x007F_FFFF) - 0x0040_0000
}

/// C's `(int)x` as x86-64 computes it (`cvttss2si`): truncation toward zero, and the "integer
/// indefinite" value Int32.min for NaN and for values outside Int32. ggml's casts to `int8_t`
/// and `uint8_t` keep the low byte of this.
@inline(__always)
func x86TruncatedInt32(_ x: Float) -> Int32 {
    guard x > -2_147_483_904, x < 2_147_483_648 else { return .min }  // NaN fails both
    return Int32(x)
}

/// C's `(int8_t)x` for a float, as ggml's x86-64 build computes it.
@inline(__always)
func x86TruncatedInt8(_ x: Float) -> Int8 {
    Int8(truncatingIfNeeded: x86TruncatedInt32(x))
}
