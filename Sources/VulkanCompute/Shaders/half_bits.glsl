// f's nearest F16 (ties to even), as its 16 bits: by integer arithmetic, so every device
// rounds alike (Vulkan lets float-to-half conversions round toward zero).
uint halfBits(float f) {
    const uint bits = floatBitsToUint(f);
    const uint sign = (bits >> 16) & 0x8000u;
    const uint magnitude = bits & 0x7FFFFFFFu;
    if (magnitude >= 0x7F800000u) return sign | (magnitude > 0x7F800000u ? 0x7E00u : 0x7C00u);  // NaN, infinity
    if (magnitude >= 0x477FF000u) return sign | 0x7C00u;  // 65520 and above round to infinity
    if (magnitude < 0x38800000u) {
        // Below F16's least normal 2^-14: subnormal steps of 2^-24 (scaling by 2^24 is exact).
        return sign | uint(roundEven(uintBitsToFloat(magnitude) * 16777216.0));
    }
    uint rebiased = magnitude - 0x38000000u;  // exponent bias 127 → 15
    rebiased += 0x0FFFu + ((rebiased >> 13) & 1u);
    return sign | (rebiased >> 13);
}
