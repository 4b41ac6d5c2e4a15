import GGUF
import TestSupport
import Testing

/// Rows that stress a quantizer's choice of scales, for every type with a codec: zeros and
/// NaN are covered in ``QuantizationErrorTests``; here constants, one huge outlier, tiny values
/// and one-signed rows come back finite and as close as the format allows.
@Suite(.offThePool) struct QuantizationEdgeRowTests {
    static let length = 512
    /// Long enough that the outlier's block is a small part and the rest's error is the usual one.
    static let outlierRowLength = 4096

    @Test(arguments: GGMLType.codecTypes)
    func constantRowsComeBackClose(_ type: GGMLType) throws {
        for constant: Float in [0.37, -1.5, 1000] {
            let restored = try roundTrip([Float](repeating: constant, count: Self.length), type)
            let worst = restored.map { abs($0 - constant) / abs(constant) }.max()!
            // One level of one stored scale holds the constant: only the scale's rounding is
            // left, half a unit in the last place of f16 (2^-11) or of bf16 (2^-8), plus float
            // rounding.
            let bound: Float = type == .bf16 ? 0.004 : 0.0005
            print("\(type.name) constant \(constant): largest relative error \(worst)")
            #expect(worst <= bound, "\(type.name) constant \(constant): relative error \(worst)")
        }
    }

    @Test(arguments: GGMLType.codecTypes)
    func oneHugeOutlierSurvivesAndStaysLocal(_ type: GGMLType) throws {
        var random = SeededGenerator(seed: 17)
        var values = random.normals(Self.outlierRowLength)
        values[77] = 1000
        let restored = try roundTrip(values, type)
        #expect(restored.allSatisfy { $0.isFinite }, "\(type.name)")
        let outlierError = abs(restored[77] - 1000) / 1000
        // Values 256 and on share no block (of at most 256) with the outlier at 77: their error
        // stays the type's usual one.
        let elsewhere = relativeRMSError(Array(values[256...]), Array(restored[256...]))
        print("\(type.name) outlier: relative error \(outlierError); other blocks' relative RMS error \(elsewhere)")
        #expect(outlierError <= 0.01, "\(type.name): the outlier came back as \(restored[77])")
        #expect(elsewhere <= QuantizationErrorTests.relativeRMSBound[type]!, "\(type.name): \(elsewhere)")
    }

    @Test(arguments: GGMLType.codecTypes)
    func tinyValuesStayTinyAndFinite(_ type: GGMLType) throws {
        var random = SeededGenerator(seed: 19)
        for scale in [Float(1e-20), .leastNormalMagnitude / 100] {
            let values = random.normals(Self.length, scale: scale)
            let largest = values.map { abs($0) }.max()!
            let restored = try roundTrip(values, type)
            #expect(restored.allSatisfy { $0.isFinite && abs($0) <= 2 * largest }, "\(type.name) at scale \(scale)")
        }
    }

    @Test(arguments: GGMLType.codecTypes)
    func oneSignedRowsKeepTheirBound(_ type: GGMLType) throws {
        var random = SeededGenerator(seed: 23)
        let negative = (0 ..< Self.length).map { _ in -abs(random.normal()) }
        let positive = (0 ..< Self.length).map { _ in 3 + 0.5 * random.normal() }
        for (name, values) in [("negative only", negative), ("mean 3, sd 0.5", positive)] {
            let rms = relativeRMSError(values, try roundTrip(values, type))
            print("\(type.name) \(name): relative RMS error \(rms)")
            #expect(rms <= QuantizationErrorTests.relativeRMSBound[type]!, "\(type.name) \(name): \(rms)")
        }
    }
}
