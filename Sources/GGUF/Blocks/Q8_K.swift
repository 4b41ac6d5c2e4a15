/// `Q8_K`: the activation type of the K-quant dot products. Super-blocks of 256 values as
/// 8-bit integers times one single-precision scale, with the sum of each group of 16 integers
/// precomputed (the K-quant kernels use them to apply sub-block minimums).
///
/// ```
/// offset  size  field
///      0     4  d           f32 scale: value[j] = qs[j] * d
///      4   256  qs[256]     i8
///    260    32  bsums[16]   i16, bsums[g] = sum of qs[16g ..< 16g + 16]
/// ```
/// 292 bytes per 256 values.
public enum BlockQ8_K: GGMLBlockCodec {
    public static let type = GGMLType.q8_K
    static let blockSize = 256
    static let dOffset = 0, quantsOffset = 4, sumsOffset = 260

    public static func dequantize(block: UnsafeRawPointer, into values: UnsafeMutablePointer<Float>) {
        let d = Float(bitPattern: UInt32(littleEndian: block.loadUnaligned(fromByteOffset: dOffset, as: UInt32.self)))
        let quants = (block + quantsOffset).assumingMemoryBound(to: Int8.self)
        for j in 0 ..< blockSize {
            values[j] = d * Float(quants[j])
        }
    }

    /// ggml's reference quantizer (`quantize_row_q8_K_ref`): the value of largest magnitude,
    /// sign kept, maps to -127 (`iscale = -127 / max`), each value `min(127, nearest_int(iscale * x))`
    /// kept as `int8_t`, `d = 1 / iscale`. The same bytes llama.cpp's CPU backend feeds its
    /// K-quant dot products, also where a subnormal maximum makes `iscale` infinite.
    public static func quantize(values: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        var absoluteMax: Float = 0, signedMax: Float = 0
        for j in 0 ..< blockSize where abs(values[j]) > absoluteMax {
            absoluteMax = abs(values[j])
            signedMax = values[j]
        }
        let quants = (block + quantsOffset).assumingMemoryBound(to: Int8.self)
        let sums = block + sumsOffset
        guard absoluteMax > 0 else {
            block.storeBytes(of: Float(0).bitPattern.littleEndian, toByteOffset: dOffset, as: UInt32.self)
            (block + quantsOffset).initializeMemory(as: UInt8.self, repeating: 0, count: sumsOffset + 32 - quantsOffset)
            return
        }
        let inverse = -127 / signedMax
        for j in 0 ..< blockSize {
            quants[j] = Int8(truncatingIfNeeded: min(127, ggmlNearestInt(inverse * values[j])))
        }
        for group in 0 ..< 16 {
            var sum: Int16 = 0
            for j in 0 ..< 16 { sum += Int16(quants[16 * group + j]) }
            sums.storeBytes(of: sum.littleEndian, toByteOffset: 2 * group, as: Int16.self)
        }
        block.storeBytes(of: (1 / inverse).bitPattern.littleEndian, toByteOffset: dOffset, as: UInt32.self)
    }
}
