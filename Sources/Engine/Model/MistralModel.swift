import GGUF

/// A Mistral model's weights, used in place in the GGUF file's memory mapping, checked against
/// the shape its metadata declares.
///
/// ```swift
/// let model = try MistralModel(file: GGUFFile(path: "BioMistral-7B.Q4_K_M.gguf"))
/// print(model.config.blockCount)   // 32
/// ```
public final class MistralModel: Sendable {
    /// The file; it owns the mapping every `WeightMatrix` points into.
    public let file: GGUFFile
    public let config: MistralConfig

    /// `ne = [embedding, vocabulary]`: row t is token t's embedding.
    public let tokenEmbedding: WeightMatrix
    public let layers: [LayerWeights]
    public let outputNorm: [Float]
    /// `ne = [embedding, vocabulary]`: the output head (the embedding itself when the file
    /// has no `output.weight`, as llama.cpp ties them).
    public let output: WeightMatrix
    /// `rope_freqs.weight` (Llama 3.1 and later): one divisor of each RoPE pair's angle, or nil.
    public let ropeFrequencyFactors: [Float]?

    /// One transformer block's weights.
    public struct LayerWeights: Sendable {
        public let attentionNorm: [Float]
        public let query: WeightMatrix          // [embedding] -> [embedding]
        public let key: WeightMatrix            // [embedding] -> [keyValueWidth]
        public let value: WeightMatrix          // [embedding] -> [keyValueWidth]
        public let attentionOutput: WeightMatrix // [embedding] -> [embedding]
        public let feedForwardNorm: [Float]
        public let gate: WeightMatrix           // [embedding] -> [feedForward]
        public let up: WeightMatrix             // [embedding] -> [feedForward]
        public let down: WeightMatrix           // [feedForward] -> [embedding]

        /// Every matrix, in the order the block uses them.
        public var matrices: [WeightMatrix] { [query, key, value, attentionOutput, gate, up, down] }
    }

    /// RoPE's cosines and sines at `position`, `[cos0, sin0, cos1, sin1, …]` over one head's
    /// pairs: the table every backend rotates queries and keys by.
    public func rotaryAngles(at position: Int) -> [Float] {
        RotaryEmbedding(
            headDimension: config.headDimension, base: config.ropeFrequencyBase, frequencyScale: config.ropeFrequencyScale,
            frequencyFactors: ropeFrequencyFactors
        ).angles(at: position)
    }

    public init(file: GGUFFile) throws(ModelError) {
        self.file = file
        let config = try MistralConfig(metadata: file.metadata)
        self.config = config
        let d = config.embeddingLength, kv = config.keyValueWidth, ff = config.feedForwardLength

        func tensor(_ name: String, _ ne: [Int]) throws(ModelError) -> GGUFTensorInfo {
            guard let tensor = file[tensorNamed: name] else { throw .missingTensor(name) }
            guard tensor.ne == ne else { throw .tensorShape(name: name, expected: ne, found: tensor.ne) }
            return tensor
        }
        func matrix(_ name: String, columns: Int, rows: Int) throws(ModelError) -> WeightMatrix {
            try WeightMatrix(tensor: tensor(name, [columns, rows]), in: file)
        }
        func vector(_ name: String) throws(ModelError) -> [Float] {
            let info = try tensor(name, [d])
            do {
                return try file.dequantize(info)
            } catch {
                throw .tensorType(name: name, type: info.type)
            }
        }

        let embeddingInfo = try tensor("token_embd.weight", [d, config.vocabularySize])
        guard embeddingInfo.type.codec != nil else { throw .tensorType(name: embeddingInfo.name, type: embeddingInfo.type) }
        tokenEmbedding = try WeightMatrix(embedding: embeddingInfo, in: file)

        var layers: [LayerWeights] = []
        for block in 0 ..< config.blockCount {
            let prefix = "blk.\(block)."
            layers.append(LayerWeights(
                attentionNorm: try vector(prefix + "attn_norm.weight"),
                query: try matrix(prefix + "attn_q.weight", columns: d, rows: d),
                key: try matrix(prefix + "attn_k.weight", columns: d, rows: kv),
                value: try matrix(prefix + "attn_v.weight", columns: d, rows: kv),
                attentionOutput: try matrix(prefix + "attn_output.weight", columns: d, rows: d),
                feedForwardNorm: try vector(prefix + "ffn_norm.weight"),
                gate: try matrix(prefix + "ffn_gate.weight", columns: d, rows: ff),
                up: try matrix(prefix + "ffn_up.weight", columns: d, rows: ff),
                down: try matrix(prefix + "ffn_down.weight", columns: ff, rows: d)))
        }
        self.layers = layers
        outputNorm = try vector("output_norm.weight")
        if let factors = file[tensorNamed: "rope_freqs.weight"] {
            guard factors.ne == [config.headDimension / 2] else {
                throw .tensorShape(name: factors.name, expected: [config.headDimension / 2], found: factors.ne)
            }
            guard factors.type == .f32, let values = try? file.dequantize(factors) else {
                throw .tensorType(name: factors.name, type: factors.type)
            }
            ropeFrequencyFactors = values
        } else {
            ropeFrequencyFactors = nil
        }
        output = file[tensorNamed: "output.weight"] == nil
            ? try WeightMatrix(tensor: embeddingInfo, in: file)
            : try matrix("output.weight", columns: d, rows: config.vocabularySize)
    }

    /// Opens the file at `path` and checks it is a Mistral model the engine can run.
    public convenience init(path: String) throws {
        try self.init(file: GGUFFile(path: path))
    }
}
