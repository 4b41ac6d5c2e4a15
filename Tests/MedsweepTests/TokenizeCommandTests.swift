import Foundation
import GGUF
import Testing
import TestSupport

/// `medsweep tokenize` as other tools run it: JSON shape and ids, --bos, --file, the table,
/// and its exit codes.
@Suite(.offThePool) struct TokenizeCommandTests {
    /// The ids and pieces of `--json` output.
    static func parse(_ run: CommandRun) throws -> (ids: [Int], pieces: [String]) {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["ids", "pieces"])
        return (try #require(object["ids"] as? [Int]), try #require(object["pieces"] as? [String]))
    }

    @Test(.enabled(if: Fixtures.available, Fixtures.skipReason))
    func jsonGivesLlamaCppIDsAndPieces() throws {
        let run = try CommandRun.medsweep("tokenize", Fixtures.vocabularyFile, "--text", "The patient presented with acute myocardial infarction.", "--json")
        #expect(run.status == 0)
        #expect(run.standardOutput.split(separator: "\n").count == 1)
        let (ids, pieces) = try Self.parse(run)
        #expect(ids == [415, 7749, 7567, 395, 1183, 1723, 586, 402, 488, 505, 4319, 283, 445, 28723])
        #expect(pieces.count == ids.count)
        #expect(pieces.prefix(2) == ["▁The", "▁patient"])
        #expect(pieces.last == ".")

        let empty = try CommandRun.medsweep("tokenize", Fixtures.vocabularyFile, "--text", "", "--json")
        #expect(empty.standardOutput == "{\"ids\": [], \"pieces\": []}\n")
    }

    @Test(.enabled(if: Fixtures.available, Fixtures.skipReason))
    func bosIsAddedOnlyWithTheFlag() throws {
        let without = try Self.parse(CommandRun.medsweep("tokenize", Fixtures.vocabularyFile, "--text", "Answer: B", "--json"))
        #expect(without.ids == [26307, 28747, 365])
        let with = try Self.parse(CommandRun.medsweep("tokenize", Fixtures.vocabularyFile, "--text", "Answer: B", "--bos", "--json"))
        #expect(with.ids == [1, 26307, 28747, 365])
        #expect(with.pieces == ["<s>", "▁Answer", ":", "▁B"])
        // A literal "<s>" in the text is text.
        let literal = try Self.parse(CommandRun.medsweep("tokenize", Fixtures.vocabularyFile, "--text", "<s>", "--json"))
        #expect(literal.ids == [523, 28713, 28767])
    }

    @Test(.enabled(if: Fixtures.available, Fixtures.skipReason))
    func fileGivesTheSameIDsAsText() throws {
        let text = "line one\nline two 𠀋"
        let path = temporaryPath("prompt.txt")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try Self.parse(CommandRun.medsweep("tokenize", Fixtures.vocabularyFile, "--file", path, "--json"))
        let fromText = try Self.parse(CommandRun.medsweep("tokenize", Fixtures.vocabularyFile, "--text", text, "--json"))
        #expect(fromFile.ids == fromText.ids)
        #expect(fromFile.pieces.contains("<0x0A>"))
        #expect(fromFile.pieces.suffix(4) == ["<0xF0>", "<0xA0>", "<0x80>", "<0x8B>"])
    }

