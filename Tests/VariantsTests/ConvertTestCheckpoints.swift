import Engine
import Foundation
import GGUF
import TestSupport
import Variants

/// A Hugging Face checkpoint directory written from a GGUF model: the tensors under their
/// Hugging Face names, shapes back in PyTorch's order, the query and key rows un-permuted,
/// a config.json, and a tokenizer.model holding the GGUF vocabulary.
struct TestCheckpoint {
    let directory: String

    /// The Hugging Face name of each GGUF name, written out independently of the converter's table.
    static func huggingFaceName(_ gguf: String) -> String {
        let global = ["token_embd.weight": "model.embed_tokens.weight", "output_norm.weight": "model.norm.weight", "output.weight": "lm_head.weight"]
        if let name = global[gguf] { return name }
        let parts = gguf.split(separator: ".", maxSplits: 2).map(String.init)
        let block = [
            "attn_norm.weight": "input_layernorm.weight", "attn_q.weight": "self_attn.q_proj.weight",
            "attn_k.weight": "self_attn.k_proj.weight", "attn_v.weight": "self_attn.v_proj.weight",
            "attn_output.weight": "self_attn.o_proj.weight", "ffn_norm.weight": "post_attention_layernorm.weight",
            "ffn_gate.weight": "mlp.gate_proj.weight", "ffn_up.weight": "mlp.up_proj.weight", "ffn_down.weight": "mlp.down_proj.weight",
        ]
        return "model.layers.\(parts[1]).\(block[parts[2]]!)"
    }

    /// Rows of a query or key projection in Hugging Face's order: GGUF row `2i + j` of a head
    /// of `2h` rows is row `j·h + i` there (the inverse of llama.cpp's permute).
    static func unpermute(_ values: [Float], rows: Int, columns: Int, heads: Int) -> [Float] {
        let half = rows / heads / 2
        var result = values
        for head in 0 ..< heads {
            for i in 0 ..< half {
                for j in 0 ..< 2 {
                    let gguf = head * 2 * half + 2 * i + j, huggingFace = head * 2 * half + j * half + i
                    result[huggingFace * columns ..< (huggingFace + 1) * columns] = values[gguf * columns ..< (gguf + 1) * columns]
                }
            }
        }
        return result
    }

    /// The tensors of `file` as Hugging Face entries of `dtype` (norms always F32).
    static func entries(from file: GGUFFile, dtype: String, dropping dropped: Set<String> = []) throws -> [SafetensorsEntry] {
        let config = try MistralConfig(metadata: file.metadata)
        var entries: [SafetensorsEntry] = []
        for tensor in file.tensors where !dropped.contains(tensor.name) {
            var values = try file.dequantize(tensor)
            if tensor.name.hasSuffix("attn_q.weight") {
                values = unpermute(values, rows: tensor.ne[1], columns: tensor.ne[0], heads: config.headCount)
            } else if tensor.name.hasSuffix("attn_k.weight") {
                values = unpermute(values, rows: tensor.ne[1], columns: tensor.ne[0], heads: config.keyValueHeadCount)
            }
            entries.append(try SafetensorsEntry(
                name: huggingFaceName(tensor.name), dtype: tensor.ne.count == 1 ? "F32" : dtype, shape: tensor.ne.reversed(), values: values))
        }
        return entries
    }

    /// config.json's fields for `config`.
    static func configFields(_ config: MistralConfig, tied: Bool = false) -> [String: Any] {
        [
            "architectures": ["MistralForCausalLM"], "model_type": "mistral", "hidden_act": "silu",
            "hidden_size": config.embeddingLength, "intermediate_size": config.feedForwardLength,
            "num_attention_heads": config.headCount, "num_hidden_layers": config.blockCount,
            "num_key_value_heads": config.keyValueHeadCount, "max_position_embeddings": config.contextLength,
            "rms_norm_eps": Double(config.rmsEpsilon), "rope_theta": Double(config.ropeFrequencyBase),
            "sliding_window": 4096, "tie_word_embeddings": tied, "vocab_size": config.vocabularySize,
            "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": "bfloat16",
        ]
    }

