/// Q8_0, Q4_0 and Q5_0 weights against Q8_0 activations, one row pair, portably.
///
/// Canonical arithmetic (the AVX-512 kernels reproduce it exactly): per block of 32 the exact
/// integer Σ w·a (Q4_0's levels less 8, Q5_0's less 16), then, block after block, one fused
/// multiply-add `sum = fma(Float(Σ w·a), d_weight · d_activation, sum)`.
enum PortableDotQ8_0 {
    static let blockBytes = 34

    /// Σ w·a over `blocks` blocks of 32, weights Q8_0.
    static func q8_0(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int) -> Float {
        var sum: Float = 0
        for block in 0 ..< blocks {
            let w = weights + block * blockBytes, a = activations + block * blockBytes
            let x = bytesAt(w, 2), y = bytesAt(a, 2)
            var products: Int32 = 0
            for i in 0 ..< 32 { products &+= Int32(x[i]) &* Int32(y[i]) }
            sum = sum.addingProduct(Float(products), halfAt(w, 0) * halfAt(a, 0))
        }
        return sum
    }

    /// Σ w·a over `blocks` blocks of 32, weights Q4_0 (levels 0-15 offset by 8).
    static func q4_0(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int) -> Float {
        var sum: Float = 0
        for block in 0 ..< blocks {
            let w = weights + block * 18, a = activations + block * blockBytes
            let nibbles = (w + 2).assumingMemoryBound(to: UInt8.self), y = bytesAt(a, 2)
            var products: Int32 = 0
            for j in 0 ..< 16 {
                products &+= (Int32(nibbles[j] & 0x0F) - 8) &* Int32(y[j])
                products &+= (Int32(nibbles[j] >> 4) - 8) &* Int32(y[j + 16])
            }
            sum = sum.addingProduct(Float(products), halfAt(w, 0) * halfAt(a, 0))
        }
        return sum
    }

    /// Σ w·a over `blocks` blocks of 32, weights Q5_0: d (f16) at 0, the fifth bits at 2 (bit j
    /// of the little-endian word for value j), nibbles at 6 as Q4_0's; levels 0-31 offset by 16.
    static func q5_0(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int) -> Float {
        var sum: Float = 0
        for block in 0 ..< blocks {
            let w = weights + block * 22, a = activations + block * blockBytes
            let fifthBits = UInt32(littleEndian: w.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
            let nibbles = (w + 6).assumingMemoryBound(to: UInt8.self), y = bytesAt(a, 2)
            var products: Int32 = 0
            for j in 0 ..< 16 {
                let low = Int32(nibbles[j] & 0x0F) | Int32(fifthBits >> j & 1) << 4
                let high = Int32(nibbles[j] >> 4) | Int32(fifthBits >> (j + 16) & 1) << 4
                products &+= (low - 16) &* Int32(y[j])
                products &+= (high - 16) &* Int32(y[j + 16])
            }
            sum = sum.addingProduct(Float(products), halfAt(w, 0) * halfAt(a, 0))
        }
        return sum
    }
}
