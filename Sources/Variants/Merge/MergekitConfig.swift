import Foundation
import Yams

/// A mergekit YAML config (`mergekit-yaml`'s format, as of v0.0.4) for a merge of two models,
/// read into a ``MergeRecipe`` and the names of the two models.
///
/// Fields read:
/// - `merge_method`: slerp, ties, dare_ties, dare_linear or linear.
/// - `base_model`: model A's name (for linear, optional: the first model listed then).
/// - Either `models`: a list of `{model, parameters}` (the base may be listed or not, as
///   mergekit adds it), or `slices`: one slice whose two `sources` are
///   `{model, layer_range: [0, N], parameters}` (medsweep merges whole models, so both ranges
///   must be the same and start at 0; N is checked against the models' block count).
/// - `parameters` (global) and a slice's `parameters`: `t`, `density`, `weight`, `normalize`;
///   `int8_mask` is read and ignored (it only saves mergekit memory; medsweep computes in
///   float32 anyway).
/// - `dtype`: bfloat16 or float16, the output type.
///
/// A parameter is looked up as mergekit does: the model's own setting, then the slice's, then
/// the global one, each a ``ParameterSchedule`` whose first matching entry wins; the recipe
/// holds that chain as one schedule. Parameters the method does not read are dropped, with a
/// note in ``notes``.
///
/// ```swift
/// let config = try MergekitConfig(path: "biomistral-slerp.yml")
/// let files = try config.resolve(["mistralai/Mistral-7B-Instruct-v0.1": "instruct.gguf",
///                                  "BioMistral/BioMistral-7B": "biomistral.gguf"])
/// try ModelMerger(recipe: config.recipe, outputType: config.outputType ?? .f16)
///     .merge(base: files.base, model: files.model, output: "slerp.gguf", layerCount: config.layerCount)
/// ```
public struct MergekitConfig: Sendable, Equatable {
    /// The config file's path (or the name given for YAML text), for messages.
    public let file: String
    public let recipe: MergeRecipe
    /// Model A, the base, as the config names it; and where in the config it is named.
    public let baseModel: String
    public let baseModelField: String
    /// Model B.
    public let model: String
    public let modelField: String
    /// From `dtype`, when given.
    public let outputType: FloatOutputType?
    /// The end of the slices' `layer_range`, when the config has slices.
    public let layerCount: Int?
    /// What was read but ignored.
    public let notes: [String]

    /// Reads the config at `path`. `seed` is DARE's (mergekit configs have none).
    public init(path: String, seed: UInt64 = 0) throws(MergeError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableFile(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        try self.init(yaml: String(decoding: data, as: UTF8.self), file: path, seed: seed)
    }

    /// Reads config text; `file` names it in messages.
    public init(yaml: String, file: String, seed: UInt64 = 0) throws(MergeError) {
        self.file = file
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw .badConfig(file: file, line: nil, field: "(document)",
                             reason: "is not valid YAML: \("\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)")")
        }
        guard let root else { throw .badConfig(file: file, line: nil, field: "(document)", reason: "is empty") }
        let top = try ConfigFields(root, path: "", file: file)
        try top.allowOnly(["merge_method", "base_model", "models", "slices", "parameters", "dtype", "tokenizer_source"])
        var notes: [String] = []

        let methodName = try top.string("merge_method")
        guard let method = MergeMethod(rawValue: methodName) else {
            throw top.invalid("merge_method", "'\(methodName)' is not a method medsweep merges with (\(MergeMethod.names))")
        }
        if let source = try top.optionalString("tokenizer_source"), source != "base" {
            throw top.invalid("tokenizer_source", "'\(source)' is not supported: medsweep merges models with the same vocabulary")
        }
        outputType = try Self.outputType(top)

        // The two sources, each with its own parameters and where it is named.
        var sources: [Source]
        var slice: ConfigFields?
        switch (top.has("models"), top.has("slices")) {
        case (true, false):
            sources = try top.sequence("models").enumerated().map { (index, node) throws(MergeError) in
                let fields = try ConfigFields(node, path: "models[\(index)]", file: file)
                try fields.allowOnly(["model", "parameters"])
                return try Source(fields)
            }
            layerCount = nil
        case (false, true):
            let slices = try top.sequence("slices")
            guard slices.count == 1 else {
                throw top.invalid("slices", "has \(slices.count) slices; medsweep merges whole models: one slice with two sources")
            }
            let only = try ConfigFields(slices[0], path: "slices[0]", file: file)
            try only.allowOnly(["sources", "parameters", "base_model"])
            if let sliceBase = try only.optionalString("base_model"), let topBase = try top.optionalString("base_model"), sliceBase != topBase {
                throw only.invalid("base_model", "'\(sliceBase)' differs from base_model '\(topBase)'")
            }
            slice = try only.has("parameters") ? only.nested("parameters") : nil
            var ranges: [(Int, Int)] = []
            sources = try only.sequence("sources").enumerated().map { (index, node) throws(MergeError) in
                let fields = try ConfigFields(node, path: "slices[0].sources[\(index)]", file: file)
                try fields.allowOnly(["model", "layer_range", "parameters"])
                ranges.append(try Self.layerRange(fields))
                return try Source(fields)
            }
            if let first = ranges.first, let other = ranges.first(where: { $0 != first }) {
                throw only.invalid("sources", "take layer ranges [\(first.0), \(first.1)] and [\(other.0), \(other.1)]; medsweep merges whole models: both must be [0, N]")
            }
            layerCount = ranges.first?.1
            if let slice { try slice.allowOnly(["t", "density", "weight", "normalize", "int8_mask"]) }
        case (true, true):
            throw top.invalid("slices", "and models are both given; mergekit takes one or the other")
        case (false, false):
            throw top.invalid("models", "is missing (or slices)")
        }

