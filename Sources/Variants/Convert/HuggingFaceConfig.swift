import Engine

/// A Llama or Mistral checkpoint's `config.json`, read and checked field by field: the shape
/// the engine will run, and the values llama.cpp's converter copies into the GGUF metadata.
///
/// Read: `architectures` (`LlamaForCausalLM` or `MistralForCausalLM`), `hidden_size`,
/// `num_hidden_layers`, `num_attention_heads`, `num_key_value_heads` (default: the head
/// count), `intermediate_size`, `max_position_embeddings`, `vocab_size`, `rms_norm_eps`,
/// `rope_theta` (or `rope_parameters.rope_theta`), `head_dim`, `rope_scaling` /
/// `rope_parameters` (none, `default`, or `linear` with a `factor`), `tie_word_embeddings`
/// (default false), `_name_or_path`. `sliding_window` (Mistral 7B v0.1: 4096) is read and,
/// as llama.cpp's converter does, not written: llama.cpp runs these models with full causal
/// attention. Refused with an error naming the field: other architectures, mixtures of
/// experts (`num_local_experts`), activations other than SiLU, attention or MLP biases,
/// YaRN / LongRoPE / Llama 3 / dynamic RoPE scaling, and a `head_dim` other than
/// `hidden_size / num_attention_heads`.
public struct HuggingFaceConfig: Sendable {
    /// The architectures llama.cpp converts as `llama` that medsweep's engine runs.
    public static let supportedArchitectures = ["LlamaForCausalLM", "MistralForCausalLM"]

    public let path: String
    public let architecture: String
    public let hiddenSize: Int
    public let layerCount: Int
    public let headCount: Int
    /// `num_key_value_heads` as written, nil when absent (then it is the head count).
    public let keyValueHeadCountField: Int?
    public let intermediateSize: Int
    public let contextLength: Int
    public let vocabularySize: Int
    public let rmsEpsilon: Double
    public let ropeTheta: Double?
    /// `head_dim` as written.
    public let headDimensionField: Int?
    /// The factor of linear RoPE scaling, nil when the positions are not scaled.
    public let linearRopeScalingFactor: Double?
    public let tiesWordEmbeddings: Bool
    /// Mistral's `sliding_window`; not written to the GGUF file (see above).
    public let slidingWindow: Int?
    /// `_name_or_path`, when the checkpoint names itself.
    public let nameOrPath: String?
    /// The whole object, for the special token ids (`bos_token_id`, …) the vocabulary reads.
    public let fields: [String: CheckpointJSON]

    public var keyValueHeadCount: Int { keyValueHeadCountField ?? headCount }
    public var headDimension: Int { hiddenSize / headCount }

    /// The shape the engine runs, for the tensors' expected shapes.
    public var mistralConfig: MistralConfig {
        var config = MistralConfig(
            embeddingLength: hiddenSize, blockCount: layerCount, headCount: headCount, keyValueHeadCount: keyValueHeadCount,
            feedForwardLength: intermediateSize, vocabularySize: vocabularySize, contextLength: contextLength,
            ropeFrequencyBase: Float(ropeTheta ?? 10000), rmsEpsilon: Float(rmsEpsilon))
        if let linearRopeScalingFactor { config.ropeFrequencyScale = Float(1 / linearRopeScalingFactor) }
        return config
    }

    public init(path: String) throws(ConvertError) {
        try self.init(fields: CheckpointJSON.object(at: path), path: path)
    }

