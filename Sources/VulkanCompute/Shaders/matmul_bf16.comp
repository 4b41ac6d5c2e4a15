#version 450
// y = W·x for BF16 weights and activations rounded to BF16 by convert_bf16.comp (the CPU
// engine's PortableDotFloat.bf16: the bf16 values as floats, one fused multiply-add per pair).
// The product of two bf16 values (8-bit significands) is exact in a float, so only the order
// of the sums differs from the CPU's, as in matmul_f16.comp.
//
// The weights are GGUF's bf16 values, two to a 32-bit word, each a float's upper 16 bits; a
// row of odd length starts mid-word. One workgroup per weight row and tile of 8 activation
// rows, as matmul_f32.comp.

layout(local_size_x = 64) in;
const uint TILE = 8;

layout(std430, binding = 0) readonly buffer Weights { uint w[]; };       // (rows, columns) bf16 values
layout(std430, binding = 1) readonly buffer Activations { float x[]; };  // (batch, columns), bf16 values
layout(std430, binding = 2) writeonly buffer Output { float y[]; };      // (batch, rows)

layout(push_constant) uniform Parameters {
    uint columns;
    uint rows;
    uint batch;
} p;

shared float partial[TILE][64];

void main() {
    const uint row = gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    const uint first = gl_WorkGroupID.y * TILE;
    const uint lane = gl_LocalInvocationID.x;
    if (row >= p.rows) return;
    const uint tile = min(TILE, p.batch - first);

    float sums[TILE];
    for (uint t = 0; t < TILE; t++) sums[t] = 0.0;
    const uint weightBase = row * p.columns;
    for (uint k = lane; k < p.columns; k += 64) {
        const uint index = weightBase + k;
        const uint word = w[index >> 1];
        const float weight = uintBitsToFloat((index & 1u) == 0u ? word << 16 : word & 0xFFFF0000u);
        for (uint t = 0; t < tile; t++) sums[t] = fma(weight, x[(first + t) * p.columns + k], sums[t]);
    }
    for (uint t = 0; t < TILE; t++) partial[t][lane] = sums[t];
    barrier();
    for (uint stride = 32; stride > 0; stride >>= 1) {
        if (lane < stride) {
            for (uint t = 0; t < TILE; t++) partial[t][lane] += partial[t][lane + stride];
        }
        barrier();
    }
    if (lane < tile) y[(first + lane) * p.rows + row] = partial[lane][0];
}
