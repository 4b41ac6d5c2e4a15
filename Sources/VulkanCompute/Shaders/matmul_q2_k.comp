#version 450
#extension GL_GOOGLE_include_directive : require
// y = W·x for Q2_K weights in their GGUF blocks and activations quantized by
// quantize_q8_k.comp: per super-block of 256 the exact integers P = Σ over its 16 sub-blocks
// of 16 of scale · Σ level·a and M = Σ of minimum · (the sub-block's activation sum, Q8_K's
// group sum), then, block after block, sum = fma(Float(P), d · d_a, sum) and
// minimums = fma(Float(M), dmin · d_a, minimums); y = sum - minimums: the CPU engine's
// PortableDotKQuants.q2_K arithmetic in its order, each fma rounded once on every device
// (exact_fma.glsl), so the outputs are the CPU's to the bit.
//
// GGUF's Q2_K block is 84 bytes, so blocks start word-aligned: 16 bytes of scales in words
// 0-3 (sub-block s: scale in the low nibble of byte s, minimum in the high one), 64 bytes of
// 2-bit levels in words 4-19, d and dmin (f16) in word 20. In half n (128 values), value
// 32k + l (l < 32) takes bits 2k, 2k + 1 of byte 32n + l of the levels.
//
// One output per invocation, 64 / A weight rows × A activation rows per workgroup, as
// matmul_f32.comp.

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Weights { uint w[]; };         // (rows, columns / 256) blocks of 21 words
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

// Σ of the four products of levels (bytes 0-3) and signed activation bytes.
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
        const uint base = (row * blocks + block) * 21;
        const vec2 factors = unpackHalf2x16(w[base + 20]);  // d, dmin
        const uint activation = t * blocks + block;
        int products = 0, minimumProducts = 0;
        for (uint part = 0; part < 2; part++) {
            for (uint k = 0; k < 4; k++) {
                int inner[2] = int[2](0, 0);  // sub-blocks 8n + 2k and 8n + 2k + 1
                for (uint i = 0; i < 8; i++) {
                    const uint levels = (w[base + 4 + 8 * part + i] >> (2 * k)) & 0x03030303u;
                    inner[i / 4] += dot4(levels, quants[activation * 64 + 32 * part + 8 * k + i]);
                }
                const uint subBlock = 8 * part + 2 * k;
                const uint packed = w[base + subBlock / 4] >> (8 * (subBlock % 4));  // bytes subBlock, subBlock + 1
                products += int(packed & 0x0Fu) * inner[0] + int((packed >> 8) & 0x0Fu) * inner[1];
                minimumProducts += int((packed >> 4) & 0x0Fu) * groupSums[activation * 16 + subBlock]
                    + int((packed >> 12) & 0x0Fu) * groupSums[activation * 16 + subBlock + 1];
            }
        }
        const float da = scales[activation];
        sum = exactFma(float(products), factors.x * da, sum);
        minimums = exactFma(float(minimumProducts), factors.y * da, minimums);
    }
    y[t * p.rows + row] = sum - minimums;
}
