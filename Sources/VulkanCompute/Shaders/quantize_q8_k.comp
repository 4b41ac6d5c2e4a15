#version 450
// Activations to Q8_K blocks of 256, as the CPU engine quantizes them before an integer dot
// product with K-quant weights (BlockQ8_K.quantize, ggml's quantize_row_q8_K_ref): the value
// of largest magnitude (the first, on a tie), sign kept, maps to -127, iscale = -127 / max;
// each quant min(127, nearest_int(iscale · x)) kept as its low byte; d = 1 / iscale; and the
// sum of each group of 16 quants.
//
// Written for the GPU rather than in GGUF's 292-byte layout: d in one array, the 256 quants as
// 64 little-endian words in another, the 16 group sums as ints in a third. Their values equal
// the CPU block's. -127 / max and 1 / iscale are divisions, which Vulkan allows to be 2.5 ulp
// off (and lavapipe's 1 / x is an ulp off at times): both are rounded correctly here, as the
// CPU's are, by divide() below. nearest_int is ggml's: add 1.5·2^23, keep the low mantissa
// bits, as the CPU does, so a subnormal maximum (iscale infinite) gives the CPU's quants too
// where the device keeps infinities (NaN, from 0 · inf, is not guaranteed kept by Vulkan).
// One invocation per block.

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Input { float x[]; };          // (batch, columns)
layout(std430, binding = 1) writeonly buffer Scales { float scales[]; };   // (batch, columns / 256)
layout(std430, binding = 2) writeonly buffer Quants { uint quants[]; };    // (batch, columns / 256, 64)
layout(std430, binding = 3) writeonly buffer Sums { int sums[]; };         // (batch, columns / 256, 16)

layout(push_constant) uniform Parameters {
    uint blocks;  // batch · columns / 256
} p;

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

// ggml's nearest_int: (x + 1.5·2^23)'s low 23 bits less 2^22.
int nearestInt(float v) {
    const float biased = v + 12582912.0;
    return int(floatBitsToUint(biased) & 0x007FFFFFu) - 0x00400000;
}

void main() {
    const uint block = (gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x) * 64 + gl_LocalInvocationID.x;
    if (block >= p.blocks) return;
    const uint base = block * 256;

    float absoluteMax = 0.0, signedMax = 0.0;
    for (uint j = 0; j < 256; j++) {
        const float v = x[base + j];
        if (abs(v) > absoluteMax) {
            absoluteMax = abs(v);
            signedMax = v;
        }
    }
    if (absoluteMax == 0.0) {
        for (uint word = 0; word < 64; word++) quants[block * 64 + word] = 0u;
        for (uint group = 0; group < 16; group++) sums[block * 16 + group] = 0;
        scales[block] = 0.0;
        return;
    }
    const float inverse = divide(-127.0, signedMax);
    for (uint group = 0; group < 16; group++) {
        int sum = 0;
        for (uint word = 4 * group; word < 4 * group + 4; word++) {
            uint packed = 0;
            for (uint byte = 0; byte < 4; byte++) {
                const int level = min(127, nearestInt(inverse * x[base + 4 * word + byte]));
                const int quant = bitfieldExtract(level, 0, 8);  // the low byte, sign-extended, as int8_t keeps it
                sum += quant;
                packed |= (uint(quant) & 0xFFu) << (8 * byte);
            }
            quants[block * 64 + word] = packed;
        }
        sums[block * 16 + group] = sum;
    }
    scales[block] = divide(1.0, inverse);
}
