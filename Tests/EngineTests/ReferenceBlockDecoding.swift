import GGUF
import TestSupport

/// Test reference: the weight layouts the engine's newer kernels read (Q4_1, Q5_0, Q5_1, Q2_K,
/// Q3_K) and the Q8_1 activation layout, decoded value by value in the plainest scalar form,
/// from ggml's `dequantize_row_*` definitions (ggml-quants.c), independently of the kernels.
///
/// Each block decodes to `value = scale · level + offset` per value; the dot product reference
/// needs the two parts apart, because a Q8_1 block stores its own sum (`s`, rounded to f16)
/// and Q4_1/Q5_1 apply their minimum to that stored sum, not to Σ of the decoded values.
enum ReferenceBlockDecoding {
    struct Decoded {
        /// `scale · level` per value.
        var scaled: [Double]
        /// Per value, the constant part (Q4_1's and Q5_1's m, Q2_K's −dmin · min); 0 elsewhere.
        var offsets: [Double]
        var values: [Double] { zip(scaled, offsets).map { $0 + $1 } }
    }

    static func half(_ bytes: [UInt8], _ offset: Int) -> Double {
        Double(Float16(bitPattern: UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8))
    }

    static func word(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0 ..< 4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    /// The weights of one row of `type` (whole blocks), decoded.
    static func decode(_ type: GGMLType, _ row: [UInt8]) -> Decoded {
        var result = Decoded(scaled: [], offsets: [])
        let blockBytes = type.bytesPerBlock
        for start in stride(from: 0, to: row.count, by: blockBytes) {
            let block = Array(row[start ..< start + blockBytes])
            let decoded: Decoded = switch type {
            case .q4_1: q4_1(block)
            case .q5_0: q5_0(block)
            case .q5_1: q5_1(block)
            case .q2_K: q2_K(block)
            case .q3_K: q3_K(block)
            default: preconditionFailure("no reference decoding for \(type)")
            }
            result.scaled += decoded.scaled
            result.offsets += decoded.offsets
        }
        return result
    }

    /// Q4_1: d, m, then value j in the low nibble of byte 4 + j, value j + 16 in its high one.
    static func q4_1(_ b: [UInt8]) -> Decoded {
        let d = half(b, 0), m = half(b, 2)
        var levels = [Int](repeating: 0, count: 32)
        for j in 0 ..< 16 {
            levels[j] = Int(b[4 + j] & 0x0F)
            levels[j + 16] = Int(b[4 + j] >> 4)
        }
        return Decoded(scaled: levels.map { d * Double($0) }, offsets: Array(repeating: m, count: 32))
    }

    /// The five-bit levels of Q5_0/Q5_1: nibbles at `nibbles`, bit j of the word at `high`.
    static func fiveBitLevels(_ b: [UInt8], high: Int, nibbles: Int) -> [Int] {
        let bits = word(b, high)
        var levels = [Int](repeating: 0, count: 32)
        for j in 0 ..< 16 {
            levels[j] = Int(b[nibbles + j] & 0x0F) + Int(bits >> UInt32(j) & 1) * 16
            levels[j + 16] = Int(b[nibbles + j] >> 4) + Int(bits >> UInt32(j + 16) & 1) * 16
        }
        return levels
    }

    /// Q5_0: d, the fifth bits, the nibbles; levels less 16.
    static func q5_0(_ b: [UInt8]) -> Decoded {
        let d = half(b, 0)
        let levels = fiveBitLevels(b, high: 2, nibbles: 6)
        return Decoded(scaled: levels.map { d * Double($0 - 16) }, offsets: Array(repeating: 0, count: 32))
    }

    /// Q5_1: d, m, the fifth bits, the nibbles.
    static func q5_1(_ b: [UInt8]) -> Decoded {
        let d = half(b, 0), m = half(b, 2)
        let levels = fiveBitLevels(b, high: 4, nibbles: 8)
        return Decoded(scaled: levels.map { d * Double($0) }, offsets: Array(repeating: m, count: 32))
    }

    /// Q2_K: 16 bytes of (scale | min << 4), 64 bytes of 2-bit levels, d, dmin. Value
    /// 128n + 32k + l: bits 2k of byte 16 + 32n + l; sub-block (value / 16).
    static func q2_K(_ b: [UInt8]) -> Decoded {
        let d = half(b, 80), dmin = half(b, 82)
        var result = Decoded(scaled: [], offsets: [])
        for index in 0 ..< 256 {
            let n = index / 128, k = index % 128 / 32, l = index % 32
            let level = Int(b[16 + 32 * n + l] >> UInt8(2 * k) & 3)
            let packed = b[index / 16]
            result.scaled.append(d * Double(packed & 0x0F) * Double(level))
            result.offsets.append(-dmin * Double(packed >> 4))
        }
        return result
    }

    /// Q3_K: hmask[32], qs[64], scales[12], d. Value 128n + 32k + l: two low bits as Q2_K's
    /// (qs at 32), less 4 when bit 4n + k of hmask[l] is clear; scale j six bits, less 32.
    static func q3_K(_ b: [UInt8]) -> Decoded {
        let d = half(b, 108)
        var scales = [Int](repeating: 0, count: 16)
        for j in 0 ..< 16 {
            let low = j < 8 ? Int(b[96 + j] & 0x0F) : Int(b[96 + j - 8] >> 4)
            let high = Int(b[104 + j % 4] >> UInt8(2 * (j / 4)) & 3)
            scales[j] = low + 16 * high - 32
        }
        var result = Decoded(scaled: [], offsets: Array(repeating: 0, count: 256))
        for index in 0 ..< 256 {
            let n = index / 128, k = index % 128 / 32, l = index % 32
            var level = Int(b[32 + 32 * n + l] >> UInt8(2 * k) & 3)
            if b[l] >> UInt8(4 * n + k) & 1 == 0 { level -= 4 }
            result.scaled.append(d * Double(scales[index / 16]) * Double(level))
        }
        return result
    }

    /// A Q8_1 row: per block d, s (both f16) and 32 signed bytes.
    static func q8_1(_ row: [UInt8]) -> (values: [Double], sums: [Double]) {
        var values: [Double] = [], sums: [Double] = []
        for start in stride(from: 0, to: row.count, by: 36) {
            let d = half(row, start)
            sums.append(half(row, start + 2))
            for j in 0 ..< 32 { values.append(d * Double(Int8(bitPattern: row[start + 4 + j]))) }
        }
        return (values, sums)
    }

    /// A Q8_0 row: per block d (f16) and 32 signed bytes.
    static func q8_0(_ row: [UInt8]) -> [Double] {
        stride(from: 0, to: row.count, by: 34).flatMap { start in
            (0 ..< 32).map { half(row, start) * Double(Int8(bitPattern: row[start + 2 + $0])) }
        }
    }

    /// A Q8_K row: per block d (f32), 256 signed bytes, 16 group sums.
    static func q8_K(_ row: [UInt8]) -> [Double] {
        stride(from: 0, to: row.count, by: 292).flatMap { start in
            let d = Double(Float(bitPattern: word(row, start)))
            return (0 ..< 256).map { d * Double(Int8(bitPattern: row[start + 4 + $0])) }
        }
    }
}

/// Random but valid weight blocks: random bytes everywhere, with each f16 scale field set to
/// a finite value of a plausible size (so no block decodes to NaN or infinity).
enum RandomWeightBlocks {
    /// Offsets of the f16 fields of a block of `type`, and the magnitude each is drawn around.
    static func halfFields(_ type: GGMLType) -> [(offset: Int, scale: Float)] {
        switch type {
        case .q4_1: [(0, 0.02), (2, 0.15)]
        case .q5_0: [(0, 0.02)]
        case .q5_1: [(0, 0.01), (2, 0.15)]
        case .q2_K: [(80, 0.01), (82, 0.01)]
        case .q3_K: [(108, 0.003)]
        default: preconditionFailure("no random blocks for \(type)")
        }
    }

    static func rows(_ type: GGMLType, rows: Int, length: Int, random: inout SeededGenerator) -> [UInt8] {
        var bytes = random.bytes(rows * type.byteCount(elements: length)!)
        for start in stride(from: 0, to: bytes.count, by: type.bytesPerBlock) {
            for (offset, scale) in halfFields(type) {
                let bits = Float16(random.normal() * scale).bitPattern
                bytes[start + offset] = UInt8(bits & 0xFF)
                bytes[start + offset + 1] = UInt8(bits >> 8)
            }
        }
        return bytes
    }
}
