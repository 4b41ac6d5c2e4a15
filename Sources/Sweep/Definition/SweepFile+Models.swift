import Benchmark
import Engine
import Foundation
import Variants
import Yams

/// The `models` list of a sweep file. Each model is one of:
///
/// ```yaml
/// - name: BioMistral-7B
///   path: models/BioMistral-7B.F16.gguf      # a GGUF file
/// - name: BioMistral-7B-Q4_K_M
///   quantize: {from: BioMistral-7B, type: Q4_K_M}
/// - name: BioMistral-7B-TIES
///   merge: {method: ties, base: Mistral-7B-Instruct, model: BioMistral-7B, density: 0.5, weight: 0.5}
/// - name: BioMistral-7B-SLERP
///   merge: {config: biomistral-slerp.yml}      # mergekit's YAML; its model names are sweep models
/// ```
///
/// A variant's parents are other models of the sweep, listed anywhere in it; a variant may be
/// made from another variant, but not from itself.
extension SweepFile {
    static let modelKeys: Set<String> = ["name", "path", "sha256", "quantize", "merge"]
    static let mergeKeys: Set<String> = [
        "method", "base", "model", "t", "density", "weight", "base_weight", "normalize", "seed", "out_type", "config",
    ]
    /// The merge keys that set the recipe, which a mergekit config sets instead.
    static let recipeKeys = ["method", "t", "density", "weight", "base_weight", "normalize"]

    static func parseModels(_ top: YAMLFields, source: String, resolve: (String) -> String) throws(SweepFileError) -> [Model] {
        var models: [Model] = []
        var fieldsByName: [String: YAMLFields] = [:]
        for (index, node) in try top.sequence("models").enumerated() {
            let fields = try YAMLFields(node, path: "models[\(index)]", file: source)
            try fields.allowOnly(modelKeys)
            let name = try fields.name("name")
            if fieldsByName[name] != nil { throw fields.invalid("name", "\"\(name)\" names two models") }
            let sha256 = try fields.optionalString("sha256")?.lowercased()
            if let sha256, sha256.count != 64 || !sha256.allSatisfy(\.isHexDigit) {
                throw fields.invalid("sha256", "\"\(sha256)\" is not 64 hexadecimal digits")
            }
            let given = ["path", "quantize", "merge"].filter(fields.has)
            guard given.count == 1 else {
                throw fields.invalid(
                    given.last ?? "path",
                    given.isEmpty ? "is missing: a model is a file (path), or a variant (quantize or merge)"
                        : "and \(given[0]) are both given: a model is one of path, quantize or merge")
            }
            let modelSource: Model.Source = switch given[0] {
            case "path": .file(path: resolve(try fields.path("path")))
            case "quantize": .variant(try quantizeVariant(fields.nested("quantize")))
            default: .variant(try mergeVariant(fields.nested("merge"), resolve: resolve))
            }
            models.append(Model(name: name, source: modelSource, sha256: sha256))
            fieldsByName[name] = fields
        }
        if models.isEmpty { throw top.invalid("models", "is empty") }
        try checkParents(models, fieldsByName: fieldsByName)
        return models
    }

