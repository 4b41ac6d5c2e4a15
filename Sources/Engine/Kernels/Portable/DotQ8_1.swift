/// Q4_1 and Q5_1 weights against Q8_1 activations, one row pair, portably. A weight is
/// `d · level + m` with an unsigned level (0-15 or 0-31), so a block's dot product is
/// `d_w · d_a · Σ level·a + m_w · s_a`, `s_a` being the activation block's `d · Σa`.
///
/// Canonical arithmetic (the AVX-512 kernels reproduce it exactly): per block of 32 the exact
/// integer Σ level·a, then, block after block, two fused multiply-adds into one sum,
/// `sum = fma(Float(Σ level·a), d_w · d_a, sum)` then `sum = fma(m_w, s_a, sum)`. (One sum,
/// not llama.cpp's two: a vector kernel then keeps one accumulator per activation row in
/// registers, and a second pass over the blocks for the minimums cost it 15%.)
///
/// Weight blocks (ggml's `block_q4_1`, `block_q5_1`): d (f16) at 0, m (f16) at 2, then Q4_1's
/// 16 bytes of nibbles (value j low, value j + 16 high) at 4; Q5_1's fifth bits at 4 (bit j
/// of the little-endian word for value j) and its nibbles at 8. Activation blocks: see
/// ``ActivationFormat/quantizeQ8_1Block(_:into:)``.
enum PortableDotQ8_1 {
    static let activationBlockBytes = 36

    static func q4_1(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int) -> Float {
        var sum: Float = 0
        for block in 0 ..< blocks {
            let w = weights + block * 20, a = activations + block * activationBlockBytes
            let nibbles = (w + 4).assumingMemoryBound(to: UInt8.self), y = bytesAt(a, 4)
            var products: Int32 = 0
            for j in 0 ..< 16 {
                products &+= Int32(nibbles[j] & 0x0F) &* Int32(y[j])
                products &+= Int32(nibbles[j] >> 4) &* Int32(y[j + 16])
            }
            sum = fold(sum, products, w, a)
        }
        return sum
    }

    static func q5_1(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int) -> Float {
        var sum: Float = 0
        for block in 0 ..< blocks {
            let w = weights + block * 24, a = activations + block * activationBlockBytes
            let fifthBits = UInt32(littleEndian: w.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            let nibbles = (w + 8).assumingMemoryBound(to: UInt8.self), y = bytesAt(a, 4)
            var products: Int32 = 0
            for j in 0 ..< 16 {
                let low = Int32(nibbles[j] & 0x0F) | Int32(fifthBits >> j & 1) << 4
                let high = Int32(nibbles[j] >> 4) | Int32(fifthBits >> (j + 16) & 1) << 4
                products &+= low &* Int32(y[j])
                products &+= high &* Int32(y[j + 16])
            }
            sum = fold(sum, products, w, a)
        }
        return sum
    }

    /// One block's two fused multiply-adds: the level term, then the minimum's.
    @inline(__always)
    private static func fold(_ sum: Float, _ products: Int32, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        sum.addingProduct(Float(products), halfAt(w, 0) * halfAt(a, 0)).addingProduct(halfAt(w, 2), halfAt(a, 2))
    }
}