    @Test(.enabled(if: Fixtures.available, Fixtures.skipReason))
    func tablePrintsOneAlignedLinePerToken() throws {
        let run = try CommandRun.medsweep("tokenize", Fixtures.vocabularyFile, "--text", "Answer: B\n", "--bos")
        #expect(run.status == 0)
        let lines = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines == ["    1  <s>", "26307  ▁Answer", "28747  :", "  365  ▁B", "   13  <0x0A>"])
    }

    @Test func badModelFilesExitWithStatusTwo() throws {
        let missing = try CommandRun.medsweep("tokenize", "/nonexistent/model.gguf", "--text", "a")
        #expect(missing.status == 2)
        #expect(missing.standardOutput.isEmpty)
        #expect(missing.standardError == "medsweep: error: /nonexistent/model.gguf: no such file\n")

        // A valid GGUF file without a vocabulary.
        var writer = GGUFWriter()
        writer.metadata["general.architecture"] = .string("llama")
        let path = temporaryPath("no-vocabulary.gguf")
        try writer.write(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let noVocabulary = try CommandRun.medsweep("tokenize", path, "--text", "a")
        #expect(noVocabulary.status == 2)
        #expect(noVocabulary.standardError.contains("\(path): metadata key tokenizer.ggml.model is missing"))

        var gpt2 = GGUFWriter()
        gpt2.metadata["tokenizer.ggml.model"] = .string("gpt2")
        gpt2.metadata["tokenizer.ggml.tokens"] = .array(.string, [.string("a")])
        let gpt2Path = temporaryPath("gpt2.gguf")
        try gpt2.write(to: gpt2Path)
        defer { try? FileManager.default.removeItem(atPath: gpt2Path) }
        let noMerges = try CommandRun.medsweep("tokenize", gpt2Path, "--text", "a", "--json")
        #expect(noMerges.status == 2)
        #expect(noMerges.standardOutput.isEmpty)
        #expect(noMerges.standardError.contains("\(gpt2Path): metadata key tokenizer.ggml.merges is missing"))

        var bert = GGUFWriter()
        bert.metadata["tokenizer.ggml.model"] = .string("bert")
        let bertPath = temporaryPath("bert.gguf")
        try bert.write(to: bertPath)
        defer { try? FileManager.default.removeItem(atPath: bertPath) }
        let other = try CommandRun.medsweep("tokenize", bertPath, "--text", "a")
        #expect(other.status == 2)
        #expect(other.standardError.contains("tokenizer.ggml.model is 'bert'; supported: 'llama' (SentencePiece), 'gpt2' (byte-level BPE)"))
    }

    /// Byte-level BPE files: llama.cpp's ids; --as-prompt adds BOS as the file says (Llama 3's
    /// pre-tokenizer asks for it, GPT-2's does not), --bos always.
    @Test(.enabled(if: Fixtures.available, Fixtures.skipReason))
    func bytePairVocabulariesTokenizeAsLlamaCpp() throws {
        let llama3 = Fixtures.bytePairVocabularyFile("llama-bpe"), gpt2 = Fixtures.bytePairVocabularyFile("gpt-2")
        let plain = try Self.parse(CommandRun.medsweep("tokenize", llama3, "--text", "Answer: B", "--json"))
        #expect(plain.ids == [16533, 25, 426])
        #expect(plain.pieces == ["Answer", ":", "ĠB"])
        let prompt = try Self.parse(CommandRun.medsweep("tokenize", llama3, "--text", "Answer: B", "--as-prompt", "--json"))
        #expect(prompt.ids == [128000, 16533, 25, 426])
        #expect(prompt.pieces.first == "<|begin_of_text|>")
        let gpt2Prompt = try Self.parse(CommandRun.medsweep("tokenize", gpt2, "--text", " patient", "--as-prompt", "--json"))
        #expect(gpt2Prompt.ids == [5827])
        let gpt2BOS = try Self.parse(CommandRun.medsweep("tokenize", gpt2, "--text", " patient", "--bos", "--json"))
        #expect(gpt2BOS.ids == [50256, 5827])

        let table = try CommandRun.medsweep("tokenize", gpt2, "--text", "a\nb")
        #expect(table.status == 0)
        #expect(table.standardOutput.split(separator: "\n") == [" 64  a", "198  Ċ", " 65  b"])

        let both = try CommandRun.medsweep("tokenize", gpt2, "--text", "a", "--bos", "--as-prompt")
        #expect(both.status == 64)
        #expect(both.standardError.contains("Give at most one of --bos and --as-prompt."))
    }

    /// --as-prompt with a SentencePiece file: BOS, as Mistral's file asks.
    @Test(.enabled(if: Fixtures.available, Fixtures.skipReason))
    func promptAddsBOSAsTheFileSays() throws {
        let prompt = try Self.parse(CommandRun.medsweep("tokenize", Fixtures.vocabularyFile, "--text", "Answer: B", "--as-prompt", "--json"))
        #expect(prompt.ids == [1, 26307, 28747, 365])
    }

    @Test(.enabled(if: Fixtures.available, Fixtures.skipReason))
    func unreadableTextFileExitsWithStatusTwo() throws {
        let run = try CommandRun.medsweep("tokenize", Fixtures.vocabularyFile, "--file", "/nonexistent/prompt.txt")
        #expect(run.status == 2)
        #expect(run.standardError.contains("medsweep: error: /nonexistent/prompt.txt: no such file"))
    }

    @Test func exactlyOneOfTextAndFileIsRequired() throws {
        for arguments in [["tokenize", "model.gguf"], ["tokenize", "model.gguf", "--text", "a", "--file", "b.txt"]] {
            let run = try CommandRun.run(CommandRun.medsweep, arguments)
            #expect(run.status == 64)
            #expect(run.standardOutput.isEmpty)
            #expect(run.standardError.contains("Give exactly one of --text and --file."))
            #expect(run.standardError.contains("Usage: medsweep tokenize"))
        }
    }

    @Test func helpDocumentsTheCommand() throws {
        let help = try CommandRun.medsweep("tokenize", "--help")
        #expect(help.status == 0)
        for option in ["--text", "--file", "--bos", "--as-prompt", "--json", "\"ids\"", "\"pieces\"", "byte-level", "tokenizer.ggml.pre"] {
            #expect(help.standardOutput.contains(option))
        }
        #expect(try CommandRun.medsweep("--help").standardOutput.contains("tokenize"))
    }
}
