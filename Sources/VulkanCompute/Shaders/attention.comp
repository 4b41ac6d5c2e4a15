#version 450
#extension GL_GOOGLE_include_directive : require
// Causal grouped-query attention of a batch's queries over the device's F16 key-value cache,
// with the CPU engine's arithmetic (its AttentionKernels: llama.cpp's without flash attention)
// operation for operation, so the two give the same bits:
// - the query rounded to F16; score = the 16-lane fold of 16 fused multiply-add chains (lane l
//   over dimensions l, l + 16, …), times 1/√d;
// - the softmax by groups of 16 positions from position 0: llama.cpp's vector exponential of
//   score - max, each group's 16 lanes folded (0 for positions not visible), the folds added
//   in double in order; each probability times the float reciprocal of that sum, rounded to F16;
// - output[d] = the 16-lane fold of fused multiply-add chains, lane l over positions l, l + 16, ….
// One workgroup per (query row, head) walks its sequence's positions 64 at a time, three
// times (the largest score; the sum; the weighted values), recomputing the scores rather than
// storing them: no score matrix in device memory, whatever the prompt's length. A row sees
// positions 0 ..< visible of its own sequence, whose blocks' pages it finds in the page table.

#include "half_bits.glsl"
#include "exact_math.glsl"

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Queries { float q[]; };          // (rows, heads · headDimension)
layout(std430, binding = 1) readonly buffer KeyCache { uint keyCache[]; };   // (slots, width / 2)
layout(std430, binding = 2) readonly buffer ValueCache { uint valueCache[]; };
layout(std430, binding = 3) readonly buffer Pages { uint pages[]; };         // per sequence, its blocks' pages
layout(std430, binding = 4) readonly buffer RowInfo { uint rowInfo[]; };     // (rows, 2): first page entry, visible positions
layout(std430, binding = 5) writeonly buffer Output { float y[]; };          // (rows, heads · headDimension)

layout(push_constant) uniform Parameters {
    uint rows;
    uint heads;
    uint keyValueHeads;
    uint headDimension;  // at most 256, even
    float scale;
} p;

shared float query[256];
shared float reduction[64];
shared float weights[64];
shared uint slotOf[64];
shared float normalizer;

float roundedToHalf(float v) {
    return unpackHalf2x16(halfBits(v)).x;
}

// The cache slot of `position`: its block's page · 16 + position % 16.
uint slotAt(uint position, uint firstPage) {
    return pages[firstPage + position / 16] * 16 + position % 16;
}

// The scaled score of the query (in `query`) against the key at `position`.
float score(uint position, uint firstPage, uint wordsPerSlot, uint headWord, uint hd) {
    const uint at = slotAt(position, firstPage) * wordsPerSlot + headWord;
    precise float lanes[16];
    for (uint l = 0; l < 16; l++) lanes[l] = 0.0;
    for (uint i = 0; i < hd / 2; i++) {
        const vec2 key = unpackHalf2x16(keyCache[at + i]);
        lanes[(2 * i) % 16] = fma(query[2 * i], key.x, lanes[(2 * i) % 16]);
        lanes[(2 * i + 1) % 16] = fma(query[2 * i + 1], key.y, lanes[(2 * i + 1) % 16]);
    }
    precise float scaled = foldSixteen(lanes) * p.scale;
    return scaled;
}

void main() {
    const uint row = gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    if (row >= p.rows) return;
    const uint head = gl_WorkGroupID.y, lane = gl_LocalInvocationID.x;
    const uint hd = p.headDimension;
    const uint group = head / (p.heads / p.keyValueHeads);
    const uint wordsPerSlot = p.keyValueHeads * hd / 2;
    const uint headWord = group * hd / 2;
    const uint firstPage = rowInfo[2 * row], visible = rowInfo[2 * row + 1];

    const uint queryBase = (row * p.heads + head) * hd;
    for (uint c = lane; c < hd; c += 64) query[c] = roundedToHalf(q[queryBase + c]);
    barrier();

    // 1. The largest score.
    float largest = -1.0 / 0.0;
    for (uint base = 0; base < visible; base += 64) {
        if (base + lane < visible) largest = max(largest, score(base + lane, firstPage, wordsPerSlot, headWord, hd));
    }
    reduction[lane] = largest;
    barrier();
    for (uint stride = 32; stride > 0; stride >>= 1) {
        if (lane < stride) reduction[lane] = max(reduction[lane], reduction[lane + stride]);
        barrier();
    }
    largest = reduction[0];
    barrier();

    // 2. The sum of the exponentials: each group of 16 folded, the folds added in double.
    double sum = 0.0;
    for (uint base = 0; base < visible; base += 64) {
        weights[lane] = base + lane < visible ? vectorExp(score(base + lane, firstPage, wordsPerSlot, headWord, hd) - largest) : 0.0;
        barrier();
        if (lane < 4) {
            float lanes[16];
            for (uint l = 0; l < 16; l++) lanes[l] = weights[16 * lane + l];
            reduction[lane] = foldSixteen(lanes);
        }
        barrier();
        if (lane == 0) {
            for (uint g = 0; g < 4 && base + 16 * g < visible; g++) sum += double(reduction[g]);
        }
        barrier();
    }
    if (lane == 0) normalizer = float(1.0 / sum);
    barrier();

    // 3. The values, weighed by the probabilities rounded to F16.
    precise float partial[4][16];
    for (uint k = 0; k < 4; k++) for (uint l = 0; l < 16; l++) partial[k][l] = 0.0;
    for (uint base = 0; base < visible; base += 64) {
        const uint position = base + lane;
        if (position < visible) {
            slotOf[lane] = slotAt(position, firstPage);
            precise float probability = vectorExp(score(position, firstPage, wordsPerSlot, headWord, hd) - largest) * normalizer;
            weights[lane] = roundedToHalf(probability);
        }
        barrier();
        const uint count = min(64u, visible - base);
        for (uint k = 0; k < 4; k++) {
            const uint c = lane + 64 * k;
            if (c >= hd) break;
            const uint word = headWord + c / 2, high = c & 1u;
            for (uint j = 0; j < count; j++) {
                const vec2 pair = unpackHalf2x16(valueCache[slotOf[j] * wordsPerSlot + word]);
                partial[k][j % 16] = fma(weights[j], high == 1u ? pair.y : pair.x, partial[k][j % 16]);
            }
        }
        barrier();
    }
    for (uint k = 0; k < 4; k++) {
        const uint c = lane + 64 * k;
        if (c < hd) y[queryBase + c] = foldSixteen(partial[k]);
    }
}
