#version 450
// Activations to F16, as the CPU engine converts them before a dot product with F16 weights
// (ActivationFormat.f16: Float16(x), round to nearest, ties to even, overflow to infinity).
// Written as floats holding the f16 values exactly, so matmul_f16.comp reads aligned floats;
// their values equal the CPU's halves. The rounding is integer arithmetic on the bits, so
// every device rounds alike (float-to-half conversions may round toward zero in Vulkan).
// One invocation per value.

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Input { float x[]; };       // (batch, columns)
layout(std430, binding = 1) writeonly buffer Output { float h[]; };     // (batch, columns), f16 values

layout(push_constant) uniform Parameters {
    uint count;  // batch · columns
} p;

// v rounded to the nearest f16, ties to even, sign kept, returned as a float.
float roundToHalf(float v) {
    const uint sign = floatBitsToUint(v) & 0x80000000u;
    const float magnitude = abs(v);
    if (isnan(v)) return v;
    float rounded;
    if (magnitude < 6.103515625e-05) {  // below f16's least normal: its subnormals are steps of 2^-24
        rounded = roundEven(magnitude * 16777216.0) * 5.9604644775390625e-08;
    } else {
        uint bits = floatBitsToUint(magnitude);
        bits = (bits + 0x0FFFu + ((bits >> 13) & 1u)) & ~0x1FFFu;
        rounded = uintBitsToFloat(bits);
        if (rounded > 65504.0) rounded = uintBitsToFloat(0x7F800000u);
    }
    return uintBitsToFloat(floatBitsToUint(rounded) | sign);
}

void main() {
    const uint index = (gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x) * 64 + gl_LocalInvocationID.x;
    if (index >= p.count) return;
    h[index] = roundToHalf(x[index]);
}
