#version 450
#extension GL_GOOGLE_include_directive : require
// y = W·x for Q6_K weights in their GGUF blocks and activations quantized by
// quantize_q8_k.comp: per super-block of 256 the exact integer P = Σ over its 16 sub-blocks of
// 16 of scale · Σ (level - 32)·a, then, block after block, sum = fma(Float(P), d · d_a, sum):
// the CPU engine's PortableDotKQuants.q6_K arithmetic in its order, the fma rounded once on
// every device (exact_fma.glsl), so the outputs are the CPU's to the bit.
//
// GGUF's Q6_K block is 210 bytes (2-byte aligned, read as words as in matmul_q8_0.comp): the
// low four bits at 0 (ql), the high two at 128 (qh), 16 int8 scales at 192, d (f16) at 208.
// In half n (128 values), value 32q + l (quarter q, l < 32) takes the low nibble of
// ql[64n + l] (q = 0), of ql[64n + 32 + l] (q = 1), their high nibbles (q = 2, 3), and bits
// 2q, 2q + 1 of qh[32n + l].
//
// One output per invocation, 64 / A weight rows × A activation rows per workgroup, as
// matmul_f32.comp.

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Weights { uint w[]; };         // (rows, columns / 256) blocks of 210 bytes
layout(std430, binding = 1) readonly buffer Scales { float scales[]; };    // (batch, columns / 256)
layout(std430, binding = 2) readonly buffer Quants { uint quants[]; };     // (batch, columns / 256, 64)
layout(std430, binding = 3) writeonly buffer Output { float y[]; };        // (batch, rows)

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

// Σ of the four products of levels (bytes 0-63, less 32) and signed activation bytes.
int dot4(uint levels, uint a) {
    int sum = 0;
    for (int byte = 0; byte < 32; byte += 8) {
        sum += (int(bitfieldExtract(levels, byte, 8)) - 32) * bitfieldExtract(int(a), byte, 8);
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

    float sum = 0.0;
    for (uint block = 0; block < blocks; block++) {
        const uint offset = (row * blocks + block) * 210;
        // d's half-word, read from the word that holds it: wordAt(offset + 208) would read past
        // the buffer's end for the last block when it ends on a word boundary.
        const uint dWord = w[(offset + 208) >> 2];
        const float d = unpackHalf2x16(((offset + 208) & 2u) == 0u ? dWord : dWord >> 16).x;
        int subScales[16];
        for (uint j = 0; j < 16; j++) subScales[j] = bitfieldExtract(int(wordAt(offset + 192 + 4 * (j / 4))), int(8 * (j % 4)), 8);
        const uint activation = t * blocks + block;
        int products = 0;
        for (uint part = 0; part < 2; part++) {
            for (uint quarter = 0; quarter < 4; quarter++) {
                int inner[2] = int[2](0, 0);  // the quarter's two sub-blocks of 16
                for (uint i = 0; i < 8; i++) {
                    const uint low = wordAt(offset + 64 * part + 32 * (quarter & 1u) + 4 * i);
                    const uint nibbles = (quarter >= 2 ? low >> 4 : low) & 0x0F0F0F0Fu;
                    const uint high = (wordAt(offset + 128 + 32 * part + 4 * i) >> (2 * quarter)) & 0x03030303u;
                    inner[i / 4] += dot4(nibbles | (high << 4), quants[activation * 64 + 32 * part + 8 * quarter + i]);
                }
                const uint subBlock = 8 * part + 2 * quarter;
                products += subScales[subBlock] * inner[0] + subScales[subBlock + 1] * inner[1];
            }
        }
        sum = exactFma(float(products), d * scales[activation], sum);
    }
    y[t * p.rows + row] = sum;
}
