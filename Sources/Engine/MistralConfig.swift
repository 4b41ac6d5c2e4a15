import GGUF

/// The shape of a Mistral (GGUF architecture `llama`) model, as its GGUF metadata states it.
///
/// Keys: `llama.embedding_length`, `llama.block_count`, `llama.attention.head_count`,
/// `llama.attention.head_count_kv`, `llama.feed_forward_length`, `llama.rope.dimension_count`,
/// `llama.rope.freq_base`, `llama.attention.layer_norm_rms_epsilon`, `llama.context_length`,
/// and the vocabulary size from `tokenizer.ggml.tokens`.
public struct MistralConfig: Sendable, Equatable, Codable {
    public var embeddingLength: Int
    public var blockCount: Int
    public var headCount: Int
    public var keyValueHeadCount: Int
    public var feedForwardLength: Int
    public var vocabularySize: Int
    public var contextLength: Int
    public var ropeFrequencyBase: Float
    /// Linear RoPE scaling: positions are multiplied by this (`1 / llama.rope.scaling.factor`,
    /// 1 when the file has no factor or its scaling type is `none`).
    public var ropeFrequencyScale: Float = 1
    public var rmsEpsilon: Float
    /// `llama.attention.sliding_window` when the file has it (Mistral 7B's is 4096). Like
    /// llama.cpp, the engine attends to every earlier position unless told to use it.
    public var slidingWindow: Int?

    /// Width of one attention head.
    public var headDimension: Int { embeddingLength / headCount }
    /// Width of the keys (and of the values): one head's width per key-value head.
    public var keyValueWidth: Int { headDimension * keyValueHeadCount }

    /// Mistral 7B (v0.1, the base of BioMistral 7B): 32 blocks of width 4096, 32 query heads
    /// sharing 8 key-value heads, feed-forward 14336, vocabulary 32000.
    public static let mistral7B = MistralConfig(
        embeddingLength: 4096, blockCount: 32, headCount: 32, keyValueHeadCount: 8,
        feedForwardLength: 14336, vocabularySize: 32000, contextLength: 32768,
        ropeFrequencyBase: 10000, rmsEpsilon: 1e-5)

    /// The shape of the reference fixtures' tiny model: width 256, 2 blocks, 8 heads sharing
    /// 2 key-value heads, feed-forward 768, the full 32000-token vocabulary.
    public static let tiny = MistralConfig(
        embeddingLength: 256, blockCount: 2, headCount: 8, keyValueHeadCount: 2,
        feedForwardLength: 768, vocabularySize: 32000, contextLength: 4096,
        ropeFrequencyBase: 10000, rmsEpsilon: 1e-5)

    public init(
        embeddingLength: Int, blockCount: Int, headCount: Int, keyValueHeadCount: Int,
        feedForwardLength: Int, vocabularySize: Int, contextLength: Int,
        ropeFrequencyBase: Float, rmsEpsilon: Float, slidingWindow: Int? = nil
    ) {
        self.embeddingLength = embeddingLength
        self.blockCount = blockCount
        self.headCount = headCount
        self.keyValueHeadCount = keyValueHeadCount
        self.feedForwardLength = feedForwardLength
        self.vocabularySize = vocabularySize
        self.contextLength = contextLength
        self.ropeFrequencyBase = ropeFrequencyBase
        self.rmsEpsilon = rmsEpsilon
        self.slidingWindow = slidingWindow
    }

    /// Reads the shape from a model's metadata, checking it is one the engine can run.
    ///
    /// Like llama.cpp, the engine runs full causal attention: a sliding window in the metadata
    /// (`llama.attention.sliding_window`) is read by nobody, as llama.cpp reads none for this
    /// architecture.
    public init(metadata: GGUFMetadata) throws(ModelError) {
        let architecture = metadata["general.architecture"]?.stringValue
        guard architecture == "llama" else { throw .unsupportedArchitecture(architecture) }
        embeddingLength = try Self.positive("llama.embedding_length", in: metadata)
        blockCount = try Self.positive("llama.block_count", in: metadata)
        headCount = try Self.positive("llama.attention.head_count", in: metadata)
        keyValueHeadCount = try Self.positive("llama.attention.head_count_kv", in: metadata, default: headCount)
        feedForwardLength = try Self.positive("llama.feed_forward_length", in: metadata)
        contextLength = try Self.positive("llama.context_length", in: metadata)
        ropeFrequencyBase = try Self.float("llama.rope.freq_base", in: metadata, default: 10000)
        rmsEpsilon = try Self.float("llama.attention.layer_norm_rms_epsilon", in: metadata, default: nil)
        guard case .array(_, let tokens) = metadata["tokenizer.ggml.tokens"] else {
            throw .missingKey("tokenizer.ggml.tokens")
        }
        vocabularySize = tokens.count
        slidingWindow = metadata["llama.attention.sliding_window"] == nil
            ? nil : try Self.positive("llama.attention.sliding_window", in: metadata)
        ropeFrequencyScale = try Self.ropeFrequencyScale(in: metadata)
        if let experts = metadata["llama.expert_count"]?.intValue, experts > 0 {
            throw .badValue(key: "llama.expert_count", value: "\(experts)",
                            reason: "mixture-of-experts models (Mixtral) are not supported; the engine runs dense models")
        }
        if let vocabulary = metadata["llama.vocab_size"]?.intValue, vocabulary != vocabularySize {
            throw .badValue(key: "llama.vocab_size", value: "\(vocabulary)",
                            reason: "tokenizer.ggml.tokens has \(vocabularySize) tokens")
        }

        if embeddingLength % headCount != 0 {
            throw .badValue(
                key: "llama.attention.head_count", value: "\(headCount)",
                reason: "does not divide llama.embedding_length = \(embeddingLength)")
        }
        if headCount % keyValueHeadCount != 0 {
            throw .badValue(
                key: "llama.attention.head_count_kv", value: "\(keyValueHeadCount)",
                reason: "does not divide llama.attention.head_count = \(headCount)")
        }
        if headDimension % 2 != 0 {
            throw .badValue(
                key: "llama.attention.head_count", value: "\(headCount)",
                reason: "gives an odd head width \(headDimension); RoPE rotates pairs")
        }
        let ropeDimensions = try Self.positive("llama.rope.dimension_count", in: metadata, default: headDimension)
        if ropeDimensions != headDimension {
            throw .badValue(
                key: "llama.rope.dimension_count", value: "\(ropeDimensions)",
                reason: "the engine rotates whole heads of \(headDimension)")
        }
        for key in ["llama.attention.key_length", "llama.attention.value_length"] where metadata[key] != nil {
            let width = try Self.positive(key, in: metadata)
            if width != headDimension {
                throw .badValue(key: key, value: "\(width)",
                                reason: "the engine needs heads of llama.embedding_length / llama.attention.head_count = \(headDimension)")
            }
        }
        if !(rmsEpsilon > 0) {
            throw .badValue(key: "llama.attention.layer_norm_rms_epsilon", value: "\(rmsEpsilon)", reason: "must be positive")
        }
    }

