/// Q4_1 and Q5_1 weights against Q8_1 activations, one row pair, portably. A weight is
/// `d · level + m` with an unsigned level (0-15 or 0-31), so a block's dot product is
/// `d_w · d_a · Σ level·a + m_w · s_a`, `s_a` being the activation block's `d · Σa`.
///
/// Canonical arithmetic (the AVX-512 kernels reproduce it exactly): per block of 32 the exact
/// integer Σ level·a, then, block after block, two fused multiply-adds into two sums,
/// `sum = fma(Float(Σ level·a), d_w · d_a, sum)` and `offsets = fma(m_w, s_a, offsets)`; the
/// result is `sum + offsets`. (Two sums, like llama.cpp's: neither waits on the other, so a
/// vector kernel keeps both chains in flight.)
///
/// Weight blocks (ggml's `block_q4_1`, `block_q5_1`): d (f16) at 0, m (f16) at 2, then Q4_1's
/// 16 bytes of nibbles (value j low, value j + 16 high) at 4; Q5_1's fifth bits at 4 (bit j
/// of the little-endian word for value j) and its nibbles at 8. Activation blocks: see
/// ``ActivationFormat/quantizeQ8_1Block(_:into:)``.
enum PortableDotQ8_1 {
    static let activationBlockBytes = 36

    static func q4_1(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int) -> Float {
        accumulate(weights, activations, blocks: blocks, blockBytes: 20) { w, j in
            let byte = w.load(fromByteOffset: 4 + j, as: UInt8.self)
            return (Int32(byte & 0x0F), Int32(byte >> 4))
        }
    }

    static func q5_1(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int) -> Float {
        accumulate(weights, activations, blocks: blocks, blockBytes: 24) { w, j in
            let fifthBits = UInt32(littleEndian: w.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            let byte = w.load(fromByteOffset: 8 + j, as: UInt8.self)
            return (Int32(byte & 0x0F) | Int32(fifthBits >> j & 1) << 4,
                    Int32(byte >> 4) | Int32(fifthBits >> (j + 16) & 1) << 4)
        }
    }

    /// The canonical fold, with `levels(block, j)` the levels of values j and j + 16 (j < 16).
    @inline(__always)
    private static func accumulate(
        _ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int, blockBytes: Int,
        levels: (UnsafeRawPointer, Int) -> (Int32, Int32)
    ) -> Float {
        var sum: Float = 0, offsets: Float = 0
        for block in 0 ..< blocks {
            let w = weights + block * blockBytes, a = activations + block * activationBlockBytes
            let y = bytesAt(a, 4)
            var products: Int32 = 0
            for j in 0 ..< 16 {
                let (low, high) = levels(w, j)
                products &+= low &* Int32(y[j])
                products &+= high &* Int32(y[j + 16])
            }
            sum = sum.addingProduct(Float(products), halfAt(w, 0) * halfAt(a, 0))
            offsets = offsets.addingProduct(halfAt(w, 2), halfAt(a, 2))
        }
        return sum + offsets
    }
}
