// fma(a, b, c) rounded once, as the CPU's fused multiply-add (Swift's addingProduct) rounds it,
// on any device. Vulkan lets fma() be a product and a sum rounded apart, and lavapipe does so
// (Mesa 22.3 lowers every fma that SPIR-V does not mark NoContraction, and glslang does not mark
// fma(), even under `precise`): its matrix products then differed from the CPU's in the last
// bits. Here the product is split exactly (Dekker: a·b = uh + ul, with Veltkamp's 4097 for 24-bit
// significands), c + uh exactly (Knuth's TwoSum: th + tl), tl + ul is rounded to odd, and
// th + that once to nearest: Boldo and Melquiond's emulated FMA ("Emulation of FMA and correctly
// rounded sums: proved algorithms using rounding to odd", 2008), correct for finite operands
// whose products neither overflow nor fall below the normal range (|a|, |b| well inside
// 2^±100, as quantization scales and activations are). Every step is `precise`, so no compiler
// reorders or contracts it. About 25 float operations: once per block of 32 or 256 in the
// quantized products, per value in the F32 one.
float exactFma(float a, float b, float c) {
    precise float uh = a * b;
    precise float ta = 4097.0 * a;
    precise float ah = ta - (ta - a);
    precise float al = a - ah;
    precise float tb = 4097.0 * b;
    precise float bh = tb - (tb - b);
    precise float bl = b - bh;
    precise float ul = ((ah * bh - uh) + ah * bl + al * bh) + al * bl;
    precise float th = c + uh;
    precise float shift = th - c;
    precise float tl = (c - (th - shift)) + (uh - shift);
    precise float v = tl + ul;
    precise float vShift = v - tl;
    precise float vError = (tl - (v - vShift)) + (ul - vShift);
    // Rounded to odd: where tl + ul was inexact and v's last bit is even, the float on the other
    // side of the exact sum (one step toward vError).
    if (vError != 0.0 && (floatBitsToUint(v) & 1u) == 0u) {
        v = uintBitsToFloat(floatBitsToUint(v) + ((vError > 0.0) == (v > 0.0) ? 1u : 0xFFFFFFFFu));
    }
    precise float z = th + v;
    return z;
}
