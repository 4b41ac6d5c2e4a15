#version 450
#extension GL_GOOGLE_include_directive : require
// y = W·x for F32 weights and a batch of activation rows: y[t][r] = Σ_k W[r][k] · x[t][k]
// (the CPU engine's MatrixMultiply over F32 weights, output laid out as it lays it out: row t
// of y is `rows` floats).
//
// The CPU engine's PortableDotFloat.f32 arithmetic, to the bit: 16 float lanes, value k
// fused-multiply-added into lane k % 16 in order of k, the lanes then reduced by halves
// (its reduceLanes: lane l + lane l + 8, then + 4, + 2, + 1), each fused multiply-add rounded
// once on every device (exact_fma.glsl).
//
// Each invocation computes one output y[t][row] alone: no shared memory, no barriers. A
// workgroup of 64 is 64 / A weight rows × A activation rows (A = p.activationRows, a power of
// two 1...64): invocation `lane` of workgroup g takes row g·(64 / A) + lane / A and activation
// row gl_WorkGroupID.y·A + lane % A, so neighbours share a weight row (see MatrixProduct.swift).

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Weights { float w[]; };      // (rows, columns)
layout(std430, binding = 1) readonly buffer Activations { float x[]; };  // (batch, columns)
layout(std430, binding = 2) writeonly buffer Output { float y[]; };      // (batch, rows)

layout(push_constant) uniform Parameters {
    uint columns;
    uint rows;
    uint batch;
    uint activationRows;  // A
} p;

#include "exact_fma.glsl"

void main() {
    // Workgroups beyond 65535 continue along z.
    const uint group = gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    const uint lane = gl_LocalInvocationID.x;
    const uint row = group * (64 / p.activationRows) + lane / p.activationRows;
    const uint t = gl_WorkGroupID.y * p.activationRows + lane % p.activationRows;
    if (row >= p.rows || t >= p.batch) return;

    float lanes[16];
    for (uint l = 0; l < 16; l++) lanes[l] = 0.0;
    const uint weightBase = row * p.columns, activationBase = t * p.columns;
    // Whole groups of 16, then the short last one (the CPU pads it with zeros, whose fused
    // multiply-adds leave a lane as it is: a lane that starts at +0 is never -0).
    const uint whole = p.columns / 16 * 16;
    for (uint k = 0; k < whole; k += 16) {
        for (uint l = 0; l < 16; l++) lanes[l] = exactFma(w[weightBase + k + l], x[activationBase + k + l], lanes[l]);
    }
    for (uint l = 0; l < 16; l++) {
        if (whole + l < p.columns) lanes[l] = exactFma(w[weightBase + whole + l], x[activationBase + whole + l], lanes[l]);
    }
    for (uint width = 8; width > 0; width >>= 1) {
        for (uint l = 0; l < width; l++) lanes[l] = lanes[l] + lanes[l + width];
    }
    y[t * p.rows + row] = lanes[0];
}
