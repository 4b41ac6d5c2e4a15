#version 450
// Activations to BF16, as the CPU engine converts them before a dot product with BF16 weights
// (ActivationFormat.bf16, BlockBF16.encode, ggml's fp32_to_bf16): the upper 16 bits of the
// float rounded to nearest, ties to even, on the dropped 16 bits; a NaN stays a quiet NaN.
// Written as floats holding the bf16 values exactly (the low 16 bits zero), so
// matmul_bf16.comp reads aligned floats; integer arithmetic on the bits, so every device
// rounds alike. One invocation per value.

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Input { uint x[]; };        // (batch, columns), float bits
layout(std430, binding = 1) writeonly buffer Output { uint h[]; };      // (batch, columns), bf16 values as float bits

layout(push_constant) uniform Parameters {
    uint count;  // batch · columns
} p;

// The float bits `bits` rounded to BF16, in the upper half of the result.
uint roundToBF16(uint bits) {
    if ((bits & 0x7FFFFFFFu) > 0x7F800000u) return (bits | 0x00400000u) & 0xFFFF0000u;  // NaN: quiet, not rounded to infinity
    return (bits + 0x7FFFu + ((bits >> 16) & 1u)) & 0xFFFF0000u;
}

void main() {
    const uint index = (gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x) * 64 + gl_LocalInvocationID.x;
    if (index >= p.count) return;
    h[index] = roundToBF16(x[index]);
}
