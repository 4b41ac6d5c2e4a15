#version 450
#extension GL_GOOGLE_include_directive : require
// y = W·x for Q5_1 weights in their GGUF blocks and activations quantized by
// quantize_q8_1.comp, the CPU engine's PortableDotQ8_1.q5_1 arithmetic to the bit: a weight is
// d·level + m (level 0-31); 8 float lanes, lane l holding values 4l..4l+3 of every block. Per
// block, each lane's exact integer P_l = Σ level·a over its four values, then, block after
// block, lane[l] = fma(Float(P_l), d_w · d_a, lane[l]) and minimums = fma(m_w, s_a, minimums);
// y = ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)) + minimums, as in matmul_q4_1.comp.
// Each lane's fma is rounded once on every device (exact_fma.glsl); the minimums' product of
// two halves is exact, so a plain fma() rounds once even where the device splits it.
//
// GGUF's Q5_1 block is 24 bytes, so blocks start word-aligned: d and m (f16) in word 0, the
// fifth bits in word 1 (bit j for value j), then 16 bytes whose low nibbles are values 0-15
// and high nibbles values 16-31.
//
// One output per invocation, 64 / A weight rows × A activation rows per workgroup, as
// matmul_f32.comp.

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Weights { uint w[]; };             // (rows, columns / 32) blocks of 6 words
layout(std430, binding = 1) readonly buffer Scales { float scales[]; };        // (batch, columns / 32)
layout(std430, binding = 2) readonly buffer Sums { float activationSums[]; };  // (batch, columns / 32)
layout(std430, binding = 3) readonly buffer Quants { uint quants[]; };         // (batch, columns / 32, 8)
layout(std430, binding = 4) writeonly buffer Output { float y[]; };            // (batch, rows)

layout(push_constant) uniform Parameters {
    uint columns;
    uint rows;
    uint batch;
    uint activationRows;  // A
} p;

#include "exact_fma.glsl"

// Bits `first` ... `first` + 3 of `bits` as bit 4 of four bytes: fifth bits beside nibbles.
uint spreadFifthBits(uint bits, uint first) {
    uint spread = 0;
    for (uint byte = 0; byte < 4; byte++) spread |= ((bits >> (first + byte)) & 1u) << (8 * byte + 4);
    return spread;
}

// Σ of the four products of levels (unsigned bytes) and signed activation bytes.
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
    const uint blocks = p.columns / 32;

    float lanes[8];
    for (uint l = 0; l < 8; l++) lanes[l] = 0.0;
    float minimums = 0.0;
    for (uint block = 0; block < blocks; block++) {
        const uint base = (row * blocks + block) * 6;
        const vec2 factors = unpackHalf2x16(w[base]);  // d, m
        const uint fifthBits = w[base + 1];
        // levels[i]: values 4i..4i+3 (i < 4 from low nibbles, i ≥ 4 from high ones), one per
        // byte: lane i's four values.
        uint levels[8];
        for (uint i = 0; i < 4; i++) {
            const uint nibbles = w[base + 2 + i];
            levels[i] = (nibbles & 0x0F0F0F0Fu) | spreadFifthBits(fifthBits, 4 * i);
            levels[i + 4] = ((nibbles >> 4) & 0x0F0F0F0Fu) | spreadFifthBits(fifthBits, 16 + 4 * i);
        }
        const uint activation = t * blocks + block;
        const float scale = factors.x * scales[activation];
        for (uint i = 0; i < 8; i++) lanes[i] = exactFma(float(dot4(levels[i], quants[activation * 8 + i])), scale, lanes[i]);
        minimums = fma(factors.y, activationSums[activation], minimums);
    }
    const float folded = ((lanes[0] + lanes[4]) + (lanes[2] + lanes[6])) + ((lanes[1] + lanes[5]) + (lanes[3] + lanes[7]));
    y[t * p.rows + row] = folded + minimums;
}
