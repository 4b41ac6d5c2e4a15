import Engine
import GGUF

/// Merges two GGUF models of the same shape and vocabulary with a ``MergeRecipe``, writing a
/// new GGUF file one tensor at a time (never the whole model in memory: a tensor's two inputs
/// and its output; 2.1 GB at the peak, mapped inputs included, for 7B-shaped models).
///
/// Every tensor is decoded to Float with GGUF's codecs (any quantized type medsweep reads),
/// merged by the recipe's rule at its ``TensorPlace``, and written as F32 when one-dimensional
/// (the norms) and as the chosen ``FloatOutputType`` otherwise. Metadata is the base's, with
/// `general.file_type` for the output type, `general.name` saying it is a merge, and
/// `medsweep.merge.recipe` holding the recipe's canonical text.
///
/// ```swift
/// let recipe = try MergeRecipe(method: .slerp, t: .constant(0.5))
/// try ModelMerger(recipe: recipe, outputType: .bf16)
///     .merge(base: "mistral-instruct.gguf", model: "biomistral.gguf", output: "slerp.gguf")
/// ```
public struct ModelMerger: Sendable {
    public let recipe: MergeRecipe
    public let outputType: FloatOutputType

    /// The metadata key holding the recipe's canonical text.
    public static let recipeKey = "medsweep.merge.recipe"

    public init(recipe: MergeRecipe, outputType: FloatOutputType = .f16) {
        self.recipe = recipe
        self.outputType = outputType
    }

    /// Merges `base` (A) and `model` (B) into `output`. `layerCount`, when given (a config's
    /// `layer_range` end), must equal the models' block count. `progress` is called before
    /// each tensor is merged, in file order, from one thread at a time.
    @discardableResult
    public func merge(
        base basePath: String, model modelPath: String, output outputPath: String, layerCount: Int? = nil,
        progress: @escaping @Sendable (MergeProgress) -> Void = { _ in }
    ) throws(MergeError) -> MergeSummary {
        let base = try Self.open(basePath), model = try Self.open(modelPath)
        try Self.checkCompatible(base: base, basePath: basePath, model: model, modelPath: modelPath)
        let blockCount = ModelQuantizer.blockCount(of: base)
        if let layerCount, layerCount != blockCount {
            throw .layerCountMismatch(file: basePath, blockCount: blockCount, layerCount: layerCount)
        }
        // Rules first: a parameter missing for some tensor fails before anything is written.
        let rules = try base.tensors.map { (tensor) throws(MergeError) in
            try recipe.rule(for: tensor.name, at: TensorPlace(ggufName: tensor.name, blockCount: blockCount))
        }

        var writer = GGUFWriter(metadata: mergedMetadata(base: base, basePath: basePath, model: model, modelPath: modelPath))
        let failure = FirstFailure()
        let outputType = outputType
        for (index, (baseTensor, rule)) in zip(base.tensors, rules).enumerated() {
            let modelTensor = model[tensorNamed: baseTensor.name]!
            let type = outputType.tensorType(ne: baseTensor.ne)
            let count = base.tensors.count
            do {
                try writer.addTensor(name: baseTensor.name, type: type, ne: baseTensor.ne) { bytes in
                    progress(MergeProgress(index: index + 1, count: count, tensor: baseTensor.name))
                    do throws(MergeError) {
                        let merged = try Self.mergedValues(base: base, baseTensor, model: model, modelTensor, rule: rule)
                        do {
                            try TensorDecoding.encode(merged, as: type, into: bytes)
                        } catch {
                            throw MergeError.writeFailed(path: outputPath, reason: "tensor '\(baseTensor.name)': \(error)")
                        }
                    } catch {
                        failure.error = error
                        throw error
                    }
                }
            } catch {
                throw .writeFailed(path: outputPath, reason: error.description)
            }
        }
        do {
            try writer.write(to: outputPath)
        } catch {
            throw failure.error ?? .writeFailed(path: outputPath, reason: error.description)
        }
        return MergeSummary(outputPath: outputPath, tensorCount: base.tensors.count,
                            parameterCount: base.parameterCount, outputType: outputType)
    }

