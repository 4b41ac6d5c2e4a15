#version 450
// y = W·x for F32 weights and a batch of activation rows: y[t][r] = Σ_k W[r][k] · x[t][k]
// (the CPU engine's MatrixMultiply over F32 weights, output laid out as it lays it out: row t
// of y is `rows` floats).
//
// One workgroup per weight row and tile of 8 activation rows, so each weight is read once per
// 8 products; invocations stride over k and a tree in shared memory sums their parts. A
// portable first kernel, correct on any device (lavapipe included), not yet a fast one.

layout(local_size_x = 64) in;
const uint TILE = 8;

layout(std430, binding = 0) readonly buffer Weights { float w[]; };      // (rows, columns)
layout(std430, binding = 1) readonly buffer Activations { float x[]; };  // (batch, columns)
layout(std430, binding = 2) writeonly buffer Output { float y[]; };      // (batch, rows)

layout(push_constant) uniform Parameters {
    uint columns;
    uint rows;
    uint batch;
} p;

shared float partial[TILE][64];

void main() {
    // Weight rows beyond 65535 workgroups continue along z.
    const uint row = gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    const uint first = gl_WorkGroupID.y * TILE;
    const uint lane = gl_LocalInvocationID.x;
    if (row >= p.rows) return;  // the whole workgroup leaves together: no barrier is split
    const uint tile = min(TILE, p.batch - first);

    float sums[TILE];
    for (uint t = 0; t < TILE; t++) sums[t] = 0.0;
    const uint weightBase = row * p.columns;
    for (uint k = lane; k < p.columns; k += 64) {
        const float weight = w[weightBase + k];
        for (uint t = 0; t < tile; t++) sums[t] += weight * x[(first + t) * p.columns + k];
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