        // Base and model.
        let named = try top.optionalString("base_model")
        guard let baseName = named ?? (method == .linear ? sources.first?.name : nil) else {
            throw top.invalid("base_model", "is missing; \(method) merges a model into a base")
        }
        if !sources.contains(where: { $0.name == baseName }) {
            sources.insert(Source(name: baseName, field: "base_model", parameters: nil), at: 0)
        }
        let others = sources.filter { $0.name != baseName }
        guard others.count == 1, sources.count == 2 else {
            throw top.invalid(top.has("models") ? "models" : "slices",
                              "names \(Set(sources.map(\.name)).count) models (\(sources.map(\.name).joined(separator: ", "))); medsweep merges two, a base and one model")
        }
        let baseSource = sources.first { $0.name == baseName }!, modelSource = others[0]
        baseModel = baseName
        baseModelField = top.has("base_model") ? "base_model" : baseSource.field
        model = modelSource.name
        modelField = modelSource.field

        // Parameters: the model's, then the slice's, then the global ones.
        let global = try top.has("parameters") ? top.nested("parameters") : nil
        try global?.allowOnly(["t", "density", "weight", "normalize", "int8_mask"])
        for fields in [global, slice].compactMap({ $0 }) where fields.has("int8_mask") {
            notes.append("\(fields.field("int8_mask")) is ignored: it only saves mergekit memory; medsweep computes in float32")
        }
        func chain(_ key: String, _ own: ConfigFields?) throws(MergeError) -> ParameterSchedule? {
            let parts = [try own?.schedule(key), try slice?.schedule(key), try global?.schedule(key)].compactMap { $0 }
            return parts.isEmpty ? nil : ParameterSchedule(parts.flatMap(\.entries))
        }
        // mergekit looks global parameters (t, normalize) up without a model.
        let t = try chain("t", nil)
        let sliceNormalize = try slice?.optionalBool("normalize"), globalNormalize = try global?.optionalBool("normalize")
        let normalize = sliceNormalize ?? globalNormalize
        let density = try chain("density", modelSource.parameters)
        let weight = try chain("weight", modelSource.parameters)
        let baseWeight = try chain("weight", baseSource.parameters)
        for fields in [baseSource.parameters, modelSource.parameters].compactMap({ $0 }) {
            try fields.allowOnly(["t", "density", "weight"])
        }

        let reads = MergeRecipe.parametersRead(by: method)
        func used<T>(_ name: String, _ value: T?) -> T? {
            guard let value else { return nil }
            if reads.contains(name) { return value }
            notes.append("\(name) is ignored: \(method) does not read it")
            return nil
        }
        do throws(MergeError) {
            recipe = try MergeRecipe(
                method: method, t: used("t", t), density: used("density", density), weight: used("weight", weight),
                baseWeight: method == .linear ? baseWeight : nil, normalize: used("normalize", normalize),
                seed: reads.contains("seed") ? seed : nil)
        } catch {
            if case .badParameter(let field, let value, let reason) = error {
                throw .badConfig(file: file, line: nil, field: "parameters \(field)", reason: "= \(value): \(reason)")
            }
            throw error
        }
        self.notes = notes
    }

    /// The files of the base and the model, looked up by the names the config gives them.
    public func resolve(_ paths: [String: String]) throws(MergeError) -> (base: String, model: String) {
        guard let base = paths[baseModel] else {
            throw .unresolvedModel(file: file, field: baseModelField, name: baseModel, known: Array(paths.keys))
        }
        guard let other = paths[model] else {
            throw .unresolvedModel(file: file, field: modelField, name: model, known: Array(paths.keys))
        }
        return (base, other)
    }

    private struct Source {
        let name: String
        let field: String
        let parameters: ConfigFields?

        init(name: String, field: String, parameters: ConfigFields?) {
            self.name = name
            self.field = field
            self.parameters = parameters
        }

        init(_ fields: ConfigFields) throws(MergeError) {
            name = try fields.string("model")
            field = fields.field("model")
            parameters = try fields.has("parameters") ? fields.nested("parameters") : nil
        }
    }

    private static func layerRange(_ fields: ConfigFields) throws(MergeError) -> (Int, Int) {
        let items = try fields.sequence("layer_range")
        let numbers = items.compactMap { $0.scalar.flatMap { Int($0.string) } }
        guard numbers.count == 2, items.count == 2, numbers[0] == 0, numbers[1] > 0 else {
            throw fields.invalid("layer_range", "must be [0, N] with N > 0 (medsweep merges whole models), not \(items.map { $0.scalar?.string ?? "?" })")
        }
        return (numbers[0], numbers[1])
    }

    private static func outputType(_ top: ConfigFields) throws(MergeError) -> FloatOutputType? {
        guard let dtype = try top.optionalString("dtype") else { return nil }
        switch dtype {
        case "bfloat16": return .bf16
        case "float16": return .f16
        default: throw top.invalid("dtype", "'\(dtype)' is not an output type medsweep writes (bfloat16, float16)")
        }
    }
}
