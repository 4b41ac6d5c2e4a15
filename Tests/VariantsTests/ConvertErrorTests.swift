import Foundation
import GGUF
import Testing
import TestSupport
import Variants

/// Bad checkpoints fail before anything is written, with messages naming the file, the field
/// or tensor, and the bad value.
@Suite struct ConvertErrorTests {
    /// A one-block checkpoint (`shards` files), changed by `change`, then converted: the error.
    static func error(
        shards: Int = 1, configChanges: [String: Any] = [:], _ change: (TestCheckpoint) throws -> Void = { _ in }
    ) throws -> (ConvertError, TestCheckpoint) {
        let modelPath = try ConvertTestModels.write(.f16, blocks: 1)
        defer { try? FileManager.default.removeItem(atPath: modelPath) }
        let checkpoint = try TestCheckpoint.make(from: GGUFFile(path: modelPath), dtype: "F16", shards: shards, configChanges: configChanges)
        try change(checkpoint)
        let output = temporaryPath("never-written.gguf")
        let error = try #require(throws: ConvertError.self) {
            try CheckpointConverter(directory: checkpoint.directory).write(to: output)
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        return (error, checkpoint)
    }

    /// Rewrites config.json without `field`.
    static func removeConfigField(_ field: String, in checkpoint: TestCheckpoint) throws {
        var config = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: checkpoint.path("config.json")))) as? [String: Any])
        config[field] = nil
        try checkpoint.writeJSON(config, as: "config.json")
    }

    @Test func missingConfigFieldIsNamed() throws {
        let (error, checkpoint) = try Self.error { try Self.removeConfigField("hidden_size", in: $0) }
        defer { checkpoint.remove() }
        #expect(error == .missingField(path: checkpoint.path("config.json"), field: "hidden_size"))
        #expect(error.description == "\(checkpoint.path("config.json")): required field 'hidden_size' is missing")
    }

    @Test func unsupportedArchitectureIsNamed() throws {
        let (error, checkpoint) = try Self.error(configChanges: ["architectures": ["Qwen2ForCausalLM"]])
        defer { checkpoint.remove() }
        #expect(error.description.contains("config.json: field 'architectures' is [\"Qwen2ForCausalLM\"]"))
        #expect(error.description.contains("LlamaForCausalLM"))
    }

    @Test func unsupportedConfigValuesAreNamed() throws {
        let (yarn, first) = try Self.error(configChanges: ["rope_scaling": ["rope_type": "yarn", "factor": 4.0]])
        defer { first.remove() }
        #expect(yarn.description.contains("field 'rope_scaling.rope_type' is \"yarn\""))
        let (experts, second) = try Self.error(configChanges: ["num_local_experts": 8])
        defer { second.remove() }
        #expect(experts.description.contains("'num_local_experts' is 8"))
        let (heads, third) = try Self.error(configChanges: ["num_key_value_heads": 3])
        defer { third.remove() }
        #expect(heads.description.contains("'num_key_value_heads' is 3: does not divide num_attention_heads 8"))
    }

    @Test func unsupportedDataTypeNamesFileTensorAndType() throws {
        let (error, checkpoint) = try Self.error { checkpoint in
            let entry = SafetensorsEntry(name: "model.norm.weight", dtype: "I8", shape: [256], bytes: Array(repeating: 0, count: 256))
            try SafetensorsWriter.write([entry], to: checkpoint.path("model-extra.safetensors"))
        }
        defer { checkpoint.remove() }
        #expect(error.description.contains("model-extra.safetensors: tensor 'model.norm.weight': dtype I8 is not supported"))
    }

    @Test func missingShardNamesIndexAndShard() throws {
        let (error, checkpoint) = try Self.error(shards: 2) { checkpoint in
            try FileManager.default.removeItem(atPath: checkpoint.path("model-00002-of-00002.safetensors"))
        }
        defer { checkpoint.remove() }
        #expect(error == .missingShard(index: checkpoint.path("model.safetensors.index.json"), shard: "model-00002-of-00002.safetensors"))
        #expect(error.description.contains("model.safetensors.index.json: weight_map names shard 'model-00002-of-00002.safetensors'"))
    }

    @Test func tensorInTwoShardsIsNamed() throws {
        let (error, checkpoint) = try Self.error { checkpoint in
            let entry = try SafetensorsEntry(name: "model.norm.weight", dtype: "F32", shape: [256], values: Array(repeating: 1, count: 256))
            try SafetensorsWriter.write([entry], to: checkpoint.path("model-extra.safetensors"))
        }
        defer { checkpoint.remove() }
        #expect(error.description.contains("tensor 'model.norm.weight' is in both"))
        #expect(error.description.contains("model-extra.safetensors") && error.description.contains("/model.safetensors"))
    }

    @Test func shapeDisagreeingWithConfigIsNamed() throws {
        let (error, checkpoint) = try Self.error(configChanges: ["intermediate_size": 512])
        defer { checkpoint.remove() }
        #expect(error == .tensorShape(path: checkpoint.path("model.safetensors"), tensor: "model.layers.0.mlp.down_proj.weight",
                                      expected: [256, 512], found: [256, 768]))
        #expect(error.description.contains("tensor 'model.layers.0.mlp.down_proj.weight' has shape [256, 768], config.json gives [256, 512]"))
    }

    @Test func unknownAndMissingTensorsAreNamed() throws {
        let (unknown, first) = try Self.error { checkpoint in
            let bias = try SafetensorsEntry(name: "model.layers.0.self_attn.q_proj.bias", dtype: "F32", shape: [256], values: Array(repeating: 0, count: 256))
            try SafetensorsWriter.write([bias], to: checkpoint.path("model-extra.safetensors"))
        }
        defer { first.remove() }
        #expect(unknown == .unknownTensor(path: first.path("model-extra.safetensors"), tensor: "model.layers.0.self_attn.q_proj.bias"))

        // lm_head missing without tied embeddings.
        let (missing, second) = try Self.error { checkpoint in
            let file = try SafetensorsFile(path: checkpoint.path("model.safetensors"))
            let entries = file.orderedNames.filter { $0 != "lm_head.weight" }.map { name in
                let tensor = file.tensors[name]!
                return SafetensorsEntry(name: name, dtype: tensor.dataType.rawValue, shape: tensor.shape, bytes: Array(file.bytes(of: tensor)))
            }
            try SafetensorsWriter.write(entries, to: checkpoint.path("model.safetensors"))
        }
        defer { second.remove() }
        #expect(missing.description.contains("no tensor 'lm_head.weight' (config.json's tie_word_embeddings is not true)"))
    }

    @Test func rotaryFrequenciesAreSkippedAsLlamaCppSkipsThem() throws {
        let modelPath = try ConvertTestModels.write(.f16, blocks: 1)
        defer { try? FileManager.default.removeItem(atPath: modelPath) }
        let checkpoint = try TestCheckpoint.make(from: GGUFFile(path: modelPath), dtype: "F16")
        defer { checkpoint.remove() }
        let inverse = try SafetensorsEntry(name: "model.layers.0.self_attn.rotary_emb.inv_freq", dtype: "F32", shape: [16], values: Array(repeating: 1, count: 16))
        try SafetensorsWriter.write([inverse], to: checkpoint.path("model-rotary.safetensors"))
        let converter = try CheckpointConverter(directory: checkpoint.directory)
        #expect(converter.tensors.count == 12)
    }

    /// Broken safetensors headers, each refused with the file named.
    @Test(arguments: ["too long", "past the end", "not JSON", "overlap", "size", "offsets"])
    func corruptHeaderIsRefused(_ kind: String) throws {
        let path = temporaryPath("corrupt.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let a = try SafetensorsEntry(name: "a", dtype: "F32", shape: [2, 2], values: [1, 2, 3, 4])
        let b = try SafetensorsEntry(name: "b", dtype: "F16", shape: [4], values: [1, 2, 3, 4])
        var bytes = SafetensorsWriter.encode([a, b])
        switch kind {
        case "too long": bytes.replaceSubrange(0 ..< 8, with: withUnsafeBytes(of: UInt64(200_000_000).littleEndian, Array.init))
        case "past the end": bytes.replaceSubrange(0 ..< 8, with: withUnsafeBytes(of: UInt64(bytes.count).littleEndian, Array.init))
        case "not JSON": bytes = SafetensorsWriter.encode([a, b], header: "{\"a\": [")
        case "overlap":
            bytes = SafetensorsWriter.encode([a, b], header: #"{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F16","shape":[4],"data_offsets":[8,16]}}"#)
        case "size":
            bytes = SafetensorsWriter.encode([a, b], header: #"{"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,16]},"b":{"dtype":"F16","shape":[4],"data_offsets":[16,24]}}"#)
        default:
            bytes = SafetensorsWriter.encode([a, b], header: #"{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F16","shape":[4],"data_offsets":[16,32]}}"#)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: ConvertError.self) { try SafetensorsFile(path: path) }
        #expect(error.description.hasPrefix(path + ": "), "\(error)")
        let expected = [
            "too long": "header length 200000000 is over the 100000000-byte limit",
            "past the end": "runs past the end",
            "not JSON": "not valid JSON",
            "overlap": "tensor 'b': its data at offset 8 overlaps the tensor before it",
            "size": "tensor 'a': data_offsets [0, 16] hold 16 bytes; shape [2, 3] of F32 needs 24",
            "offsets": "tensor 'b': data_offsets [16, 32] are outside the 24 bytes of data",
        ][kind]!
        #expect(error.description.contains(expected), "\(error)")
    }

    @Test func wellFormedSafetensorsAreReadInPlace() throws {
        let path = temporaryPath("good.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let a = try SafetensorsEntry(name: "a", dtype: "BF16", shape: [2, 2], values: [1, 2, 3, 4])
        let b = try SafetensorsEntry(name: "b", dtype: "F32", shape: [3], values: [5, 6, 7])
        try SafetensorsWriter.write([b, a], to: path)
        let file = try SafetensorsFile(path: path)
        #expect(file.orderedNames == ["a", "b"])
        #expect(file.tensors["a"]?.dataType == .bf16 && file.tensors["a"]?.shape == [2, 2])
        #expect(Array(file.bytes(of: file.tensors["b"]!)) == b.bytes)
    }
}
