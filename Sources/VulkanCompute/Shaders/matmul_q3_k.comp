#version 450
#extension GL_GOOGLE_include_directive : require
// y = W·x for Q3_K weights in their GGUF blocks and activations quantized by
// quantize_q8_k.comp: per super-block of 256 the exact integer P = Σ over its 16 sub-blocks of
// 16 of scale · Σ level·a (levels -4...3, scales -32...31), then, block after block,
// sum = fma(Float(P), d · d_a, sum). No minimums. The CPU engine's PortableDotKQuants.q3_K
// arithmetic in its order, the fma rounded once on every device (exact_fma.glsl), so the
// outputs are the CPU's to the bit.
//
// GGUF's Q3_K block is 110 bytes (2-byte aligned, read as words as in matmul_q8_0.comp): the
// high bits at 0 (hmask), the two low bits at 32 (qs), 16 six-bit scales packed in 12 bytes at
// 96, d (f16) at 108. In half n (128 values), value 32k + l (l < 32) takes bits 2k, 2k + 1 of
// qs[32n + l] and bit 4n + k of hmask[l]; its level is those three bits less 4. Scale j (stored
// + 32) has its low four bits in the low nibble of byte j (j < 8) or the high nibble of byte
// j - 8, its high two in bits 2·(j / 4), +1 of byte 8 + j % 4.
//
// One output per invocation, 64 / A weight rows × A activation rows per workgroup, as
// matmul_f32.comp.

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Weights { uint w[]; };         // (rows, columns / 256) blocks of 110 bytes
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

// The 32-bit word at byte offset `offset` (a multiple of 2). Unaligned, it reads the two words
// around it: inside the block for every offset below (d, at its end, is read apart).
uint wordAt(uint offset) {
    const uint index = offset >> 2;
    return (offset & 2u) == 0u ? w[index] : (w[index] >> 16) | (w[index + 1] << 16);
}

// Σ of the four products of levels (bytes 0-7, less 4) and signed activation bytes.
int dot4(uint levels, uint a) {
    int sum = 0;
    for (int byte = 0; byte < 32; byte += 8) {
        sum += (int(bitfieldExtract(levels, byte, 8)) - 4) * bitfieldExtract(int(a), byte, 8);
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
        const uint offset = (row * blocks + block) * 110;
        // d's half-word, read from the word that holds it: wordAt(offset + 108) would read past
        // the buffer's end for the last block when it ends on a word boundary.
        const uint dWord = w[(offset + 108) >> 2];
        const float d = unpackHalf2x16(((offset + 108) & 2u) == 0u ? dWord : dWord >> 16).x;
        uint packed[12];
        for (uint k = 0; k < 12; k++) packed[k] = bitfieldExtract(wordAt(offset + 96 + 4 * (k / 4)), int(8 * (k % 4)), 8);
        int subScales[16];
        for (uint j = 0; j < 16; j++) {
            const uint low = j < 8 ? packed[j] & 0x0Fu : packed[j - 8] >> 4;
            const uint high = (packed[8 + j % 4] >> (2 * (j / 4))) & 3u;
            subScales[j] = int(low | (high << 4)) - 32;
        }
        uint highBits[8], lowBits[16];  // hmask and qs, as words
        for (uint i = 0; i < 8; i++) highBits[i] = wordAt(offset + 4 * i);
        for (uint i = 0; i < 16; i++) lowBits[i] = wordAt(offset + 32 + 4 * i);
        const uint activation = t * blocks + block;
        int products = 0;
        for (uint part = 0; part < 2; part++) {
            for (uint k = 0; k < 4; k++) {
                int inner[2] = int[2](0, 0);  // sub-blocks 8n + 2k and 8n + 2k + 1
                for (uint i = 0; i < 8; i++) {
                    const uint low = (lowBits[8 * part + i] >> (2 * k)) & 0x03030303u;
                    const uint high = (highBits[i] >> (4 * part + k)) & 0x01010101u;
                    inner[i / 4] += dot4(low | (high << 2), quants[activation * 64 + 32 * part + 8 * k + i]);
                }
                const uint subBlock = 8 * part + 2 * k;
                products += subScales[subBlock] * inner[0] + subScales[subBlock + 1] * inner[1];
            }
        }
        sum = exactFma(float(products), d * scales[activation], sum);
    }
    y[t * p.rows + row] = sum;
}
