import _Builtin_intrinsics.intel

// Shared pieces of the AVX-512 kernels. They must compute exactly what the portable kernels
// in Engine/Kernels/Portable compute; the kernel tests compare the two bit for bit.
//
// The module is built with library evolution and every public entry point is
// `@inline(never)`: inlined or specialized into a caller in Engine, its code would be compiled
// for Engine's baseline CPU instead of this module's (a Float16 conversion then becomes a
// library call).

/// The fixed reduction of 16 float lanes, halves added pairwise (as the portable `reduceLanes`).
@inline(__always)
func reduceLanes(_ vector: __m512) -> Float {
    let v = vector
    let eight = v.lowHalf + v.highHalf
    let four = eight.lowHalf + eight.highHalf
    let two = four.lowHalf + four.highHalf
    return two[0] + two[1]
}

/// Sixteen float lanes: eight of `low`, then eight of `high`.
@inline(__always)
func halves(_ low: Float, _ high: Float) -> __m512 {
    _mm512_mask_blend_ps(0xFF00, _mm512_set1_ps(low), _mm512_set1_ps(high))
}

@inline(__always)
func half(_ pointer: UnsafeRawPointer, _ offset: Int = 0) -> Float {
    _cvtsh_ss(pointer.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
}

/// 32 bytes at `low` into bytes 0-31 and 32 bytes at `high` into bytes 32-63.
@inline(__always)
func load32x2(_ low: UnsafeRawPointer, _ high: UnsafeRawPointer) -> __m512i {
    let first = _mm512_maskz_loadu_epi8(0x0000_0000_FFFF_FFFF, low)
    return _mm512_mask_loadu_epi8(first, 0xFFFF_FFFF_0000_0000, high - 32)
}

/// 32 bytes at `low` into bytes 0-31, zeros above (an odd last block).
@inline(__always)
func load32(_ low: UnsafeRawPointer) -> __m512i {
    _mm512_maskz_loadu_epi8(0x0000_0000_FFFF_FFFF, low)
}

/// llama.cpp's fold of 8 float lanes (`hsum_float_8`), on lanes 0-7:
/// `((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7))` (as the portable `reduceLanes` of 8).
@inline(__always)
func reduceLanes8(_ vector: __m512) -> Float {
    let eight = vector.lowHalf
    let four = eight.lowHalf + eight.highHalf
    let two = four.lowHalf + four.highHalf
    return two[0] + two[1]
}
