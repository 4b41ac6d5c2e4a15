// Arithmetic that gives the CPU engine's bits on any Vulkan device: Vulkan lets a / b be
// 2.5 ulp off, exp() be approximate and a·b + c be fused or not; these are written so that
// only correctly rounded operations remain (`precise` forbids fusing and reordering), and
// fused multiply-adds rounded once go through exactFma (exact_fma.glsl: lavapipe's fma() is a
// product and a sum rounded apart). A fma() left as is has an exact product (two F16 values).

#include "exact_fma.glsl"

// a·b as p + e exactly (Dekker's product, for |a|, |b| ≤ 2).
void exactProduct(float a, float b, out float p, out float e) {
    precise float product = a * b;
    precise float ca = 4097.0 * a, cb = 4097.0 * b;
    precise float ah = ca - (ca - a), bh = cb - (cb - b);
    precise float al = a - ah, bl = b - bh;
    precise float error = ((ah * bh - product) + ah * bl + al * bh) + al * bl;
    p = product;
    e = error;
}

// a / b correctly rounded where the quotient is a normal float: the device's quotient of the
// mantissas, then of it and its neighbours the one whose residual is least, computed exactly.
// Elsewhere (infinite, zero, subnormal) the device's a / b.
float correctlyDivided(float a, float b) {
    const float rough = a / b;
    if (isinf(rough) || isnan(rough) || abs(rough) < 2.0e-38 || abs(rough) > 1.0e38) return rough;
    int ea, eb;
    const float ma = frexp(a, ea), mb = frexp(b, eb);
    const float q = ma / mb;
    float best = q, bestResidual = uintBitsToFloat(0x7F800000u);
    for (int step = -3; step <= 3; step++) {
        const float c = uintBitsToFloat(uint(int(floatBitsToUint(q)) + step));
        float p, e;
        exactProduct(c, mb, p, e);
        precise float residual = abs((ma - p) - e);
        if (residual < bestResidual) {
            best = c;
            bestResidual = residual;
        }
    }
    return ldexp(best, ea - eb);
}

// 2^n for a normal exponent n.
float powerOfTwo(int n) {
    return uintBitsToFloat(uint(n + 127) << 23);
}

// e^x as llama.cpp's AVX-512 CPU backend computes it (ggml_v_expf; the CPU engine's
// VectorExponential.exp): n = round(x·log2 e) by adding and removing 1.5·2^23, b = x - n·ln 2
// in two fused steps, a degree-5 polynomial by fused multiply-adds, scaled by 2^n once.
float vectorExp(float x) {
    const float shifter = uintBitsToFloat(0x4B400000u);
    precise float n = exactFma(x, uintBitsToFloat(0x3FB8AA3Bu), shifter) - shifter;
    // n·(ln 2's high part) is exact (n has at most 8 bits, the part 15): a plain fma will do.
    precise float b = exactFma(-n, uintBitsToFloat(0x35BFBE8Eu), fma(-n, uintBitsToFloat(0x3F317200u), x));
    if (abs(n) > 192.0) return n <= 0.0 ? 0.0 : uintBitsToFloat(0x7F800000u);
    precise float u = b * b;
    precise float high = exactFma(uintBitsToFloat(0x3C072010u), b, uintBitsToFloat(0x3D2B9F17u));
    precise float middle = exactFma(uintBitsToFloat(0x3E2AAF33u), b, uintBitsToFloat(0x3EFFFEDBu));
    precise float low = exactFma(uintBitsToFloat(0x3F7FFFF6u), b, 1.0);
    precise float j = exactFma(exactFma(high, u, middle), u, low);
    if (isinf(j) || isnan(j)) return j;
    const int k = int(n);
    precise float scaled = k < -126 ? j * powerOfTwo(k + 100) * powerOfTwo(-100)
        : k > 127 ? j * powerOfTwo(k - 100) * powerOfTwo(100) : j * powerOfTwo(k);
    return scaled;
}

// The fold of 16 lanes the CPU engine uses (an AVX-512 horizontal add):
// lanes i and i + 8, then i and i + 4, then i and i + 2, then the last two.
float foldSixteen(float v[16]) {
    precise float eight[8], four[4], two[2];
    for (int i = 0; i < 8; i++) eight[i] = v[i] + v[i + 8];
    for (int i = 0; i < 4; i++) four[i] = eight[i] + eight[i + 4];
    for (int i = 0; i < 2; i++) two[i] = four[i] + four[i + 2];
    precise float sum = two[0] + two[1];
    return sum;
}
