import Engine
import Foundation
import GGUF
import Testing
import TestSupport
import Variants

/// The vocabulary from tokenizer.model or tokenizer.json, and the special tokens, flags and
/// chat template from the files beside it.
@Suite struct ConvertVocabularyTests {
    @Test func sentencePieceProtobufIsReadFieldByField() throws {
        let pieces: [SentencePieceProtoWriter.Piece] = [
            .init(text: "<unk>", score: 0, type: 2), .init(text: "<s>", score: 0, type: 3), .init(text: "</s>", score: 0, type: 3),
            .init(text: "<0x0A>", score: 0, type: 6), .init(text: "\u{2581}the", score: -1.5, type: 1),
            .init(text: "<mask>", score: 0, type: 4), .init(text: "[unused]", score: 0, type: 5),
        ]
        let bytes = SentencePieceProtoWriter.encode(pieces: pieces, unknownID: 0, bosID: 1, eosID: 2, padID: -1, addDummyPrefix: false)
        let model = try SentencePieceModel(bytes: bytes, path: "tokenizer.model")
        #expect(model.pieces.map(\.text) == pieces.map(\.text))
        #expect(model.pieces.map(\.score) == pieces.map(\.score))
        #expect(model.pieces.map(\.type.rawValue) == pieces.map(\.type))
        #expect(model.modelType == .bytePair && model.byteFallback)
        #expect(model.unknownID == 0 && model.bosID == 1 && model.eosID == 2 && model.padID == -1)
        #expect(!model.addsDummyPrefix)

        let error = try #require(throws: ConvertError.self) {
            try SentencePieceModel(bytes: Array(bytes.dropLast(5)), path: "dir/tokenizer.model")
        }
        #expect(error.description.contains("dir/tokenizer.model") && error.description.contains("past the end"))
    }

    /// A checkpoint of a one-block synthetic model, converted in memory (nothing written).
    static func withCheckpoint(_ body: (TestCheckpoint, GGUFFile) throws -> Void) throws {
        let modelPath = try ConvertTestModels.write(.f16, blocks: 1)
        defer { try? FileManager.default.removeItem(atPath: modelPath) }
        let file = try GGUFFile(path: modelPath)
        let checkpoint = try TestCheckpoint.make(from: file, dtype: "F16")
        defer { checkpoint.remove() }
        try body(checkpoint, file)
    }

    static var addedTokens: [[String: Any]] { [
        ["id": 0, "content": "<unk>", "special": true], ["id": 1, "content": "<s>", "special": true],
        ["id": 2, "content": "</s>", "special": true],
    ] }

    @Test func tokenizerConfigGivesFlagsTemplateAndAddedTokens() throws {
        try Self.withCheckpoint { checkpoint, _ in
            try checkpoint.writeJSON([
                "add_bos_token": true, "add_eos_token": false, "add_prefix_space": false,
                "bos_token": "<s>", "eos_token": ["content": "</s>", "lstrip": false], "unk_token": "<unk>", "pad_token": "</s>",
                "chat_template": "{{ bos_token }}{% for m in messages %}[INST] {{ m['content'] }} [/INST]{% endfor %}",
                "added_tokens_decoder": [
                    "598": ["content": "<|im_end|>", "special": false],
                    "599": ["content": "\u{2581}medical\u{2581}term", "special": false],
                ],
            ] as [String: Any], as: "tokenizer_config.json")
            try checkpoint.writeJSON([
                "added_tokens": Self.addedTokens,
                "post_processor": ["type": "TemplateProcessing", "single": [
                    ["SpecialToken": ["id": "<s>", "type_id": 0]], ["Sequence": ["id": "A", "type_id": 0]],
                ]],
                "model": ["type": "BPE", "byte_fallback": true, "vocab": [:] as [String: Int]],
            ] as [String: Any], as: "tokenizer.json")
            let converter = try CheckpointConverter(directory: checkpoint.directory)
            let metadata = converter.metadata
            #expect(converter.vocabulary.source == .sentencePiece(path: checkpoint.path("tokenizer.model")))
            #expect(converter.vocabulary.tokens[598] == "<|im_end|>" && converter.vocabulary.types[598] == 3)
            #expect(converter.vocabulary.tokens[599] == " medical term" && converter.vocabulary.types[599] == 4)
            #expect(converter.vocabulary.scores[598] == -1000)
            #expect(metadata["tokenizer.ggml.add_space_prefix"] == .bool(false))
            #expect(metadata.keys.first { $0.hasPrefix("tokenizer.") } == "tokenizer.ggml.add_space_prefix")
            #expect(metadata["tokenizer.ggml.bos_token_id"] == .uint32(1))
            #expect(metadata["tokenizer.ggml.eos_token_id"] == .uint32(2))
            #expect(metadata["tokenizer.ggml.unknown_token_id"] == .uint32(0))
            #expect(metadata["tokenizer.ggml.padding_token_id"] == .uint32(2))
            #expect(metadata["tokenizer.ggml.add_bos_token"] == .bool(true))
            #expect(metadata["tokenizer.ggml.add_eos_token"] == .bool(false))
            #expect(metadata["tokenizer.chat_template"]?.stringValue?.hasPrefix("{{ bos_token }}") == true)
            let tail = metadata.keys.drop { $0 != "tokenizer.ggml.bos_token_id" }
            #expect(Array(tail) == [
                "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id", "tokenizer.ggml.unknown_token_id",
                "tokenizer.ggml.padding_token_id", "tokenizer.ggml.add_bos_token", "tokenizer.ggml.add_eos_token",
                "tokenizer.chat_template",
            ])
            // The engine reads it back.
            let vocabulary = try Vocabulary(metadata: metadata)
            #expect(vocabulary.addsBOS && !vocabulary.addsEOS && !vocabulary.addsSpacePrefix && vocabulary.eosID == 2)
        }
    }

    @Test func vocabularyIsPaddedToConfigSizeAndExtraPiecesDropped() throws {
        try Self.withCheckpoint { checkpoint, file in
            // A tokenizer.model with 590 of the model's 600 tokens: the rest become [PADn].
            let vocabulary = try Vocabulary(metadata: file.metadata)
            let pieces = (0 ..< 590).map {
                SentencePieceProtoWriter.Piece(text: vocabulary.tokens[$0], score: vocabulary.scores[$0], type: vocabulary.types[$0].rawValue)
            }
            try Data(SentencePieceProtoWriter.encode(pieces: pieces)).write(to: URL(fileURLWithPath: checkpoint.path("tokenizer.model")))
            let converted = try CheckpointConverter(directory: checkpoint.directory).vocabulary
            #expect(converted.tokens.count == 600)
            #expect(converted.tokens[590] == "[PAD590]" && converted.scores[590] == -10000 && converted.types[590] == 5)
            #expect(converted.tokens[589] == vocabulary.tokens[589])
        }
    }

    /// tokenizer.json's vocabulary by id, its added tokens after it, scores -1000, as
    /// llama.cpp's `_set_vocab_llama_hf` writes them; the engine loads and runs the file.
    @Test func llamaTokenizerJSONIsTheFallback() throws {
        try Self.withCheckpoint { checkpoint, file in
            try FileManager.default.removeItem(atPath: checkpoint.path("tokenizer.model"))
            let tokens = try Vocabulary(metadata: file.metadata).tokens
            var vocab: [String: Int] = [:]
            for id in 0 ..< 599 { vocab[tokens[id]] = id }
            try checkpoint.writeJSON([
                "added_tokens": Self.addedTokens + [["id": 599, "content": "<extra>", "special": false]],
                "model": ["type": "BPE", "byte_fallback": true, "vocab": vocab, "merges": [String]()],
                "decoder": ["type": "Sequence", "decoders": [[String: Any]]()],
            ] as [String: Any], as: "tokenizer.json")
            try checkpoint.writeJSON(["bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>"], as: "tokenizer_config.json")
            let converter = try CheckpointConverter(directory: checkpoint.directory)
            let vocabulary = converter.vocabulary
            #expect(vocabulary.source == .tokenizerJSON(path: checkpoint.path("tokenizer.json")))
            #expect(vocabulary.tokens == Array(tokens[0 ..< 599]) + ["<extra>"])
            #expect(vocabulary.scores.allSatisfy { $0 == -1000 })
            #expect(Array(vocabulary.types[0 ..< 5]) == [3, 3, 3, 6, 6])
            #expect(vocabulary.types[400] == 1 && vocabulary.types[599] == 4)
            #expect(converter.metadata["tokenizer.ggml.bos_token_id"] == .uint32(1))

            let output = temporaryPath("from-tokenizer-json.gguf")
            defer { try? FileManager.default.removeItem(atPath: output) }
            try converter.write(to: output)
            #expect(try ConvertTestModels.logits(of: output).allSatisfy(\.isFinite))
            let tokenizer = try ModelTokenizer(file: GGUFFile(path: output))
            #expect(!tokenizer.encode("ab", addingBOS: true).isEmpty)
        }
    }

    @Test func otherTokenizerJSONKindsAreRefused() throws {
        try Self.withCheckpoint { checkpoint, _ in
            try FileManager.default.removeItem(atPath: checkpoint.path("tokenizer.model"))
            try checkpoint.writeJSON([
                "model": ["type": "BPE", "byte_fallback": false, "ignore_merges": true, "vocab": ["a": 0]],
                "decoder": ["type": "ByteLevel"],
            ] as [String: Any], as: "tokenizer.json")
            let llama3 = try #require(throws: ConvertError.self) { try CheckpointConverter(directory: checkpoint.directory) }
            #expect(llama3.description.contains("tokenizer.json") && llama3.description.contains("Llama 3"))

            try checkpoint.writeJSON(["model": ["type": "WordPiece", "vocab": ["a": 0]]] as [String: Any], as: "tokenizer.json")
            let wordPiece = try #require(throws: ConvertError.self) { try CheckpointConverter(directory: checkpoint.directory) }
            #expect(wordPiece.description.contains("model.type is WordPiece"))

            try FileManager.default.removeItem(atPath: checkpoint.path("tokenizer.json"))
            let none = try #require(throws: ConvertError.self) { try CheckpointConverter(directory: checkpoint.directory) }
            #expect(none == .noTokenizer(directory: checkpoint.directory))
        }
    }
}
