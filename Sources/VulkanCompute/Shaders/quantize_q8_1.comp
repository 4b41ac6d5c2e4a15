#version 450
// Activations to Q8_1 blocks of 32, as the CPU engine quantizes them before an integer dot
// product with Q4_1 and Q5_1 weights (ActivationFormat.quantizeQ8_1Block): the quants and d as
// quantize_q8_0.comp makes them, and s = d · Σ quants from the float d, rounded to f16.
//
// The blocks are written for the GPU rather than in GGUF's 36-byte layout: d and s as floats
// (the exact values of their f16s) in two arrays, the 32 quants as 8 little-endian words in a
// third. Their bytes equal GGUF's block bytes 4..35.
// 127 / max|x| and max|x| / 127 are divisions, which Vulkan allows to be 2.5 ulp off (a
// multiplier an ulp off moves values that sit near a rounding tie): both are rounded correctly
// here, as the CPU's are, by divide() below (quantize_q8_k.comp's), so the bytes equal the
// CPU's on any device. divide() is exact where the quotient lies between 2e-38 and 1e38:
// for d always (a smaller one rounds to f16's zero either way), for the multiplier where
// max|x| ≥ 1.3e-36; blocks of smaller values, among the subnormals that Vulkan may flush to
// zero, take the device's 127 / max|x|. One invocation per block.

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Input { float x[]; };          // (batch, columns)
layout(std430, binding = 1) writeonly buffer Scales { float scales[]; };   // (batch, columns / 32)
layout(std430, binding = 2) writeonly buffer Sums { float sums[]; };       // (batch, columns / 32)
layout(std430, binding = 3) writeonly buffer Quants { uint quants[]; };    // (batch, columns / 32, 8)

layout(push_constant) uniform Parameters {
    uint blocks;  // batch · columns / 32
} p;

// v rounded to the nearest f16, ties to even, sign kept, returned as a float: by integer
// arithmetic on the bits, so that every device rounds alike (float-to-half conversions may
// round toward zero in Vulkan).
float roundToHalf(float v) {
    const uint sign = floatBitsToUint(v) & 0x80000000u;
    const float magnitude = abs(v);
    float rounded;
    if (magnitude < 6.103515625e-05) {  // below f16's least normal: its subnormals are steps of 2^-24
        rounded = roundEven(magnitude * 16777216.0) * 5.9604644775390625e-08;
    } else {
        uint bits = floatBitsToUint(magnitude);
        bits = (bits + 0x0FFFu + ((bits >> 13) & 1u)) & ~0x1FFFu;
        rounded = uintBitsToFloat(bits);
        if (rounded > 65504.0) rounded = uintBitsToFloat(0x7F800000u);
    }
    return uintBitsToFloat(floatBitsToUint(rounded) | sign);
}

// a·b as p + e exactly (Dekker's product, for |a|, |b| ≤ 2): `precise` forbids fusing or
// reordering, so each operation is the correctly rounded one Vulkan guarantees.
void twoProduct(float a, float b, out float p, out float e) {
    precise float product = a * b;
    precise float ca = 4097.0 * a, cb = 4097.0 * b;
    precise float ah = ca - (ca - a), bh = cb - (cb - b);
    precise float al = a - ah, bl = b - bh;
    precise float error = ((ah * bh - product) + ah * bl + al * bh) + al * bl;
    p = product;
    e = error;
}

// a / b rounded to nearest as IEEE division rounds it, where the quotient is a normal float:
// the device's quotient of the two mantissas (in [0.5, 1)), then of it and its neighbours the
// one c whose |ma - c·mb| is least, computed exactly (a quotient is never halfway between two
// floats unless exact). Elsewhere (infinite, zero or subnormal quotients) the device's a / b.
float divide(float a, float b) {
    const float rough = a / b;
    if (isinf(rough) || isnan(rough) || abs(rough) < 2.0e-38 || abs(rough) > 1.0e38) return rough;
    int ea, eb;
    const float ma = frexp(a, ea), mb = frexp(b, eb);
    const float q = ma / mb;
    float best = q, bestResidual = uintBitsToFloat(0x7F800000u);
    for (int step = -3; step <= 3; step++) {
        const float c = uintBitsToFloat(uint(int(floatBitsToUint(q)) + step));
        float p, e;
        twoProduct(c, mb, p, e);
        precise float residual = abs((ma - p) - e);
        if (residual < bestResidual) {
            best = c;
            bestResidual = residual;
        }
    }
    return ldexp(best, ea - eb);
}

void main() {
    const uint block = (gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x) * 64 + gl_LocalInvocationID.x;
    if (block >= p.blocks) return;
    const uint base = block * 32;

    float absoluteMax = 0.0;
    for (uint j = 0; j < 32; j++) absoluteMax = max(absoluteMax, abs(x[base + j]));
    const float multiplier = absoluteMax != 0.0 ? divide(127.0, absoluteMax) : 0.0;
    int sum = 0;
    for (uint word = 0; word < 8; word++) {
        uint packed = 0;
        for (uint byte = 0; byte < 4; byte++) {
            const float scaled = roundEven(x[base + 4 * word + byte] * multiplier);
            const int level = isnan(scaled) ? 0 : int(clamp(scaled, -127.0, 127.0));
            sum += level;
            packed |= (uint(level) & 0xFFu) << (8 * byte);
        }
        quants[block * 8 + word] = packed;
    }
    const float d = divide(absoluteMax, 127.0);
    scales[block] = roundToHalf(d);
    sums[block] = roundToHalf(d * float(sum));
}
