#version 450
// y = W·x for Q5_1 weights in their GGUF blocks and activations quantized by
// quantize_q8_1.comp, the CPU engine's PortableDotQ8_1.q5_1 arithmetic: a weight is
// d·level + m (level 0-31), so per block of 32 the exact integer P = Σ level·a, then
// sum = fma(Float(P), d_w · d_a, sum) and minimums = fma(m_w, s_a, minimums); y = sum + minimums.
// The CPU splits P over 8 float lanes (4 values each) and folds them at the end; here each
// block's P is whole. Only the order of the sums differs (strided per invocation, then a tree,
// for sum and minimums apart), as in matmul_q4_1.comp.
//
// GGUF's Q5_1 block is 24 bytes, so blocks start word-aligned: d and m (f16) in word 0, the
// fifth bits in word 1 (bit j for value j), then 16 bytes whose low nibbles are values 0-15
// and high nibbles values 16-31.
//
// One workgroup per weight row and tile of 8 activation rows, as matmul_f32.comp.

layout(local_size_x = 64) in;
const uint TILE = 8;

layout(std430, binding = 0) readonly buffer Weights { uint w[]; };             // (rows, columns / 32) blocks of 6 words
layout(std430, binding = 1) readonly buffer Scales { float scales[]; };        // (batch, columns / 32)
layout(std430, binding = 2) readonly buffer Sums { float activationSums[]; };  // (batch, columns / 32)
layout(std430, binding = 3) readonly buffer Quants { uint quants[]; };         // (batch, columns / 32, 8)
layout(std430, binding = 4) writeonly buffer Output { float y[]; };            // (batch, rows)

layout(push_constant) uniform Parameters {
    uint columns;
    uint rows;
    uint batch;
} p;

shared float partial[TILE][64];
shared float partialMinimums[TILE][64];

// Bits `first` ... `first` + 3 of `bits` as bit 4 of four bytes: fifth bits beside nibbles.
uint spreadFifthBits(uint bits, uint first) {
    uint spread = 0;
    for (uint byte = 0; byte < 4; byte++) spread |= ((bits >> (first + byte)) & 1u) << (8 * byte + 4);
    return spread;
}

// Σ of the four products of levels (unsigned bytes) and signed activation bytes.
int dot4(uint levels, uint a) {
    int sum = 0;
    for (int byte = 0; byte < 32; byte += 8) {
        sum += int(bitfieldExtract(levels, byte, 8)) * bitfieldExtract(int(a), byte, 8);
    }
    return sum;
}

void main() {
    const uint row = gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    const uint first = gl_WorkGroupID.y * TILE;
    const uint lane = gl_LocalInvocationID.x;
    if (row >= p.rows) return;
    const uint tile = min(TILE, p.batch - first);
    const uint blocks = p.columns / 32;

    float sums[TILE], minimums[TILE];
    for (uint t = 0; t < TILE; t++) {
        sums[t] = 0.0;
        minimums[t] = 0.0;
    }
    for (uint block = lane; block < blocks; block += 64) {
        const uint base = (row * blocks + block) * 6;
        const vec2 factors = unpackHalf2x16(w[base]);  // d, m
        const uint fifthBits = w[base + 1];
        // levels[i]: values 4i..4i+3 (i < 4 from low nibbles, i ≥ 4 from high ones), one per byte.
        uint levels[8];
        for (uint i = 0; i < 4; i++) {
            const uint nibbles = w[base + 2 + i];
            levels[i] = (nibbles & 0x0F0F0F0Fu) | spreadFifthBits(fifthBits, 4 * i);
            levels[i + 4] = ((nibbles >> 4) & 0x0F0F0F0Fu) | spreadFifthBits(fifthBits, 16 + 4 * i);
        }
        for (uint t = 0; t < tile; t++) {
            const uint activation = (first + t) * blocks + block;
            int products = 0;
            for (uint i = 0; i < 8; i++) products += dot4(levels[i], quants[activation * 8 + i]);
            sums[t] = fma(float(products), factors.x * scales[activation], sums[t]);
            minimums[t] = fma(factors.y, activationSums[activation], minimums[t]);
        }
    }
    for (uint t = 0; t < TILE; t++) {
        partial[t][lane] = sums[t];
        partialMinimums[t][lane] = minimums[t];
    }
    barrier();
    for (uint stride = 32; stride > 0; stride >>= 1) {
        if (lane < stride) {
            for (uint t = 0; t < TILE; t++) {
                partial[t][lane] += partial[t][lane + stride];
                partialMinimums[t][lane] += partialMinimums[t][lane + stride];
            }
        }
        barrier();
    }
    if (lane < tile) y[(first + lane) * p.rows + row] = partial[lane][0] + partialMinimums[lane][0];
}
