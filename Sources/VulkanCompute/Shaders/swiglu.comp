#version 450
// SwiGLU in place: gate = silu(gate) · up, silu(g) = g / (1 + e^-g), over `count` floats.
// The CPU engine's exponential is llama.cpp's vector approximation; GLSL's exp differs from it
// in the last bits, which the forward pass's tolerance to llama.cpp absorbs.

layout(local_size_x = 64) in;

layout(std430, binding = 0) buffer Gate { float gate[]; };
layout(std430, binding = 1) readonly buffer Up { float up[]; };

layout(push_constant) uniform Parameters {
    uint count;
} p;

void main() {
    const uint index = (gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x) * 64 + gl_LocalInvocationID.x;
    if (index >= p.count) return;
    const float g = gate[index];
    gate[index] = g / (1.0 + exp(-g)) * up[index];
}