    public init(fields: [String: CheckpointJSON], path: String) throws(ConvertError) {
        self.path = path
        self.fields = fields
        let reader = FieldReader(fields: fields, path: path)

        guard let architectures = fields["architectures"] else { throw .missingField(path: path, field: "architectures") }
        guard let first = architectures.array?.first?.string else {
            throw .badField(path: path, field: "architectures", value: architectures.description, reason: "not a list of architecture names")
        }
        guard Self.supportedArchitectures.contains(first) else {
            throw .badField(path: path, field: "architectures", value: architectures.description,
                            reason: "only \(Self.supportedArchitectures.joined(separator: " and ")) are converted")
        }
        architecture = first
        if let experts = fields["num_local_experts"], experts != .null {
            throw .badField(path: path, field: "num_local_experts", value: experts.description,
                            reason: "mixture-of-experts models (Mixtral) are not supported; the engine runs dense models")
        }
        if let activation = fields["hidden_act"], activation != .string("silu") {
            throw .badField(path: path, field: "hidden_act", value: activation.description, reason: "the engine's feed-forward uses SiLU (\"silu\")")
        }
        for field in ["attention_bias", "mlp_bias"] {
            if let value = fields[field], value != .bool(false), value != .null {
                throw .badField(path: path, field: field, value: value.description, reason: "the engine's projections have no biases")
            }
        }

        hiddenSize = try reader.positive("hidden_size")
        layerCount = try reader.positive("num_hidden_layers")
        headCount = try reader.positive("num_attention_heads")
        keyValueHeadCountField = try reader.optionalPositive("num_key_value_heads")
        intermediateSize = try reader.positive("intermediate_size")
        contextLength = try reader.positive("max_position_embeddings")
        vocabularySize = try reader.positive("vocab_size")
        rmsEpsilon = try reader.number("rms_norm_eps")
        guard rmsEpsilon > 0 else {
            throw .badField(path: path, field: "rms_norm_eps", value: fields["rms_norm_eps"]!.description, reason: "must be positive")
        }
        headDimensionField = try reader.optionalPositive("head_dim")
        slidingWindow = try reader.optionalPositive("sliding_window")
        tiesWordEmbeddings = try reader.optionalBool("tie_word_embeddings") ?? false
        nameOrPath = fields["_name_or_path"]?.string

        // Transformers 5 writes rope_parameters; older configs rope_scaling and rope_theta.
        let ropeField = (fields["rope_parameters"] ?? .null) != .null ? "rope_parameters" : "rope_scaling"
        var rope: [String: CheckpointJSON] = [:]
        if let value = fields[ropeField], value != .null {
            guard let object = value.object else {
                throw .badField(path: path, field: ropeField, value: value.description, reason: "not an object")
            }
            rope = object
        }
        if let theta = rope["rope_theta"] {
            guard let number = theta.number, number > 0 else {
                throw .badField(path: path, field: "\(ropeField).rope_theta", value: theta.description, reason: "not a positive number")
            }
            ropeTheta = number
        } else if fields["rope_theta"] != nil {
            ropeTheta = try reader.number("rope_theta")
        } else {
            ropeTheta = nil
        }
        let typeField = rope["rope_type"] != nil ? "rope_type" : "type"
        switch rope[typeField] {
        case nil, .null, .string("default"):
            linearRopeScalingFactor = nil
        case .string("linear"):
            if let factor = rope["factor"], factor != .null {
                guard let number = factor.number, number > 0 else {
                    throw .badField(path: path, field: "\(ropeField).factor", value: factor.description, reason: "not a positive number")
                }
                linearRopeScalingFactor = number
            } else {
                linearRopeScalingFactor = nil
            }
        case let other?:
            throw .badField(path: path, field: "\(ropeField).\(typeField)", value: other.description,
                            reason: "the engine runs unscaled or linearly scaled RoPE only (YaRN, LongRoPE, llama3 and dynamic scaling are not supported)")
        }

        if hiddenSize % headCount != 0 {
            throw .badField(path: path, field: "num_attention_heads", value: "\(headCount)", reason: "does not divide hidden_size \(hiddenSize)")
        }
        if headCount % keyValueHeadCount != 0 {
            throw .badField(path: path, field: "num_key_value_heads", value: "\(keyValueHeadCount)",
                            reason: "does not divide num_attention_heads \(headCount)")
        }
        if headDimension % 2 != 0 {
            throw .badField(path: path, field: "num_attention_heads", value: "\(headCount)",
                            reason: "gives an odd head width \(headDimension); RoPE rotates pairs")
        }
        if let headDimensionField, headDimensionField != headDimension {
            throw .badField(path: path, field: "head_dim", value: "\(headDimensionField)",
                            reason: "the engine needs heads of hidden_size / num_attention_heads = \(headDimension)")
        }
    }
}

/// Typed reads of config.json's fields, each failure naming the file and the field.
private struct FieldReader {
    let fields: [String: CheckpointJSON]
    let path: String

    func positive(_ field: String) throws(ConvertError) -> Int {
        guard let value = try optionalPositive(field) else { throw .missingField(path: path, field: field) }
        return value
    }

    func optionalPositive(_ field: String) throws(ConvertError) -> Int? {
        guard let value = fields[field], value != .null else { return nil }
        guard let integer = value.integer, integer > 0, integer < 1 << 31 else {
            throw .badField(path: path, field: field, value: value.description, reason: "not a positive integer")
        }
        return integer
    }

    func number(_ field: String) throws(ConvertError) -> Double {
        guard let value = fields[field], value != .null else { throw .missingField(path: path, field: field) }
        guard let number = value.number, number.isFinite else {
            throw .badField(path: path, field: field, value: value.description, reason: "not a number")
        }
        return number
    }

    func optionalBool(_ field: String) throws(ConvertError) -> Bool? {
        guard let value = fields[field], value != .null else { return nil }
        guard let bool = value.bool else { throw .badField(path: path, field: field, value: value.description, reason: "not true or false") }
        return bool
    }
}
