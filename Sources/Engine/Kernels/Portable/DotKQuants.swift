import GGUF

/// Q2_K, Q3_K, Q4_K, Q5_K and Q6_K weights against Q8_K activations, one row pair, portably.
///
/// Canonical arithmetic (the AVX-512 kernels reproduce it exactly), per super-block of 256:
/// the exact integer Σ over sub-blocks of scale · Σ level·a (Q3_K's levels signed, -4...3, and
/// its scales 0...63 less 32; Q6_K's levels signed, 0...63 less 32), then
/// `sum = fma(Float(that), d_weight · d_activation, sum)`. Q2_K, Q4_K and Q5_K also take the
/// exact Σ over sub-blocks of minimum · (sum of the sub-block's activations, from Q8_K's group
/// sums) into `minimums = fma(Float(that), dmin_weight · d_activation, minimums)`, and return
/// `sum - minimums`. Sub-blocks: 8 of 32 values for Q4_K and Q5_K, 16 of 16 for the others.
enum PortableDotKQuants {
    static let activationBlockBytes = 292

    static func q4_K(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int) -> Float {
        asymmetric(weights, activations, blocks: blocks, blockBytes: 144) { w, index in
            let byte = (w + 16).load(fromByteOffset: 32 * (index / 64) + index % 32, as: UInt8.self)
            return Int32(index % 64 < 32 ? byte & 0x0F : byte >> 4)
        }
    }

    static func q5_K(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int) -> Float {
        asymmetric(weights, activations, blocks: blocks, blockBytes: 176) { w, index in
            let chunk = index / 64, upper = index % 64 >= 32
            let byte = (w + 48).load(fromByteOffset: 32 * chunk + index % 32, as: UInt8.self)
            let high = (w + 16).load(fromByteOffset: index % 32, as: UInt8.self) >> (2 * chunk + (upper ? 1 : 0)) & 1
            return Int32((upper ? byte >> 4 : byte & 0x0F) | high << 4)
        }
    }

    /// Q4_K/Q5_K, with `level(block, index)` the level (0...31) of value `index` of the block.
    @inline(__always)
    private static func asymmetric(
        _ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int, blockBytes: Int,
        level: (UnsafeRawPointer, Int) -> Int32
    ) -> Float {
        var sum: Float = 0, minimums: Float = 0
        for block in 0 ..< blocks {
            let w = weights + block * blockBytes
            let a = activations + block * activationBlockBytes
            let packed = (w + 4).assumingMemoryBound(to: UInt8.self)
            let values = bytesAt(a, 4)
            let groupSums = (a + 260).assumingMemoryBound(to: Int16.self)
            var products: Int32 = 0, minimumProducts: Int32 = 0
            for subBlock in 0 ..< 8 {
                let (scale, minimum) = KQuantScales.scaleAndMin(subBlock, packed)
                var inner: Int32 = 0
                for i in 32 * subBlock ..< 32 * subBlock + 32 { inner &+= level(w, i) &* Int32(values[i]) }
                products &+= Int32(scale) &* inner
                let activationSum = Int32(groupSums[2 * subBlock]) + Int32(groupSums[2 * subBlock + 1])
                minimumProducts &+= Int32(minimum) &* activationSum
            }
            let dActivation = a.loadUnaligned(as: Float.self)
            sum = sum.addingProduct(Float(products), halfAt(w, 0) * dActivation)
            minimums = minimums.addingProduct(Float(minimumProducts), halfAt(w, 2) * dActivation)
        }
        return sum - minimums
    }

    static func q6_K(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int) -> Float {
        var sum: Float = 0
        for block in 0 ..< blocks {
            let w = weights + block * 210
            let a = activations + block * activationBlockBytes
            let scales = (w + 192).assumingMemoryBound(to: Int8.self)
            let values = bytesAt(a, 4)
            var products: Int32 = 0
            for subBlock in 0 ..< 16 {
                var inner: Int32 = 0
                for i in 16 * subBlock ..< 16 * subBlock + 16 { inner &+= q6Level(w, i) &* Int32(values[i]) }
                products &+= Int32(scales[subBlock]) &* inner
            }
            sum = sum.addingProduct(Float(products), halfAt(w, 208) * a.loadUnaligned(as: Float.self))
        }
        return sum
    }

