#version 450
#extension GL_GOOGLE_include_directive : require
// Causal grouped-query attention of a batch's queries over the device's F16 key-value cache,
// tiled (flash attention's online softmax): one workgroup per (query row, head) walks its
// sequence's positions 64 at a time, keeping the running maximum, the running sum of
// exponentials and the weighted values; no score matrix is ever stored. A row sees positions
// 0 ..< visible of its own sequence, whose blocks' pages it finds in the page table.
//
// As the CPU engine (llama.cpp without flash attention), the query is rounded to F16 and the
// scores scaled by 1/√d. The CPU then rounds the probabilities to F16 and sums by blocks of
// 16 in double; here they stay float and are rescaled per tile, so results differ in the last
// bits, within the forward pass's tolerance to llama.cpp.

#include "half_bits.glsl"

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
    for (uint c = lane; c < hd; c += 64) query[c] = unpackHalf2x16(halfBits(q[queryBase + c])).x;
    barrier();

    float largest = -1.0 / 0.0, total = 0.0;
    float accumulated[4] = float[4](0.0, 0.0, 0.0, 0.0);  // components lane, lane + 64, ...
    for (uint base = 0; base < visible; base += 64) {
        const uint position = base + lane;
        float score = -1.0 / 0.0;
        if (position < visible) {
            const uint slot = pages[firstPage + position / 16] * 16 + position % 16;
            slotOf[lane] = slot;
            const uint at = slot * wordsPerSlot + headWord;
            float dot = 0.0;
            for (uint i = 0; i < hd / 2; i++) {
                const vec2 key = unpackHalf2x16(keyCache[at + i]);
                dot = fma(query[2 * i], key.x, dot);
                dot = fma(query[2 * i + 1], key.y, dot);
            }
            score = dot * p.scale;
        }
        reduction[lane] = score;
        barrier();
        for (uint stride = 32; stride > 0; stride >>= 1) {
            if (lane < stride) reduction[lane] = max(reduction[lane], reduction[lane + stride]);
            barrier();
        }
        const float newLargest = max(largest, reduction[0]);
        barrier();
        const float weight = position < visible ? exp(score - newLargest) : 0.0;
        weights[lane] = weight;
        reduction[lane] = weight;
        barrier();
        for (uint stride = 32; stride > 0; stride >>= 1) {
            if (lane < stride) reduction[lane] += reduction[lane + stride];
            barrier();
        }
        const float correction = exp(largest - newLargest);  // 0 on the first tile
        total = total * correction + reduction[0];
        const uint count = min(64u, visible - base);
        for (uint k = 0; k < 4; k++) {
            const uint c = lane + 64 * k;
            if (c >= hd) break;
            float sum = accumulated[k] * correction;
            const uint word = headWord + c / 2, high = c & 1u;
            for (uint j = 0; j < count; j++) {
                const vec2 pair = unpackHalf2x16(valueCache[slotOf[j] * wordsPerSlot + word]);
                sum = fma(weights[j], high == 1u ? pair.y : pair.x, sum);
            }
            accumulated[k] = sum;
        }
        largest = newLargest;
        barrier();
    }
    for (uint k = 0; k < 4; k++) {
        const uint c = lane + 64 * k;
        if (c < hd) y[queryBase + c] = accumulated[k] / total;
    }
}
