#version 450
#extension GL_GOOGLE_include_directive : require
// RoPE in place, llama.cpp's "normal" mode: each head's adjacent pairs (x[2i], x[2i+1]) rotate
// by their row's angle table (cos, sin per pair, computed on the host exactly as the CPU
// engine computes it: Engine's MistralModel.rotaryAngles), with the CPU's fused arithmetic:
// x0' = fma(x0, cos, -(x1·sin)), x1' = fma(x0, sin, x1·cos), each fma rounded once (exact_fma.glsl).
// One invocation per pair.

#include "exact_fma.glsl"

layout(local_size_x = 64) in;

layout(std430, binding = 0) buffer Rows { float x[]; };            // (rows, heads · headDimension)
layout(std430, binding = 1) readonly buffer Angles { float angles[]; }; // (rows, headDimension)

layout(push_constant) uniform Parameters {
    uint rows;
    uint heads;
    uint headDimension;
} p;

void main() {
    const uint index = (gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x) * 64 + gl_LocalInvocationID.x;
    const uint pairsPerHead = p.headDimension / 2;
    const uint pairsPerRow = p.heads * pairsPerHead;
    if (index >= p.rows * pairsPerRow) return;
    const uint row = index / pairsPerRow, pair = index % pairsPerHead;
    const uint at = row * p.heads * p.headDimension + 2 * (index % pairsPerRow);
    const float cosine = angles[row * p.headDimension + 2 * pair], sine = angles[row * p.headDimension + 2 * pair + 1];
    const float x0 = x[at], x1 = x[at + 1];
    precise float rotated0 = exactFma(x0, cosine, -(x1 * sine));
    precise float rotated1 = exactFma(x0, sine, x1 * cosine);
    x[at] = rotated0;
    x[at + 1] = rotated1;
}