    private static func quantizeVariant(_ fields: YAMLFields) throws(SweepFileError) -> ModelVariant {
        try fields.allowOnly(["from", "type"])
        let typeName = try fields.string("type")
        guard let type = ModelFileType(name: typeName) else {
            throw fields.invalid("type", "\"\(typeName)\" is not a file type medsweep quantizes to (\(ModelFileType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return .quantize(from: try fields.name("from"), type: type)
    }

    private static func mergeVariant(_ fields: YAMLFields, resolve: (String) -> String) throws(SweepFileError) -> ModelVariant {
        try fields.allowOnly(mergeKeys)
        let seed = try fields.optionalUInt64("seed")
        var outputType: FloatOutputType?
        if let name = try fields.optionalString("out_type") {
            guard let type = FloatOutputType(name: name) else {
                throw fields.invalid("out_type", "\"\(name)\" is not one of \(FloatOutputType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            outputType = type
        }
        if fields.has("config") {
            if let recipeKey = recipeKeys.first(where: fields.has) {
                throw fields.invalid(recipeKey, "cannot be given with config, which sets the recipe")
            }
            let path = resolve(try fields.path("config"))
            let config: MergekitConfig
            do {
                config = try MergekitConfig(path: path, seed: seed ?? 0)
            } catch {
                throw fields.invalid("config", "\(error)")
            }
            // The config names its models as mergekit does (often Hugging Face ids); base and
            // model say which sweep models those are, and default to the config's own names.
            return .merge(MergeVariant(
                base: try fields.optionalName("base") ?? config.baseModel, model: try fields.optionalName("model") ?? config.model,
                recipe: config.recipe, outputType: outputType ?? config.outputType ?? .f16, layerCount: config.layerCount))
        }
        let methodName = try fields.string("method")
        guard let method = MergeMethod(rawValue: methodName) else {
            throw fields.invalid("method", "\"\(methodName)\" is not a merge method (\(MergeMethod.names))")
        }
        let recipe: MergeRecipe
        do {
            recipe = try MergeRecipe(
                method: method, t: fields.optionalSchedule("t"), density: fields.optionalSchedule("density"),
                weight: fields.optionalSchedule("weight"), baseWeight: fields.optionalSchedule("base_weight"),
                normalize: fields.optionalBool("normalize"), seed: seed)
        } catch let error as SweepFileError {
            throw error
        } catch MergeError.badParameter(let field, let value, let reason) {
            throw fields.invalid(field, "\(value): \(reason)")
        } catch {
            throw fields.invalid("method", "\(error)")
        }
        return .merge(MergeVariant(
            base: try fields.name("base"), model: try fields.name("model"), recipe: recipe, outputType: outputType ?? .f16))
    }

    /// Every parent is a model of the sweep, and no variant is made from itself.
    private static func checkParents(_ models: [Model], fieldsByName: [String: YAMLFields]) throws(SweepFileError) {
        let names = models.map(\.name)
        for model in models {
            guard let variant = model.variant, let fields = fieldsByName[model.name] else { continue }
            let key = fields.has("quantize") ? "quantize" : "merge"
            let roles: [(String, String)] = switch variant {
            case .quantize(let from, _): [("from", from)]
            case .merge(let merge): [("base", merge.base), ("model", merge.model)]
            }
            let nested = try fields.nested(key)
            for (role, parent) in roles {
                // With a config, an absent base or model is the config's name for it.
                let field = nested.has(role) || !nested.has("config") ? role : "config"
                if parent == model.name {
                    throw nested.invalid(field, "names \"\(parent)\", the model itself: a variant is made from other models")
                }
                if !names.contains(parent) {
                    let hint = field == "config"
                        ? "; give merge.\(role) to say which sweep model it stands for" : NameSuggestion.didYouMean(parent, among: names)
                    throw nested.invalid(field, "names \"\(parent)\" as the \(role), which is not a model of this sweep (models: \(names.joined(separator: ", ")))\(hint)")
                }
            }
            if case .merge(let merge) = variant, merge.base == merge.model {
                throw nested.invalid("model", "is \"\(merge.model)\", the base too: a merge takes two different models")
            }
        }
        if case .failure(let cycle) = buildOrder(models), let fields = fieldsByName[cycle.names[0]] {
            throw fields.invalid("name", "\"\(cycle.names[0])\" \(cycle.reason)")
        }
    }

    /// The models in an order where each variant follows its parents (the sweep's order
    /// otherwise), or the first cycle of variants found (each made from the next).
    static func buildOrder(_ models: [Model]) -> Result<[Model], CycleError> {
        let byName = Dictionary(models.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var ordered: [Model] = [], placed = Set<String>(), visiting: [String] = []
        func visit(_ model: Model) -> [String]? {
            if placed.contains(model.name) { return nil }
            if let start = visiting.firstIndex(of: model.name) { return Array(visiting[start...]) + [model.name] }
            visiting.append(model.name)
            for parent in model.variant?.parents ?? [] {
                if let parentModel = byName[parent], let cycle = visit(parentModel) { return cycle }
            }
            visiting.removeLast()
            placed.insert(model.name)
            ordered.append(model)
            return nil
        }
        for model in models {
            if let cycle = visit(model) { return .failure(CycleError(names: cycle)) }
        }
        return .success(ordered)
    }

    /// Variants made from each other in a circle: each name is made from the next.
    struct CycleError: Error {
        let names: [String]

        var reason: String { "is made from itself: \(names.joined(separator: " ← "))" }
    }
}
