import Foundation
import GGUF
import Testing
import TestSupport

/// `medsweep convert` as a user runs it: a tiny checkpoint written here converts to a file
/// the engine's tokenizer reads; bad input exits 2 with the file and field named.
@Suite(.offThePool) struct ConvertCommandTests {
    /// A one-block Llama checkpoint of width 64 (4 heads sharing 2 key-value heads,
    /// feed-forward 128) with a 262-piece SentencePiece vocabulary, all F32.
    static func writeCheckpoint(config changes: [String: Any] = [:]) throws -> String {
        let directory = temporaryPath("convert-command")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let width = 64, feedForward = 128, keyValue = 32, vocabulary = 262
        var shapes: [(String, [Int])] = [("model.embed_tokens.weight", [vocabulary, width]), ("lm_head.weight", [vocabulary, width]),
                                         ("model.norm.weight", [width])]
        let prefix = "model.layers.0."
        shapes += [
            (prefix + "input_layernorm.weight", [width]), (prefix + "post_attention_layernorm.weight", [width]),
            (prefix + "self_attn.q_proj.weight", [width, width]), (prefix + "self_attn.k_proj.weight", [keyValue, width]),
            (prefix + "self_attn.v_proj.weight", [keyValue, width]), (prefix + "self_attn.o_proj.weight", [width, width]),
            (prefix + "mlp.gate_proj.weight", [feedForward, width]), (prefix + "mlp.up_proj.weight", [feedForward, width]),
            (prefix + "mlp.down_proj.weight", [width, feedForward]),
        ]
        let entries = try shapes.enumerated().map { index, entry in
            let (name, shape) = entry
            let values = (0 ..< shape.reduce(1, *)).map { element -> Float in
                shape.count == 1 ? 1 : Float((element * 7 + index * 13) % 17 - 8) / 64
            }
            return try SafetensorsEntry(name: name, dtype: "F32", shape: shape, values: values)
        }
        try SafetensorsWriter.write(entries, to: directory + "/model.safetensors")

        let config: [String: Any] = [
            "architectures": ["LlamaForCausalLM"], "hidden_size": width, "intermediate_size": feedForward,
            "num_attention_heads": 4, "num_key_value_heads": 2, "num_hidden_layers": 1, "max_position_embeddings": 128,
            "rms_norm_eps": 1e-6, "rope_theta": 10000.0, "vocab_size": vocabulary, "bos_token_id": 1, "eos_token_id": 2,
        ].merging(changes) { $1 }
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: directory + "/config.json"))

        // tokenizer.model: <unk>, <s>, </s>, the 256 byte tokens, "▁", "▁a", "a".
        typealias Piece = SentencePieceProtoWriter.Piece
        var pieces = [Piece(text: "<unk>", score: 0, type: 2), Piece(text: "<s>", score: 0, type: 3), Piece(text: "</s>", score: 0, type: 3)]
        pieces += (0 ..< 256).map { Piece(text: String(format: "<0x%02X>", $0), score: 0, type: 6) }
        pieces += [Piece(text: "\u{2581}", score: -1, type: 1), Piece(text: "\u{2581}a", score: -2, type: 1), Piece(text: "a", score: -3, type: 1)]
        try Data(SentencePieceProtoWriter.encode(pieces: pieces)).write(to: URL(fileURLWithPath: directory + "/tokenizer.model"))
        return directory
    }

    @Test func convertsACheckpointTheTokenizerReads() throws {
        let directory = try Self.writeCheckpoint()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = temporaryPath("converted.gguf")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let run = try CommandRun.medsweep("convert", directory, output, "--out-type", "bf16")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("wrote \(output): LlamaForCausalLM, 1 blocks, 12 tensors, 262 tokens, BF16"))

        let file = try GGUFFile(path: output)
        #expect(file.metadata["general.architecture"] == .string("llama"))
        #expect(file.tensors.count == 12)
        #expect(file[tensorNamed: "blk.0.attn_k.weight"]?.type == .bf16 && file[tensorNamed: "blk.0.attn_k.weight"]?.ne == [64, 32])
        #expect(file[tensorNamed: "output_norm.weight"]?.type == .f32)

        let tokens = try CommandRun.medsweep("tokenize", output, "--text", "a a", "--json")
        #expect(tokens.status == 0, "\(tokens.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(tokens.standardOutput.utf8)) as? [String: Any])
        #expect(object["pieces"] as? [String] == ["\u{2581}a", "\u{2581}a"])
    }

    @Test func unsupportedArchitectureExitsTwoNamingFileAndField() throws {
        let directory = try Self.writeCheckpoint(config: ["architectures": ["GPT2LMHeadModel"]])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try CommandRun.medsweep("convert", directory, temporaryPath("never.gguf"))
        #expect(run.status == 2)
        #expect(run.standardError.contains("medsweep: error: \(directory)/config.json: field 'architectures' is [\"GPT2LMHeadModel\"]"))
    }

    @Test func unknownOutputTypeIsAUsageError() throws {
        let run = try CommandRun.medsweep("convert", "/nonexistent", temporaryPath("never.gguf"), "--out-type", "Q4_0")
        #expect(run.status == 64)
        #expect(run.standardError.contains("--out-type Q4_0 is not one of F16, BF16"))
    }
}