    /// llama.cpp's reading of RoPE scaling: type `linear` unless stated, factor from
    /// `llama.rope.scaling.factor` (or the older `llama.rope.scale_linear`), none when 0 or absent.
    /// YaRN and LongRoPE change the angles in other ways, which the engine does not do.
    private static func ropeFrequencyScale(in metadata: GGUFMetadata) throws(ModelError) -> Float {
        let typeKey = "llama.rope.scaling.type"
        var type = "linear"
        if let value = metadata[typeKey] {
            guard let string = value.stringValue else { throw .wrongType(key: typeKey, expected: "a string", found: value.type) }
            type = string
        }
        switch type {
        case "none":
            return 1
        case "linear":
            let factorKey = metadata["llama.rope.scaling.factor"] != nil ? "llama.rope.scaling.factor" : "llama.rope.scale_linear"
            let factor = try float(factorKey, in: metadata, default: 0)
            if factor < 0 { throw .badValue(key: factorKey, value: "\(factor)", reason: "must not be negative") }
            return factor == 0 ? 1 : 1 / factor
        default:
            throw .badValue(key: typeKey, value: "'\(type)'",
                            reason: "the engine runs RoPE unscaled ('none') or linearly scaled ('linear'); \(type) is not supported")
        }
    }

    private static func positive(_ key: String, in metadata: GGUFMetadata, default fallback: Int? = nil) throws(ModelError) -> Int {
        guard let value = metadata[key] else {
            if let fallback { return fallback }
            throw .missingKey(key)
        }
        guard let number = value.intValue else { throw .wrongType(key: key, expected: "an integer", found: value.type) }
        guard number > 0, number < 1 << 24 else { throw .badValue(key: key, value: "\(number)", reason: "must be in 1..<16777216") }
        return number
    }

    private static func float(_ key: String, in metadata: GGUFMetadata, default fallback: Float?) throws(ModelError) -> Float {
        guard let value = metadata[key] else {
            if let fallback { return fallback }
            throw .missingKey(key)
        }
        guard let number = value.doubleValue else { throw .wrongType(key: key, expected: "a number", found: value.type) }
        guard number.isFinite else { throw .badValue(key: key, value: "\(number)", reason: "must be finite") }
        return Float(number)
    }

    /// Writes the architecture keys llama.cpp reads for this shape.
    public func write(into metadata: inout GGUFMetadata) {
        metadata["general.architecture"] = .string("llama")
        metadata["llama.context_length"] = .uint32(UInt32(contextLength))
        metadata["llama.embedding_length"] = .uint32(UInt32(embeddingLength))
        metadata["llama.block_count"] = .uint32(UInt32(blockCount))
        metadata["llama.feed_forward_length"] = .uint32(UInt32(feedForwardLength))
        metadata["llama.rope.dimension_count"] = .uint32(UInt32(headDimension))
        metadata["llama.attention.head_count"] = .uint32(UInt32(headCount))
        metadata["llama.attention.head_count_kv"] = .uint32(UInt32(keyValueHeadCount))
        metadata["llama.attention.layer_norm_rms_epsilon"] = .float32(rmsEpsilon)
        metadata["llama.rope.freq_base"] = .float32(ropeFrequencyBase)
    }

    /// Every tensor of the model with its shape (ggml order), in the order llama.cpp's
    /// converter writes them (names from ``MistralTensorName``).
    public var tensorShapes: [(name: String, ne: [Int])] {
        MistralTensorName.all(blockCount: blockCount).map { ($0.ggufName, shape(of: $0)) }
    }

    /// The shape (ggml order) of one tensor of the model.
    public func shape(of tensor: MistralTensorName) -> [Int] {
        switch tensor {
        case .tokenEmbedding, .output: [embeddingLength, vocabularySize]
        case .outputNorm: [embeddingLength]
        case .block(_, let kind):
            switch kind {
            case .attentionNorm, .feedForwardNorm: [embeddingLength]
            case .query, .attentionOutput: [embeddingLength, embeddingLength]
            case .key, .value: [embeddingLength, keyValueWidth]
            case .gate, .up: [embeddingLength, feedForwardLength]
            case .down: [feedForwardLength, embeddingLength]
            }
        }
    }
}
