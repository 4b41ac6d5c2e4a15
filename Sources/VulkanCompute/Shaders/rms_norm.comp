#version 450
// RMS norm of each row, then the norm's weights: y = x / sqrt(mean(x²) + eps) * weight
// (Sources/Engine/Model/Elementwise.swift's rmsNorm). One workgroup per row.
//
// The CPU sums the squares in double; here they are summed in float (doubles are optional in
// Vulkan and slow on most GPUs): each invocation over a stride of the row, then a tree in
// shared memory. VulkanTests bounds the difference this makes.

// 128 invocations: the least maxComputeWorkGroupInvocations every device offers.
layout(local_size_x = 128) in;

layout(std430, binding = 0) readonly buffer Input { float x[]; };       // (rows, columns)
layout(std430, binding = 1) readonly buffer Weight { float weight[]; }; // (columns)
layout(std430, binding = 2) writeonly buffer Output { float y[]; };     // (rows, columns)

layout(push_constant) uniform Parameters {
    uint columns;
    float epsilon;
} p;

shared float partial[128];

void main() {
    const uint row = gl_WorkGroupID.x;
    const uint lane = gl_LocalInvocationID.x;
    const uint base = row * p.columns;

    float sum = 0.0;
    for (uint i = lane; i < p.columns; i += 128) {
        const float v = x[base + i];
        sum += v * v;
    }
    partial[lane] = sum;
    barrier();
    for (uint stride = 64; stride > 0; stride >>= 1) {
        if (lane < stride) partial[lane] += partial[lane + stride];
        barrier();
    }

    const float mean = partial[0] / float(p.columns);
    const float scale = 1.0 / sqrt(mean + p.epsilon);
    for (uint i = lane; i < p.columns; i += 128) {
        y[base + i] = x[base + i] * scale * weight[i];
    }
}