    /// The signed level (0...63 less 32) of value `index` of a Q6_K block: in half n (128
    /// values), value l, 32 + l, 64 + l, 96 + l take low nibble of ql[l], of ql[32 + l], high
    /// nibble of ql[l], of ql[32 + l], and bits 0-1, 2-3, 4-5, 6-7 of qh[l].
    @inline(__always)
    static func q6Level(_ block: UnsafeRawPointer, _ index: Int) -> Int32 {
        let half = index / 128, quarter = index % 128 / 32, l = index % 32
        let low = block.load(fromByteOffset: 64 * half + l + (quarter % 2 == 1 ? 32 : 0), as: UInt8.self)
        let high = block.load(fromByteOffset: 128 + 32 * half + l, as: UInt8.self)
        let nibble = quarter >= 2 ? low >> 4 : low & 0x0F
        return Int32(nibble | (high >> (2 * quarter) & 3) << 4) - 32
    }

    /// Q2_K (ggml's `block_q2_K`, 84 bytes): per sub-block of 16 a byte at 0 + j, the scale in
    /// its low nibble and the minimum in its high one; levels 0...3, two bits each, at 16; d
    /// (f16) at 80, dmin (f16) at 82.
    static func q2_K(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int) -> Float {
        var sum: Float = 0, minimums: Float = 0
        for block in 0 ..< blocks {
            let w = weights + block * 84
            let a = activations + block * activationBlockBytes
            let scales = w.assumingMemoryBound(to: UInt8.self)
            let values = bytesAt(a, 4)
            let groupSums = (a + 260).assumingMemoryBound(to: Int16.self)
            var products: Int32 = 0, minimumProducts: Int32 = 0
            for subBlock in 0 ..< 16 {
                var inner: Int32 = 0
                for i in 16 * subBlock ..< 16 * subBlock + 16 { inner &+= q2Level(w, i) &* Int32(values[i]) }
                products &+= Int32(scales[subBlock] & 0x0F) &* inner
                minimumProducts &+= Int32(scales[subBlock] >> 4) &* Int32(groupSums[subBlock])
            }
            let dActivation = a.loadUnaligned(as: Float.self)
            sum = sum.addingProduct(Float(products), halfAt(w, 80) * dActivation)
            minimums = minimums.addingProduct(Float(minimumProducts), halfAt(w, 82) * dActivation)
        }
        return sum - minimums
    }

    /// The level (0...3) of value `index` of a Q2_K block: in half n (128 values), value
    /// 32·k + l takes bits 2k, 2k + 1 of byte l of the half's 32 bytes.
    @inline(__always)
    static func q2Level(_ block: UnsafeRawPointer, _ index: Int) -> Int32 {
        let half = index / 128, k = index % 128 / 32, l = index % 32
        return Int32(block.load(fromByteOffset: 16 + 32 * half + l, as: UInt8.self) >> (2 * k) & 3)
    }

    /// Q3_K (ggml's `block_q3_K`, 110 bytes): the high bits at 0, the two low bits of each level
    /// at 32 (as Q2_K's), 16 six-bit scales packed in 12 bytes at 96, d (f16) at 108.
    static func q3_K(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, blocks: Int) -> Float {
        var sum: Float = 0
        for block in 0 ..< blocks {
            let w = weights + block * 110
            let a = activations + block * activationBlockBytes
            let values = bytesAt(a, 4)
            var products: Int32 = 0
            for subBlock in 0 ..< 16 {
                var inner: Int32 = 0
                for i in 16 * subBlock ..< 16 * subBlock + 16 { inner &+= q3Level(w, i) &* Int32(values[i]) }
                products &+= q3Scale(w, subBlock) &* inner
            }
            sum = sum.addingProduct(Float(products), halfAt(w, 108) * a.loadUnaligned(as: Float.self))
        }
        return sum
    }

    /// The signed level (-4...3) of value `index` of a Q3_K block: two low bits as Q2_K's
    /// (from byte 32), less 4 unless the high bit is set, bit 4n + k of byte l (value
    /// 128n + 32k + l).
    @inline(__always)
    static func q3Level(_ block: UnsafeRawPointer, _ index: Int) -> Int32 {
        let half = index / 128, k = index % 128 / 32, l = index % 32
        let low = block.load(fromByteOffset: 32 + 32 * half + l, as: UInt8.self) >> (2 * k) & 3
        let high = block.load(fromByteOffset: l, as: UInt8.self) >> (4 * half + k) & 1
        return Int32(low | high << 2) - 4
    }

    /// Scale `j` (-32...31) of a Q3_K block: its low four bits are the low nibble of byte j
    /// (j < 8) or the high nibble of byte j - 8; its high two bits are bits 2·(j / 4), +1 of
    /// byte 8 + j % 4.
    @inline(__always)
    static func q3Scale(_ block: UnsafeRawPointer, _ j: Int) -> Int32 {
        let packed = (block + 96).assumingMemoryBound(to: UInt8.self)
        let low = j < 8 ? packed[j] & 0x0F : packed[j - 8] >> 4
        let high = packed[8 + j % 4] >> (2 * (j / 4)) & 3
        return Int32(low | high << 4) - 32
    }
}
