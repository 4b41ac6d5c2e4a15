import GGUF

/// Converts a Hugging Face Llama or Mistral checkpoint directory to a GGUF file as llama.cpp's
/// `convert_hf_to_gguf.py` writes it: the metadata (``ConvertedModelMetadata``), the
/// vocabulary (``CheckpointVocabulary``), and every tensor under its GGUF name
/// (``HuggingFaceTensorNames``), in llama.cpp's order (shard by shard, by name within a shard),
/// with its shape reversed into GGUF's `ne` order, the query and key rows permuted
/// (``QueryKeyPermutation``), one-dimensional tensors F32 and matrices in the output type.
///
/// Everything is read and checked when the converter is made, before a byte is written:
/// config.json, the safetensors headers, every tensor's name and shape against the
/// configuration, and the vocabulary. Writing then streams tensor by tensor from the
/// memory-mapped shards, so a 7B model converts in about the size of its largest tensor.
///
/// ```swift
/// let converter = try CheckpointConverter(directory: "Mistral-7B-v0.1", outputType: .f16)
/// try converter.write(to: "mistral-7b-f16.gguf") { print($0.index, $0.count, $0.name) }
/// ```
public struct CheckpointConverter: Sendable {
    /// One tensor as it will be written.
    public struct PlannedTensor: Sendable {
        /// The GGUF name.
        public let name: String
        public let ne: [Int]
        public let type: GGMLType
        public let shard: SafetensorsFile
        public let source: SafetensorsFile.Tensor
        public let permutation: QueryKeyPermutation?
    }

    /// Reported as each tensor starts being written.
    public struct Progress: Sendable {
        /// 1-based.
        public let index: Int
        public let count: Int
        public let name: String
        public let type: GGMLType
        public let ne: [Int]
    }

    public let directory: String
    public let config: HuggingFaceConfig
    public let checkpoint: SafetensorsCheckpoint
    public let vocabulary: CheckpointVocabulary
    public let outputType: FloatOutputType
    /// The tensors in the order they are written.
    public let tensors: [PlannedTensor]
    /// The GGUF metadata, in the order it is written.
    public let metadata: GGUFMetadata

    /// Reads and checks the checkpoint in `directory`. `name` overrides `general.name`.
    public init(directory: String, outputType: FloatOutputType = .f16, name: String? = nil) throws(ConvertError) {
        self.directory = directory
        self.outputType = outputType
        let configPath = directory + "/config.json"
        let configFields = try CheckpointJSON.object(at: configPath)
        config = try HuggingFaceConfig(fields: configFields, path: configPath)
        checkpoint = try SafetensorsCheckpoint(directory: directory)
        vocabulary = try CheckpointVocabulary(
            files: CheckpointFiles(directory: directory, config: configFields), vocabularySize: config.vocabularySize)
        tensors = try Self.plan(config: config, checkpoint: checkpoint, outputType: outputType)

        var metadata = GGUFMetadata()
        ConvertedModelMetadata.write(
            config, name: name ?? ConvertedModelMetadata.name(directory: directory, nameOrPath: config.nameOrPath),
            outputType: outputType, into: &metadata)
        vocabulary.write(into: &metadata)
        self.metadata = metadata
    }

    /// Writes the GGUF file to `path` (atomically: a `.partial` file renamed when complete).
    public func write(to path: String, progress: @escaping @Sendable (Progress) -> Void = { _ in }) throws(ConvertError) {
        var writer = GGUFWriter(metadata: metadata)
        do {
            for (offset, tensor) in tensors.enumerated() {
                let report = Progress(index: offset + 1, count: tensors.count, name: tensor.name, type: tensor.type, ne: tensor.ne)
                try writer.addTensor(name: tensor.name, type: tensor.type, ne: tensor.ne) { bytes in
                    progress(report)
                    let rows = tensor.ne.dropFirst().reduce(1, *)
                    try TensorConversion.convert(
                        tensor.shard.bytes(of: tensor.source), dataType: tensor.source.dataType, rows: rows, columns: tensor.ne[0],
                        permutation: tensor.permutation, to: tensor.type, into: bytes)
                    tensor.shard.release(tensor.source)
                }
            }
            try writer.write(to: path)
        } catch {
            throw .write(error)
        }
    }

    /// Names, shapes and types of the tensors, checked against config.json.
    private static func plan(
        config: HuggingFaceConfig, checkpoint: SafetensorsCheckpoint, outputType: FloatOutputType
    ) throws(ConvertError) -> [PlannedTensor] {
        let expected = Dictionary(uniqueKeysWithValues: config.mistralConfig.tensorShapes.map { ($0.name, $0.ne) })
        var planned: [PlannedTensor] = []
        for (shard, tensor) in checkpoint.orderedTensors {
            let (name, projection): (String, QueryKeyPermutation.Projection?)
            switch HuggingFaceTensorNames.map(tensor.name) {
            case .skipped: continue
            case .unknown: throw .unknownTensor(path: shard.path, tensor: tensor.name)
            case .tensor(let gguf, let permutation): (name, projection) = (gguf, permutation)
            }
            guard let ne = expected[name] else {
                throw .badTensor(path: shard.path, tensor: tensor.name,
                                 reason: "is \(name), but config.json's num_hidden_layers is \(config.layerCount)")
            }
            guard Array(tensor.shape.reversed()) == ne else {
                throw .tensorShape(path: shard.path, tensor: tensor.name, expected: ne.reversed(), found: tensor.shape)
            }
            var permutation: QueryKeyPermutation?
            switch projection {
            case .query?: permutation = QueryKeyPermutation(rows: ne[1], heads: config.headCount)
            case .key?: permutation = QueryKeyPermutation(rows: ne[1], heads: config.keyValueHeadCount)
            case nil: break
            }
            planned.append(PlannedTensor(name: name, ne: ne, type: outputType.tensorType(ne: ne), shard: shard,
                                         source: tensor, permutation: permutation))
        }
        let present = Set(planned.map(\.name))
        for (name, _) in config.mistralConfig.tensorShapes where !present.contains(name) {
            if name == "output.weight", config.tiesWordEmbeddings { continue }
            let huggingFaceName = HuggingFaceTensorNames.huggingFaceName(of: name) ?? name
            throw .missingTensor(directory: checkpoint.directory, tensor: huggingFaceName,
                                 hint: name == "output.weight" ? "config.json's tie_word_embeddings is not true" : "")
        }
        return planned
    }
}
