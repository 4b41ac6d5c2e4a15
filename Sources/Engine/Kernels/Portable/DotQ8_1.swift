/// Q4_1 and Q5_1 weights against Q8_1 activations, one row pair, portably. A weight is
/// `d · level + m` with an unsigned level (0-15 or 0-31), so a block's dot product is
/// `d_w · d_a · Σ level·a + m_w · s_a`, `s_a` being the activation block's `d · Σa`.
///
/// Canonical arithmetic, llama.cpp's x86 `ggml_vec_dot_q4_1_q8_1` and `ggml_vec_dot_q5_1_q8_1`
/// as its AVX2 branch computes them (the AVX-512 kernels reproduce it exactly): 8 float lanes,
/// lane l holding values 4l ..< 4l + 4 of every block. Per block, each lane's exact integer
/// Σ level·a over its four values (one `vpdpbusd` lane there), then, block after block,
/// `lane[l] = fma(Float(Σ level·a), d_w · d_a, lane[l])`; beside them one float
/// `minimums = fma(m_w, s_a, minimums)` (GCC contracts llama.cpp's `summs += m·s` to a fused
/// multiply-add: `vfmadd231ss` in its build). The result is
/// `((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7))` (its `hsum_float_8`), plus `minimums`.
///
/// Weight blocks (ggml's `block_q4_1`, `block_q5_1`): d (f16) at 0, m (f16) at 2, then Q4_1's
/// 16 bytes of nibbles (value j low, value j + 16 high) at 4; Q5_1's fifth bits at 4 (bit j
/// of the little-endian word for value j) and its nibbles at 8. Activation blocks: see
/// ``ActivationFormat/quantizeQ8_1Block(_:into:)``.
enum PortableDotQ8_1 {
    static let activationBlockBytes = 36

    static func q4_1(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int) -> Float {
        var lanes = SIMD8<Float>(repeating: 0), minimums: Float = 0
        for block in 0 ..< blocks {
            let w = weights + block * 20, a = activations + block * activationBlockBytes
            let nibbles = (w + 4).assumingMemoryBound(to: UInt8.self), y = bytesAt(a, 4)
            var products = SIMD8<Int32>(repeating: 0)
            for j in 0 ..< 16 {
                products[j >> 2] &+= Int32(nibbles[j] & 0x0F) &* Int32(y[j])
                products[4 + (j >> 2)] &+= Int32(nibbles[j] >> 4) &* Int32(y[j + 16])
            }
            fold(&lanes, &minimums, products, w, a)
        }
        return reduceLanes(lanes) + minimums
    }

    static func q5_1(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int) -> Float {
        var lanes = SIMD8<Float>(repeating: 0), minimums: Float = 0
        for block in 0 ..< blocks {
            let w = weights + block * 24, a = activations + block * activationBlockBytes
            let fifthBits = UInt32(littleEndian: w.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            let nibbles = (w + 8).assumingMemoryBound(to: UInt8.self), y = bytesAt(a, 4)
            var products = SIMD8<Int32>(repeating: 0)
            for j in 0 ..< 16 {
                let low = Int32(nibbles[j] & 0x0F) | Int32(fifthBits >> j & 1) << 4
                let high = Int32(nibbles[j] >> 4) | Int32(fifthBits >> (j + 16) & 1) << 4
                products[j >> 2] &+= low &* Int32(y[j])
                products[4 + (j >> 2)] &+= high &* Int32(y[j + 16])
            }
            fold(&lanes, &minimums, products, w, a)
        }
        return reduceLanes(lanes) + minimums
    }

    /// One block: the minimum's fused multiply-add, and each lane's.
    @inline(__always)
    private static func fold(
        _ lanes: inout SIMD8<Float>, _ minimums: inout Float, _ products: SIMD8<Int32>, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer
    ) {
        minimums = minimums.addingProduct(halfAt(w, 2), halfAt(a, 2))
        lanes = lanes.addingProduct(SIMD8<Float>(products), SIMD8(repeating: halfAt(w, 0) * halfAt(a, 0)))
    }
}
