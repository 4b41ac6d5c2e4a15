#version 450
// x += y over `count` floats: the residual connections of a transformer block.

layout(local_size_x = 64) in;

layout(std430, binding = 0) buffer Sum { float x[]; };
layout(std430, binding = 1) readonly buffer Addend { float y[]; };

layout(push_constant) uniform Parameters {
    uint count;
} p;

void main() {
    const uint index = (gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x) * 64 + gl_LocalInvocationID.x;
    if (index < p.count) x[index] += y[index];
}
