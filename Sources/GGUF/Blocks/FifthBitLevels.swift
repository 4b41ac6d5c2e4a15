/// The 5-bit levels of a Q5_0 or Q5_1 block: low nibbles packed as in Q4_0, the fifth bits in
/// a little-endian 32-bit word (bit j for value j).
struct FifthBitLevels {
    private let highBits: UInt32
    private let quants: UnsafePointer<UInt8>

    init(_ block: UnsafeRawPointer, highBitsOffset: Int, quantsOffset: Int) {
        highBits = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: highBitsOffset, as: UInt32.self))
        quants = (block + quantsOffset).assumingMemoryBound(to: UInt8.self)
    }

    /// Level `j` (0...31) of the block's 32.
    @inline(__always)
    subscript(j: Int) -> UInt8 {
        let nibble = j < 16 ? quants[j] & 0x0F : quants[j - 16] >> 4
        return nibble | UInt8(truncatingIfNeeded: (highBits >> UInt32(j)) & 1) << 4
    }

    /// Packs the 32 levels `level(j)` gives; of each only the low 5 bits are kept, as ggml keeps them.
    @inline(__always)
    static func store(
        _ block: UnsafeMutableRawPointer, highBitsOffset: Int, quantsOffset: Int, level: (Int) -> UInt8
    ) {
        let quants = (block + quantsOffset).assumingMemoryBound(to: UInt8.self)
        var highBits: UInt32 = 0
        for j in 0 ..< 16 {
            let first = level(j), second = level(j + 16)
            quants[j] = (first & 0x0F) | (second & 0x0F) << 4
            highBits |= (UInt32(first & 0x10) >> 4) << UInt32(j)
            highBits |= (UInt32(second & 0x10) >> 4) << UInt32(j + 16)
        }
        block.storeBytes(of: highBits.littleEndian, toByteOffset: highBitsOffset, as: UInt32.self)
    }
}
