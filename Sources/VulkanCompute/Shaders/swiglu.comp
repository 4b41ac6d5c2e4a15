#version 450
#extension GL_GOOGLE_include_directive : require
// SwiGLU in place, gate = silu(gate) · up, silu(g) = g / (1 + e^-g), as the CPU engine (and
// llama.cpp's ggml_vec_swiglu_f32) computes it: llama.cpp's vector exponential for every
// whole group of 16 values of a row, the exact quotient; the rest of a row (fewer than 16,
// where the width is no multiple of 16) with the device's exp, as the CPU there uses the C
// library's. One invocation per value.

#include "exact_math.glsl"

layout(local_size_x = 64) in;

layout(std430, binding = 0) buffer Gate { float gate[]; };
layout(std430, binding = 1) readonly buffer Up { float up[]; };

layout(push_constant) uniform Parameters {
    uint count;
    uint rowLength;
} p;

void main() {
    const uint index = (gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x) * 64 + gl_LocalInvocationID.x;
    if (index >= p.count) return;
    const float g = gate[index];
    const bool grouped = index % p.rowLength < p.rowLength / 16 * 16;
    const float e = grouped ? vectorExp(0.0 - g) : exp(-g);
    precise float silu = correctlyDivided(g, 1.0 + e);
    precise float product = silu * up[index];
    gate[index] = product;
}
