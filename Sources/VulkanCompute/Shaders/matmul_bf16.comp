#version 450
// y = W·x for BF16 weights and activations rounded to BF16 by convert_bf16.comp, the CPU
// engine's PortableDotFloat.bf16 arithmetic to the bit: the bf16 values as floats, 16 float
// lanes, value k fused-multiply-added into lane k % 16 in order of k, the lanes reduced by
// halves, as matmul_f32.comp. The product of two bf16 values (8-bit significands) is exact in
// a float, so a plain fma() rounds once, as the CPU's, even where the device computes it as a
// product and a sum.
//
// The weights are GGUF's bf16 values, two to a 32-bit word, each a float's upper 16 bits; a
// row of odd length starts mid-word. One output per invocation, 64 / A weight rows × A
// activation rows per workgroup, as matmul_f32.comp.

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Weights { uint w[]; };       // (rows, columns) bf16 values
layout(std430, binding = 1) readonly buffer Activations { float x[]; };  // (batch, columns), bf16 values
layout(std430, binding = 2) writeonly buffer Output { float y[]; };      // (batch, rows)

layout(push_constant) uniform Parameters {
    uint columns;
    uint rows;
    uint batch;
    uint activationRows;  // A
} p;

// Weight `index` of the whole matrix, as a float.
float weightAt(uint index) {
    const uint word = w[index >> 1];
    return uintBitsToFloat((index & 1u) == 0u ? word << 16 : word & 0xFFFF0000u);
}

void main() {
    const uint group = gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    const uint lane = gl_LocalInvocationID.x;
    const uint row = group * (64 / p.activationRows) + lane / p.activationRows;
    const uint t = gl_WorkGroupID.y * p.activationRows + lane % p.activationRows;
    if (row >= p.rows || t >= p.batch) return;

    float lanes[16];
    for (uint l = 0; l < 16; l++) lanes[l] = 0.0;
    const uint weightBase = row * p.columns, activationBase = t * p.columns;
    const uint whole = p.columns / 16 * 16;
    for (uint k = 0; k < whole; k += 16) {
        for (uint l = 0; l < 16; l++) lanes[l] = fma(weightAt(weightBase + k + l), x[activationBase + k + l], lanes[l]);
    }
    for (uint l = 0; l < 16; l++) {
        if (whole + l < p.columns) lanes[l] = fma(weightAt(weightBase + whole + l), x[activationBase + whole + l], lanes[l]);
    }
    for (uint width = 8; width > 0; width >>= 1) {
        for (uint l = 0; l < width; l++) lanes[l] = lanes[l] + lanes[l + width];
    }
    y[t * p.rows + row] = lanes[0];
}
