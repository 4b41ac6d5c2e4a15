import Engine
import Foundation
import GGUF
import Testing
import TestSupport

/// What each file type loses: a synthetic F32 model quantized to every file type, each weight
/// matrix decoded again and compared with the original. Runs everywhere (no llama.cpp needed).
@Suite(.offThePool) struct QuantizeRoundTripTests {
    /// The largest relative RMS error (RMS of the error / RMS of the values) each tensor type
    /// may show on Gaussian weights: about 1.5 times what these rows give, so a quantizer that
    /// rounds wrongly or loses a scale bit fails.
    static let bounds: [GGMLType: Double] = [
        .f32: 0, .f16: 3e-4, .bf16: 2.5e-3, .q8_0: 7.5e-3, .q6_K: 0.025, .q5_0: 0.06, .q5_1: 0.055, .q5_K: 0.05,
        .q4_0: 0.12, .q4_1: 0.11, .q4_K: 0.1, .q3_K: 0.21, .q2_K: 0.42,
    ]

    static let master: String = {
        let path = temporaryPath("round-trip-master-F32.gguf")
        var config = MistralConfig.tiny
        config.blockCount = 1
        try! SyntheticModel(config: config, fileType: .f32, seed: 5).write(to: path)
        return path
    }()

    @Test(arguments: ModelFileType.allCases)
    func quantizedWeightsStayWithinTheTypesError(_ fileType: ModelFileType) throws {
        let master = try GGUFFile(path: Self.master)
        let path = temporaryPath("round-trip-\(fileType).gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelQuantizer(fileType: fileType).quantize(master, to: path)
        let quantized = try GGUFFile(path: path)
        var worst: [GGMLType: Double] = [:]
        for tensor in quantized.tensors where tensor.ne.count == 2 {
            let original = try master.dequantize(master.tensor(named: tensor.name))
            let decoded = try quantized.dequantize(tensor)
            var error = 0.0, energy = 0.0
            for (a, b) in zip(original, decoded) {
                error += Double(a - b) * Double(a - b)
                energy += Double(a) * Double(a)
            }
            let relative = (error / energy).squareRoot()
            worst[tensor.type] = max(worst[tensor.type] ?? 0, relative)
            let bound = try #require(Self.bounds[tensor.type], "no bound for \(tensor.type.name)")
            #expect(relative <= bound, "\(fileType) \(tensor.name) (\(tensor.type.name)): relative RMS error \(relative) > \(bound)")
        }
        print("\(fileType): worst relative RMS error per type: \(worst.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.name) \(String(format: "%.2e", $0.value))" }.joined(separator: ", "))")
        #expect(!worst.isEmpty)
    }
}
