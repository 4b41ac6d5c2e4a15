import ArgumentParser
import Foundation
import GGUF
import Variants

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge two GGUF models with mergekit's methods (slerp, ties, dare_ties, dare_linear, linear).",
        discussion: """
            Reads a base model A (--base) and a model B (--model) of the same shape and \
            vocabulary, in any type medsweep decodes (F32, F16, BF16, Q8_0, Q4_0 … Q6_K), and \
            writes their merge tensor by tensor: norms as F32, matrices as --out-type (F16, or \
            BF16). The arithmetic is mergekit's as of early 2024 (v0.0.4):

              slerp        spherical interpolation per tensor from A (t=0) to B (t=1); linear \
            when the tensors are nearly parallel (|cos| > 0.9995)
              ties         B - A trimmed to its int(density * n) largest entries by magnitude, \
            sign-elected, times weight, divided by the weight where kept (normalize, default \
            true), added to A
              dare_ties    B - A with each entry kept with probability density (seeded by --seed \
            and the tensor's name) and divided by density, then TIES' sign election; normalize \
            default false
              dare_linear  as dare_ties without the sign election
              linear       (base-weight * A + weight * B) / (base-weight + weight)

            --config FILE.yml reads a mergekit config instead of --method and its parameters: \
            merge_method, base_model, models or one slice of two sources with layer_range [0, N], \
            parameters (t per filter with anchors over the layers, density, weight, normalize; \
            int8_mask is ignored), dtype (bfloat16 or float16). --base and --model give the \
            files: a plain PATH stands for the config's base_model and its other model; \
            NAME=PATH matches a model the config names.

            Example (BioMistral's SLERP recipe):
              medsweep merge --config biomistral-slerp.yml --base instruct.gguf \
            --model biomistral.gguf biomistral-slerp.gguf
            """
    )

    @Option(help: "Merge method: \(MergeMethod.names).")
    var method: String?

    @Option(help: "The config's base_model: the base model A (a .gguf path, or NAME=PATH with --config).")
    var base: String

    @Option(help: "The model B merged into the base (a .gguf path, or NAME=PATH with --config).")
    var model: String

    @Option(help: "SLERP's interpolation factor in [0, 1]: 0 gives the base, 1 the model.")
    var t: Double?

    @Option(help: "TIES/DARE: the fraction of B - A kept, in (0, 1] (default 1).")
    var density: Double?

    @Option(help: "TIES/DARE/linear: the model's weight (default 1).")
    var weight: Double?

    @Option(name: .customLong("base-weight"), help: "linear: the base's weight (default 1).")
    var baseWeight: Double?

    @Option(help: "TIES/DARE/linear: divide by the summed weights (true or false; default: true for ties and linear, false for DARE).")
    var normalize: Bool?

    @Option(help: "DARE: seed of the random drops (default 0).")
    var seed: UInt64?

    @Option(name: .customLong("out-type"), help: "Type of the merged matrices: F16 or BF16 (default F16, or the config's dtype).")
    var outType: String?

    @Option(help: "A mergekit YAML config, instead of --method and its parameters.")
    var config: String?

    @Argument(help: "Where to write the merged .gguf file.")
    var output: String

    func validate() throws {
        if let outType, FloatOutputType(name: outType) == nil {
            throw ValidationError("--out-type \(outType) is not one of \(FloatOutputType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if config != nil {
            let given = [("--method", method != nil), ("--t", t != nil), ("--density", density != nil), ("--weight", weight != nil),
                         ("--base-weight", baseWeight != nil), ("--normalize", normalize != nil)].filter(\.1).map(\.0)
            if !given.isEmpty { throw ValidationError("\(given.joined(separator: ", ")) cannot be combined with --config, which sets the parameters") }
        } else {
            guard let method else { throw ValidationError("give --method (\(MergeMethod.names)) or --config") }
            guard MergeMethod(rawValue: method) != nil else {
                throw ValidationError("--method \(method) is not one of \(MergeMethod.names)")
            }
        }
    }

    func run() throws {
        try checkOutputFolderOrExit(output, as: "a GGUF file")
        if let config { try checkInputFileOrExit(config, as: "a mergekit config") }
        let recipe: MergeRecipe, basePath: String, modelPath: String, layerCount: Int?
        var outputType = outType.flatMap(FloatOutputType.init(name:))
        do {
            if let config {
                let parsed = try MergekitConfig(path: config, seed: seed ?? 0)
                for note in parsed.notes { printNote(note) }
                (basePath, modelPath) = try parsed.resolve(pathsByName(parsed))
                recipe = parsed.recipe
                layerCount = parsed.layerCount
                outputType = outputType ?? parsed.outputType
            } else {
                recipe = try MergeRecipe(
                    method: MergeMethod(rawValue: method!)!, t: t.map(ParameterSchedule.constant),
                    density: density.map(ParameterSchedule.constant), weight: weight.map(ParameterSchedule.constant),
                    baseWeight: baseWeight.map(ParameterSchedule.constant), normalize: normalize, seed: seed)
                (basePath, modelPath) = (base, model)
                layerCount = nil
            }
        } catch {
            printError(error.description)
            throw badInputExitCode
        }

        let progress = TensorProgressLine()
        let start = Date()
        let summary: MergeSummary
        do {
            summary = try ModelMerger(recipe: recipe, outputType: outputType ?? .f16)
                .merge(base: basePath, model: modelPath, output: output, layerCount: layerCount) { step in
                    progress.update("merging tensor \(step.index)/\(step.count) \(step.tensor)")
                }
            progress.finish()
        } catch {
            progress.finish()
            printError(error.description)
            throw badInputExitCode
        }
        let seconds = Date().timeIntervalSince(start)
        print("wrote \(output): \(recipe.method) merge of \(basePath) (base) and \(modelPath), \(summary.tensorCount) tensors, "
            + "\(InspectText.grouped(summary.parameterCount)) parameters, \(summary.outputType) in \(InspectText.fixed(seconds, 2)) s")
        print("recipe: \(recipe.canonicalDescription)")
    }

    /// --base and --model as the config's names: NAME=PATH by name, a plain PATH by role.
    private func pathsByName(_ config: MergekitConfig) -> [String: String] {
        var paths: [String: String] = [:]
        for (argument, role) in [(base, config.baseModel), (model, config.model)] {
            if let equals = argument.firstIndex(of: "="), !FileManager.default.fileExists(atPath: argument) {
                paths[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
            } else {
                paths[role] = argument
            }
        }
        return paths
    }

    private func printNote(_ note: String) {
        var standardError = StandardError()
        print("medsweep: note: \(note)", to: &standardError)
    }
}
