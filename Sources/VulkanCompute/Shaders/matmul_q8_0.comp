#version 450
#extension GL_GOOGLE_include_directive : require
// y = W·x for Q8_0 weights in their GGUF blocks and activations quantized by
// quantize_q8_0.comp: per block of 32 the exact integer Σ w·a, then, block after block,
// sum = fma(Float(Σ w·a), d_w · d_a, sum): the CPU engine's PortableDotQ8_0.q8_0 arithmetic
// in its order, the fma rounded once on every device (exact_fma.glsl), so the outputs are the
// CPU's to the bit.
//
// GGUF's Q8_0 block is 34 bytes (f16 d, then 32 int8), so blocks start at 2-byte alignment.
// The weights are read as 32-bit words and the bytes taken out with shifts: no 8- or 16-bit
// storage feature is needed, and the file's bytes are uploaded unchanged.
//
// One output per invocation, 64 / A weight rows × A activation rows per workgroup, as
// matmul_f32.comp.

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Weights { uint w[]; };             // (rows, columns / 32) blocks of 34 bytes
layout(std430, binding = 1) readonly buffer Scales { float scales[]; };        // (batch, columns / 32)
layout(std430, binding = 2) readonly buffer Quants { uint quants[]; };         // (batch, columns / 32, 8)
layout(std430, binding = 3) writeonly buffer Output { float y[]; };            // (batch, rows)

layout(push_constant) uniform Parameters {
    uint columns;
    uint rows;
    uint batch;
    uint activationRows;  // A
} p;

#include "exact_fma.glsl"

// The 32-bit word at byte offset `offset` (a multiple of 2).
uint wordAt(uint offset) {
    const uint index = offset >> 2;
    return (offset & 2u) == 0u ? w[index] : (w[index] >> 16) | (w[index + 1] << 16);
}

// Σ of the four products of signed bytes.
int dot4(uint a, uint b) {
    int sum = 0;
    for (int byte = 0; byte < 32; byte += 8) {
        sum += bitfieldExtract(int(a), byte, 8) * bitfieldExtract(int(b), byte, 8);
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

    float sum = 0.0;
    for (uint block = 0; block < blocks; block++) {
        const uint offset = (row * blocks + block) * 34;
        const uint scaleWord = w[offset >> 2];
        const float d = unpackHalf2x16((offset & 2u) == 0u ? scaleWord : scaleWord >> 16).x;
        const uint activation = t * blocks + block;
        int products = 0;
        for (uint i = 0; i < 8; i++) products += dot4(wordAt(offset + 2 + 4 * i), quants[activation * 8 + i]);
        sum = exactFma(float(products), d * scales[activation], sum);
    }
    y[t * p.rows + row] = sum;
}
