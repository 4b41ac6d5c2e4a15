#version 450
#extension GL_GOOGLE_include_directive : require
// Stores a batch's keys and values into the device's key-value cache, as F16 (as the CPU
// engine's cache and llama.cpp's default store them). The cache of one layer is two arrays of
// slots, each slot one position's `width` halves packed two per word; a sequence's position
// lives in slot page · 16 + position % 16 of the page its block holds. One invocation per
// pair of components.

#include "half_bits.glsl"

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Keys { float k[]; };       // (rows, width)
layout(std430, binding = 1) readonly buffer Values { float v[]; };     // (rows, width)
layout(std430, binding = 2) readonly buffer Slots { uint slots[]; };   // (rows): each row's slot
layout(std430, binding = 3) writeonly buffer KeyCache { uint keyCache[]; };     // (slots, width / 2)
layout(std430, binding = 4) writeonly buffer ValueCache { uint valueCache[]; }; // (slots, width / 2)

layout(push_constant) uniform Parameters {
    uint rows;
    uint width;
} p;

void main() {
    const uint index = (gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x) * 64 + gl_LocalInvocationID.x;
    const uint words = p.width / 2;
    if (index >= p.rows * words) return;
    const uint row = index / words, word = index % words;
    const uint from = row * p.width + 2 * word, to = slots[row] * words + word;
    keyCache[to] = halfBits(k[from]) | (halfBits(k[from + 1]) << 16);
    valueCache[to] = halfBits(v[from]) | (halfBits(v[from + 1]) << 16);
}