    /// The GGUF vocabulary as a SentencePiece model.
    static func sentencePieceModel(from metadata: GGUFMetadata) throws -> [UInt8] {
        let vocabulary = try Vocabulary(metadata: metadata)
        let pieces = vocabulary.tokens.indices.map {
            SentencePieceProtoWriter.Piece(text: vocabulary.tokens[$0], score: vocabulary.scores[$0], type: vocabulary.types[$0].rawValue)
        }
        return SentencePieceProtoWriter.encode(pieces: pieces)
    }

    /// Writes a checkpoint of `file`'s model: `shards` safetensors files (with an index when
    /// more than one), matrices as `dtype`.
    static func make(
        from file: GGUFFile, dtype: String, shards: Int = 1, tied: Bool = false, configChanges: [String: Any] = [:]
    ) throws -> TestCheckpoint {
        let directory = temporaryPath("checkpoint")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = try MistralConfig(metadata: file.metadata)
        let entries = try Self.entries(from: file, dtype: dtype, dropping: tied ? ["output.weight"] : [])
        if shards == 1 {
            try SafetensorsWriter.write(entries, to: directory + "/model.safetensors")
        } else {
            var weightMap: [String: String] = [:]
            let perShard = (entries.count + shards - 1) / shards
            for shard in 0 ..< shards {
                let name = "model-0000\(shard + 1)-of-0000\(shards).safetensors"
                let part = Array(entries[min(entries.count, shard * perShard) ..< min(entries.count, (shard + 1) * perShard)])
                try SafetensorsWriter.write(part, to: directory + "/" + name)
                for entry in part { weightMap[entry.name] = name }
            }
            let index: [String: Any] = ["metadata": ["total_size": entries.reduce(0) { $0 + $1.bytes.count }], "weight_map": weightMap]
            try JSONSerialization.data(withJSONObject: index).write(to: URL(fileURLWithPath: directory + "/model.safetensors.index.json"))
        }
        let fields = configFields(config, tied: tied).merging(configChanges) { $1 }
        try JSONSerialization.data(withJSONObject: fields).write(to: URL(fileURLWithPath: directory + "/config.json"))
        try Data(sentencePieceModel(from: file.metadata)).write(to: URL(fileURLWithPath: directory + "/tokenizer.model"))
        return TestCheckpoint(directory: directory)
    }

    /// Writes `object` as `name` in the checkpoint.
    func writeJSON(_ object: Any, as name: String) throws {
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: directory + "/" + name))
    }

    func path(_ name: String) -> String { directory + "/" + name }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Small synthetic models for conversion tests: the fixtures' widths, one or two blocks and a
/// 600-token vocabulary, a few hundred kilobytes.
enum ConvertTestModels {
    static func config(blocks: Int = 2) -> MistralConfig {
        var config = MistralConfig.tiny
        config.blockCount = blocks
        config.vocabularySize = 600
        config.contextLength = 512
        return config
    }

    /// Writes a synthetic model; the caller removes it.
    static func write(_ type: ModelFileType, blocks: Int = 2, seed: UInt64 = 11) throws -> String {
        let path = temporaryPath("synthetic-\(type).gguf")
        try SyntheticModel(config: config(blocks: blocks), fileType: type, seed: seed).write(to: path)
        return path
    }

    /// The engine's logits for `tokens`, one vector per position, flattened.
    static func logits(of path: String, tokens: [Int32] = [1, 300, 301, 415, 2, 299, 12]) throws -> [Float] {
        let transformer = Transformer(model: try MistralModel(file: GGUFFile(path: path)), threads: 2)
        return transformer.evaluate(tokens, appendingTo: transformer.makeSequence())
    }
}