    /// One tensor merged, as Float.
    static func mergedValues(
        base: GGUFFile, _ baseTensor: GGUFTensorInfo, model: GGUFFile, _ modelTensor: GGUFTensorInfo, rule: TensorRule
    ) throws(MergeError) -> [Float] {
        var a = try TensorDecoding.values(of: baseTensor, in: base)
        var b = try TensorDecoding.values(of: modelTensor, in: model)
        try apply(rule, base: &a, model: &b, tensor: baseTensor.name)
        return a
    }

    /// Applies `rule` to one tensor's values: `base` becomes the merge, `model` is scratch.
    public static func apply(_ rule: TensorRule, base: inout [Float], model: inout [Float], tensor: String) throws(MergeError) {
        switch rule {
        case .slerp(let t):
            Slerp.interpolate(t: t, base: &base, model: model)
        case .taskArithmetic(let parameters):
            try TaskArithmetic.merge(base: &base, model: &model, parameters: parameters, tensor: tensor)
        case .linear(let baseWeight, let weight, let normalize):
            try LinearCombination.merge(base: &base, model: model, baseWeight: baseWeight, weight: weight,
                                        normalize: normalize, tensor: tensor)
        }
    }

    static func open(_ path: String) throws(MergeError) -> GGUFFile {
        do {
            return try GGUFFile(path: path)
        } catch {
            throw .unreadableFile(path: path, reason: error.description)
        }
    }

    /// Same tensor names and shapes, same vocabulary.
    static func checkCompatible(base: GGUFFile, basePath: String, model: GGUFFile, modelPath: String) throws(MergeError) {
        for tensor in base.tensors {
            guard let other = model[tensorNamed: tensor.name] else {
                throw .missingTensor(tensor: tensor.name, presentIn: basePath, absentFrom: modelPath)
            }
            if other.ne != tensor.ne {
                throw .shapeMismatch(tensor: tensor.name, baseFile: basePath, baseShape: tensor.ne, modelFile: modelPath, modelShape: other.ne)
            }
        }
        for tensor in model.tensors where base[tensorNamed: tensor.name] == nil {
            throw .missingTensor(tensor: tensor.name, presentIn: modelPath, absentFrom: basePath)
        }
        let key = "tokenizer.ggml.tokens"
        let baseTokens = base.metadata[key]?.arrayElements?.map { $0.stringValue ?? "\($0)" }
        let modelTokens = model.metadata[key]?.arrayElements?.map { $0.stringValue ?? "\($0)" }
        switch (baseTokens, modelTokens) {
        case (nil, nil):
            return
        case (let a?, let b?) where a.count != b.count:
            throw .metadataMismatch(field: key, baseFile: basePath, baseValue: "\(a.count) tokens", modelFile: modelPath, modelValue: "\(b.count) tokens")
        case (let a?, let b?):
            if let index = a.indices.first(where: { a[$0] != b[$0] }) {
                throw .metadataMismatch(field: "\(key)[\(index)]", baseFile: basePath, baseValue: "'\(a[index])'",
                                        modelFile: modelPath, modelValue: "'\(b[index])'")
            }
        case (let a, let b):
            throw .metadataMismatch(field: key, baseFile: basePath, baseValue: a.map { "\($0.count) tokens" } ?? "absent",
                                    modelFile: modelPath, modelValue: b.map { "\($0.count) tokens" } ?? "absent")
        }
    }

    func mergedMetadata(base: GGUFFile, basePath: String, model: GGUFFile, modelPath: String) -> GGUFMetadata {
        var metadata = base.metadata
        let baseName = base.metadata["general.name"]?.stringValue ?? Self.fileName(basePath)
        let modelName = model.metadata["general.name"]?.stringValue ?? Self.fileName(modelPath)
        metadata["general.name"] = .string("\(recipe.method) merge of \(baseName) (base) and \(modelName)")
        metadata["general.file_type"] = .uint32(outputType.llamaFileType)
        metadata[Self.recipeKey] = .string(recipe.canonicalDescription)
        return metadata
    }

    private static func fileName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}

/// The first merge error raised inside the writer's fill callbacks, which the writer can only
/// report as text. Written and read on the writing thread only.
private final class FirstFailure {
    var error: MergeError?
}
