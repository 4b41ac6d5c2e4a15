// Pieces the portable kernels share. The float kernels accumulate 16 lanes with fused
// multiply-adds and reduce them with one fixed tree (as the AVX-512 float kernels do).

/// The fixed reduction of 16 float lanes: halves added pairwise down to one.
@inline(__always)
func reduceLanes(_ v: SIMD16<Float>) -> Float {
    let eight = v.lowHalf + v.highHalf
    let four = eight.lowHalf + eight.highHalf
    let two = four.lowHalf + four.highHalf
    return two[0] + two[1]
}

/// llama.cpp's fold of 8 float lanes (`hsum_float_8`, which ends its x86 quantized dot
/// products): `((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7))`.
@inline(__always)
func reduceLanes(_ v: SIMD8<Float>) -> Float {
    let four = v.lowHalf + v.highHalf
    let two = four.lowHalf + four.highHalf
    return two[0] + two[1]
}

@inline(__always)
func bytesAt(_ pointer: UnsafeRawPointer, _ offset: Int = 0) -> UnsafePointer<Int8> {
    (pointer + offset).assumingMemoryBound(to: Int8.self)
}

@inline(__always)
func halfAt(_ pointer: UnsafeRawPointer, _ offset: Int) -> Float {
    HalfTable.float(pointer.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
}

/// Half-precision values as floats, by table: without F16C in the portable build, each
/// conversion would otherwise be a library call.
enum HalfTable {
    static let floats: [Float] = (0 ... UInt16.max).map { Float(Float16(bitPattern: $0)) }

    @inline(__always)
    static func float(_ bits: UInt16) -> Float {
        floats.withUnsafeBufferPointer { $0[Int(bits)] }
    }
}
