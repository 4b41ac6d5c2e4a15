import Foundation
import Testing

/// llama.cpp's reference files in `../shared/fixtures/` (see its README), found from the
/// project root or from `MEDSWEEP_FIXTURES`. Tests that need them are skipped, with this
/// reason printed, where the folder is absent.
public enum Fixtures {
    /// The folder holding Package.swift.
    public static let projectRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["MEDSWEEP_FIXTURES"] {
            return URL(fileURLWithPath: override)
        }
        return projectRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }()

    public static var models: URL { root.appendingPathComponent("models") }
    public static var logits: URL { root.appendingPathComponent("logits") }
    public static var tokenizer: URL { root.appendingPathComponent("tokenizer") }

    /// The vocabulary-only GGUF file: Mistral 7B v0.1's 32000 tokens, scores and types.
    public static var vocabularyFile: String { path("mistral-vocab.gguf") }

    /// One line of `tokenizer/cases.jsonl`: a text and the ids llama.cpp gives it (no BOS,
    /// special tokens not parsed).
    public struct TokenizerCase: Sendable, CustomTestStringConvertible {
        public let text: String
        public let llamaCppIDs: [Int32]
        public let sentencePieceIDs: [Int32]
        public let agree: Bool

        public var testDescription: String { text.debugDescription }
    }

    /// The cases of `tokenizer/cases.jsonl`, or none when the fixtures are absent.
    public static func tokenizerCases() -> [TokenizerCase] {
        guard available, let data = try? String(contentsOf: tokenizer.appendingPathComponent("cases.jsonl"), encoding: .utf8) else {
            return []
        }
        return data.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let text = object["text"] as? String,
                  let llamaCpp = object["llama_cpp"] as? [NSNumber],
                  let sentencePiece = object["sentencepiece"] as? [NSNumber]
            else { return nil }
            return TokenizerCase(
                text: text, llamaCppIDs: llamaCpp.map(\.int32Value), sentencePieceIDs: sentencePiece.map(\.int32Value),
                agree: object["agree"] as? Bool ?? false)
        }
    }

    /// A reference prompt of `logits/index.json`: its text and llama.cpp's ids (BOS first).
    public struct Prompt: Sendable, CustomTestStringConvertible {
        public let id: String
        public let text: String
        public let llamaCppIDs: [Int32]

        public var testDescription: String { id }
    }

    /// The prompts of `logits/index.json`, by id, or none when the fixtures are absent.
    public static func prompts() -> [Prompt] {
        guard available, let data = try? Data(contentsOf: logits.appendingPathComponent("index.json")),
              let index = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let prompts = index["prompts"] as? [String: [String: Any]]
        else { return [] }
        return prompts.keys.sorted().compactMap { id in
            guard let text = prompts[id]?["text"] as? String,
                  let tokens = prompts[id]?["tokens_llama_cpp"] as? [NSNumber]
            else { return nil }
            return Prompt(id: id, text: text, llamaCppIDs: tokens.map(\.int32Value))
        }
    }

    public static var vocab: URL { root.appendingPathComponent("vocab") }
    public static var smolLM2: URL { root.appendingPathComponent("smollm2") }

    /// The byte-level BPE vocabularies of `vocab/` (llama.cpp's own test files).
    public static let bytePairVocabularies = ["llama-bpe", "qwen2", "gpt-2"]

    /// The path of `vocab/ggml-vocab-<name>.gguf`.
    public static func bytePairVocabularyFile(_ name: String) -> String {
        vocab.appendingPathComponent("ggml-vocab-\(name).gguf").path
    }

    /// A text and the ids llama.cpp gives it (no BOS, special tokens not parsed), with where it
    /// comes from.
    public struct ReferenceTokens: Sendable, CustomTestStringConvertible {
        public let source: String
        public let text: String
        public let llamaCppIDs: [Int32]

        public var testDescription: String { "\(source): \(text.prefix(60).debugDescription)" }
    }

    /// llama.cpp's own test of a vocabulary: the texts of `ggml-vocab-<name>.gguf.inp` and the
    /// ids of `.out`, cut as llama.cpp's `test-tokenizer-0` cuts them (texts separated by
    /// "\n__ggml_vocab_test__\n", one line of space-separated ids per text); none when absent.
    public static func llamaCppVocabularyTests(_ name: String) -> [ReferenceTokens] {
        let base = vocab.appendingPathComponent("ggml-vocab-\(name).gguf")
        guard available,
              let input = try? Data(contentsOf: URL(fileURLWithPath: base.path + ".inp")),
              let output = try? String(contentsOf: URL(fileURLWithPath: base.path + ".out"), encoding: .utf8)
        else { return [] }
        let raw = String(decoding: input, as: UTF8.self)
        var texts: [String] = []
        var rest = raw[...]
        let separator = "\n__ggml_vocab_test__\n"
        while !rest.isEmpty {
            guard let range = rest.range(of: separator) else {
                texts.append(String(rest))
                break
            }
            texts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast(output.hasSuffix("\n") ? 1 : 0)
        guard texts.count == lines.count else { return [] }
        return zip(texts, lines).map { text, line in
            ReferenceTokens(
                source: "ggml-vocab-\(name).gguf.inp", text: text,
                llamaCppIDs: line.split(separator: " ").compactMap { Int32($0) })
        }
    }

    /// The lines of a JSONL file of texts and `llama_cpp` ids; none when absent.
    public static func referenceTokens(jsonl url: URL) -> [ReferenceTokens] {
        guard available, let data = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return data.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let text = object["text"] as? String,
                  let ids = object["llama_cpp"] as? [NSNumber]
            else { return nil }
            return ReferenceTokens(source: url.lastPathComponent, text: text, llamaCppIDs: ids.map(\.int32Value))
        }
    }

    /// `vocab/cases-<name>.jsonl`: the 58 texts of `tokenizer/cases.jsonl` with that vocabulary.
    public static func bytePairCases(_ name: String) -> [ReferenceTokens] {
        referenceTokens(jsonl: vocab.appendingPathComponent("cases-\(name).jsonl"))
    }

    /// `smollm2/tokenizer_cases.jsonl`: the same texts with SmolLM2's vocabulary.
    public static func smolLM2Cases() -> [ReferenceTokens] {
        referenceTokens(jsonl: smolLM2.appendingPathComponent("tokenizer_cases.jsonl"))
    }

    /// The prompts of `smollm2/index.json` with llama.cpp's ids for SmolLM2 (no BOS, as the
    /// file asks), by id; none when absent.
    public static func smolLM2Prompts() -> [Prompt] {
        guard available, let data = try? Data(contentsOf: smolLM2.appendingPathComponent("index.json")),
              let index = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let prompts = index["prompts"] as? [String: [String: Any]]
        else { return [] }
        return prompts.keys.sorted().compactMap { id in
            guard let text = prompts[id]?["text"] as? String,
                  let tokens = prompts[id]?["tokens_llama_cpp"] as? [NSNumber]
            else { return nil }
            return Prompt(id: id, text: text, llamaCppIDs: tokens.map(\.int32Value))
        }
    }

    public static let available = FileManager.default.fileExists(
        atPath: root.appendingPathComponent("models/dequant_samples.json").path)

    public static let skipReason: Comment = "fixtures not found at \(root.path) (set MEDSWEEP_FIXTURES to their folder)"

    public static let modelFiles = [
        "tiny-mistral-F16.gguf", "tiny-mistral-Q8_0.gguf", "tiny-mistral-Q4_0.gguf", "tiny-mistral-Q4_K_M.gguf",
    ]

    public static func path(_ model: String) -> String {
        models.appendingPathComponent(model).path
    }

    /// One tensor's reference values from `dequant_samples.json`.
    public struct Sample: Sendable, CustomTestStringConvertible {
        public let file: String
        public let tensor: String
        public let type: String
        public let ne: [Int]
        public let rawSHA256: String
        public let first64: [Double]
        public let sum: Double
        public let sumOfSquares: Double
        public let count: Int

        public var testDescription: String { "\(file) \(tensor)" }
    }

    public static func samples() throws -> [Sample] {
        let data = try Data(contentsOf: models.appendingPathComponent("dequant_samples.json"))
        let files = try JSONSerialization.jsonObject(with: data) as! [String: [String: [String: Any]]]
        return files.keys.sorted().flatMap { file in
            files[file]!.keys.sorted().map { tensor in
                let entry = files[file]![tensor]!
                return Sample(
                    file: file, tensor: tensor, type: entry["type"] as! String,
                    ne: (entry["ne"] as! [NSNumber]).map(\.intValue),
                    rawSHA256: entry["raw_sha256"] as! String,
                    first64: (entry["first_64"] as! [NSNumber]).map(\.doubleValue),
                    sum: (entry["sum"] as! NSNumber).doubleValue,
                    sumOfSquares: (entry["sum_sq"] as! NSNumber).doubleValue,
                    count: (entry["count"] as! NSNumber).intValue)
            }
        }
    }
}

/// A fresh path in the temporary folder, unique to this process and call.
public func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory
        .appendingPathComponent("medsweep-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)-\(name)").path
}
