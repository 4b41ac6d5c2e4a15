#version 450
#extension GL_GOOGLE_include_directive : require
// RMS norm of each row, then the norm's weights: y = x / sqrt(mean(x²) + eps) · weight, as
// the CPU engine (and ggml) computes it: each square in float, summed in double, the mean
// rounded to float, its root and reciprocal correctly rounded. The double sum goes by a tree
// here, where the CPU's goes in order: the two doubles may differ in their last bits, which
// changes the float mean only when the sum lies within 2^-29 of a float rounding boundary.
// One workgroup per row.

#include "exact_math.glsl"

// 128 invocations: the least maxComputeWorkGroupInvocations every device offers.
layout(local_size_x = 128) in;

layout(std430, binding = 0) readonly buffer Input { float x[]; };       // (rows, columns)
layout(std430, binding = 1) readonly buffer Weight { float weight[]; }; // (columns)
layout(std430, binding = 2) writeonly buffer Output { float y[]; };     // (rows, columns)

layout(push_constant) uniform Parameters {
    uint columns;
    float epsilon;
} p;

shared double partial[128];

void main() {
    const uint row = gl_WorkGroupID.x;
    const uint lane = gl_LocalInvocationID.x;
    const uint base = row * p.columns;

    double sum = 0.0;
    for (uint i = lane; i < p.columns; i += 128) {
        precise float square = x[base + i] * x[base + i];
        sum += double(square);
    }
    partial[lane] = sum;
    barrier();
    for (uint stride = 64; stride > 0; stride >>= 1) {
        if (lane < stride) partial[lane] += partial[lane + stride];
        barrier();
    }

    const float mean = float(partial[0] / double(p.columns));
    precise float shifted = mean + p.epsilon;
    const float root = float(sqrt(double(shifted)));  // correctly rounded: double, then float
    const float scale = correctlyDivided(1.0, root);
    for (uint i = lane; i < p.columns; i += 128) {
        precise float scaled = x[base + i] * scale;
        precise float weighted = scaled * weight[i];
        y[base + i] = weighted;
    }
}
