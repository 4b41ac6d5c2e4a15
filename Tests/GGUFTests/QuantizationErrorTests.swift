import GGUF
import TestSupport
import Testing

/// Quantize then dequantize seeded random data and bound the error each type may add.
@Suite(.offThePool) struct QuantizationErrorTests {
    /// Largest RMS error allowed, relative to the RMS of standard normal data. From the step
    /// sizes: a b-bit level over a block's range leaves about range / 2^b / sqrt(12) (Q2_K: a
    /// sub-block of 16 normals spans about 3.5σ in 3 steps, 1.17σ / √12 ≈ 0.34).
    static let relativeRMSBound: [GGMLType: Double] = [
        .f32: 0, .f16: 0.0003, .bf16: 0.002, .q8_0: 0.007, .q8_1: 0.007, .q8_K: 0.008,
        .q6_K: 0.022, .q5_K: 0.045, .q5_1: 0.045, .q5_0: 0.05, .q4_K: 0.09, .q4_1: 0.09, .q4_0: 0.10,
        .q3_K: 0.17, .q2_K: 0.34,
    ]

    static let elementCount = 256 * 64

    @Test(arguments: GGMLType.codecTypes)
    func roundTripErrorIsBounded(_ type: GGMLType) throws {
        var random = SeededGenerator(seed: 42)
        let values = random.normals(Self.elementCount)
        let restored = try roundTrip(values, type)
        let rms = relativeRMSError(values, restored)
        print("\(type.name): relative RMS error \(rms)")
        #expect(rms <= Self.relativeRMSBound[type]!, "\(type.name) relative RMS error \(rms)")
    }

    /// Q8_0 and Q4_0 also bound every single value, from their scale `d` (stored as f16):
    /// Q8_0 rounds to the nearest level (half a step, plus the f16 rounding of `d` times the
    /// largest level); Q4_0 may clamp the value opposite the largest to level 7, one step off.
    @Test(arguments: [(GGMLType.q8_0, 0.5 + 127.0 / 2048), (GGMLType.q4_0, 1 + 8.0 / 2048)])
    func everyValueIsWithinItsStep(_ type: GGMLType, _ stepsAllowed: Double) throws {
        var random = SeededGenerator(seed: 9)
        let values = random.normals(Self.elementCount, scale: 3)
        let restored = try roundTrip(values, type)
        for block in stride(from: 0, to: values.count, by: 32) {
            let slice = values[block ..< block + 32]
            let largest = Double(slice.map { abs($0) }.max()!)
            let step = type == .q8_0 ? largest / 127 : largest / 8
            for j in block ..< block + 32 {
                #expect(abs(Double(values[j]) - Double(restored[j])) <= step * stepsAllowed + 1e-7)
            }
        }
    }

    @Test(arguments: GGMLType.codecTypes)
    func zerosStayZero(_ type: GGMLType) throws {
        let restored = try roundTrip([Float](repeating: 0, count: 512), type)
        #expect(restored.allSatisfy { $0 == 0 })
    }

    /// Values a float type holds exactly come back exactly.
    @Test func exactlyRepresentableValuesSurvive() throws {
        let values: [Float] = [0, -0, 1, -2, 0.5, 65504, -65504, 6.1035156e-05, 5.9604645e-08, .infinity, -.infinity]
        #expect(try roundTrip(values, .f16) == values)
        #expect(try roundTrip(values, .f32) == values)
        let bf16Exact: [Float] = [1, -2, Float(bitPattern: 0x7F7F_0000), .leastNormalMagnitude]
        #expect(try roundTrip(bf16Exact, .bf16) == bf16Exact)
    }

    /// BF16 encoding rounds to nearest even and keeps NaN a NaN, as ggml's.
    @Test func bf16RoundsToNearestEven() throws {
        // 1 + 2^-8 is halfway between two bf16 values: ties go to the even one (1.0).
        #expect(try roundTrip([1 + 1.0 / 256, 1 + 3.0 / 256], .bf16) == [1, 1 + 4.0 / 256])
        let nan = try roundTrip([.nan], .bf16)
        #expect(nan[0].isNaN)
    }

    /// Non-finite input must never crash a quantizer (the output of such a block is undefined).
    @Test(arguments: GGMLType.codecTypes)
    func nonFiniteInputDoesNotTrap(_ type: GGMLType) throws {
        var values = [Float](repeating: 1, count: 256)
        values[3] = .nan
        values[100] = .infinity
        values[200] = -.infinity
        _ = try roundTrip(values, type)
    }

    @Test func codecRejectsPartialBlocksAndWrongSizes() throws {
        #expect(throws: TensorCodecError.countNotWholeBlocks(.q4_0, count: 31)) {
            try GGMLType.q4_0.quantize([Float](repeating: 0, count: 31))
        }
        #expect(throws: TensorCodecError.unsupported(.iq4_XS)) {
            try GGMLType.iq4_XS.quantize([Float](repeating: 0, count: 256))
        }
        let bytes = [UInt8](repeating: 0, count: 17)
        bytes.withUnsafeBytes { raw in
            #expect(throws: TensorCodecError.byteCountMismatch(.q4_0, expected: 18, actual: 17)) {
                try GGMLType.q4_0.dequantize(raw, count: 32)
            }
        }
    }

    /// Q8_K keeps each group of 16's sum of quants, which the K-quant dot products use.
    @Test func q8KBlockSumsMatchItsQuants() throws {
        var random = SeededGenerator(seed: 3)
        let bytes = try GGMLType.q8_K.quantize(random.normals(256))
        let quants = bytes[4 ..< 260].map { Int(Int8(bitPattern: $0)) }
        for group in 0 ..< 16 {
            let stored = Int(Int16(bitPattern: UInt16(bytes[260 + 2 * group]) | UInt16(bytes[261 + 2 * group]) << 8))
            #expect(stored == quants[16 * group ..< 16 * group + 16].reduce(0, +))
        }
    }
}

func roundTrip(_ values: [Float], _ type: GGMLType) throws -> [Float] {
    let bytes = try type.quantize(values)
    return try bytes.withUnsafeBytes { try type.dequantize($0, count: values.count) }
}

func relativeRMSError(_ reference: [Float], _ approximation: [Float]) -> Double {
    var error = 0.0, energy = 0.0
    for (x, y) in zip(reference, approximation) {
        error += (Double(x) - Double(y)) * (Double(x) - Double(y))
        energy += Double(x) * Double(x)
    }
    return (error / energy).squareRoot()
}
