#version 450
#extension GL_GOOGLE_include_directive : require
// y = W·x for Q5_K weights in their GGUF blocks and activations quantized by
// quantize_q8_k.comp, as matmul_q4_k.comp with levels of five bits: per super-block of 256 the
// exact integers P = Σ over its 8 sub-blocks of scale · Σ level·a and M = Σ of minimum · (the
// sub-block's activation sum), then, block after block, sum = fma(Float(P), d · d_a, sum) and
// minimums = fma(Float(M), dmin · d_a, minimums); y = sum - minimums: the CPU engine's
// PortableDotKQuants.q5_K arithmetic in its order, each fma rounded once on every device
// (exact_fma.glsl), so the outputs are the CPU's to the bit.
//
// GGUF's Q5_K block is 176 bytes, so blocks start word-aligned: d and dmin (f16) in word 0,
// 12 bytes of packed 6-bit scales and minimums in words 1-3, 32 bytes of fifth bits (qh) in
// words 4-11, then 128 bytes of nibbles in words 12-43 laid out as Q4_K's: chunk c (values
// 64c..64c+63) is bytes 32c..32c+31, low nibbles sub-block 2c, high ones 2c + 1. Value
// 64c + l takes bit 2c of qh[l] as its fifth bit, value 64c + 32 + l bit 2c + 1.
//
// One output per invocation, 64 / A weight rows × A activation rows per workgroup, as
// matmul_f32.comp.

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Weights { uint w[]; };         // (rows, columns / 256) blocks of 44 words
layout(std430, binding = 1) readonly buffer Scales { float scales[]; };    // (batch, columns / 256)
layout(std430, binding = 2) readonly buffer Quants { uint quants[]; };     // (batch, columns / 256, 64)
layout(std430, binding = 3) readonly buffer Sums { int groupSums[]; };     // (batch, columns / 256, 16)
layout(std430, binding = 4) writeonly buffer Output { float y[]; };        // (batch, rows)

layout(push_constant) uniform Parameters {
    uint columns;
    uint rows;
    uint batch;
    uint activationRows;  // A
} p;

#include "exact_fma.glsl"

// Σ of the four products of levels (bytes 0-31) and signed activation bytes.
int dot4(uint levels, uint a) {
    int sum = 0;
    for (int byte = 0; byte < 32; byte += 8) {
        sum += int(bitfieldExtract(levels, byte, 8)) * bitfieldExtract(int(a), byte, 8);
    }
    return sum;
}

void main() {
    const uint group = gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    const uint lane = gl_LocalInvocationID.x;
    const uint row = group * (64 / p.activationRows) + lane / p.activationRows;
    const uint t = gl_WorkGroupID.y * p.activationRows + lane % p.activationRows;
    if (row >= p.rows || t >= p.batch) return;
    const uint blocks = p.columns / 256;

    float sum = 0.0, minimums = 0.0;
    for (uint block = 0; block < blocks; block++) {
        const uint base = (row * blocks + block) * 44;
        const vec2 factors = unpackHalf2x16(w[base]);  // d, dmin
        // The 12 packed bytes; scale and minimum j as KQuantScales.scaleAndMin unpacks them.
        uint packed[12];
        for (uint k = 0; k < 12; k++) packed[k] = bitfieldExtract(w[base + 1 + k / 4], int(8 * (k % 4)), 8);
        uint subScales[8], subMinimums[8];
        for (uint j = 0; j < 4; j++) {
            subScales[j] = packed[j] & 63u;
            subMinimums[j] = packed[j + 4] & 63u;
            subScales[j + 4] = (packed[j + 8] & 0x0Fu) | ((packed[j] >> 6) << 4);
            subMinimums[j + 4] = (packed[j + 8] >> 4) | ((packed[j + 4] >> 6) << 4);
        }
        const uint activation = t * blocks + block;
        int products = 0, minimumProducts = 0;
        for (uint chunk = 0; chunk < 4; chunk++) {
            int low = 0, high = 0;
            for (uint i = 0; i < 8; i++) {
                const uint nibbles = w[base + 12 + 8 * chunk + i];
                const uint fifthBits = w[base + 4 + i] >> (2 * chunk);  // qh bytes 4i..4i+3
                const uint lowLevels = (nibbles & 0x0F0F0F0Fu) | ((fifthBits & 0x01010101u) << 4);
                const uint highLevels = ((nibbles >> 4) & 0x0F0F0F0Fu) | (((fifthBits >> 1) & 0x01010101u) << 4);
                low += dot4(lowLevels, quants[activation * 64 + 16 * chunk + i]);
                high += dot4(highLevels, quants[activation * 64 + 16 * chunk + 8 + i]);
            }
            products += int(subScales[2 * chunk]) * low + int(subScales[2 * chunk + 1]) * high;
        }
        for (uint j = 0; j < 8; j++) {
            minimumProducts += int(subMinimums[j]) * (groupSums[activation * 16 + 2 * j] + groupSums[activation * 16 + 2 * j + 1]);
        }
        const float da = scales[activation];
        sum = exactFma(float(products), factors.x * da, sum);
        minimums = exactFma(float(minimumProducts), factors.y * da, minimums);
    }
    y[t * p.rows + row] = sum - minimums;
}
