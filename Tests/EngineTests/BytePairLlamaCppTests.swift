import Engine
import Foundation
import GGUF
import Testing
import TestSupport

/// The byte-level BPE tokenizer against llama.cpp itself (llama-cpp-python, the build the
/// fixtures came from), where no fixture file has the answers: every supported
/// `tokenizer.ggml.pre` name (GPT-2's vocabulary written again with that name) on all the
/// reference texts and on bytes that are not valid UTF-8, and llama.cpp's detokenizer on
/// every vocabulary.
@Suite(
    .enabled(if: Fixtures.available, Fixtures.skipReason),
    .enabled(if: LlamaCppPython.executable != nil, LlamaCppPython.skipReason),
    .offThePool)
struct BytePairLlamaCppTests {
    /// Reads {"files": [{"path", "texts": [hex], "decode": [[id]]}]} from standard input and
    /// prints, per file, llama.cpp's ids of each text without and with special tokens added,
    /// and the hex bytes of llama_detokenize of each id list without and with special tokens
    /// rendered.
    static let script = """
        import sys, json, ctypes, llama_cpp
        llama_cpp.llama_backend_init()
        request = json.load(sys.stdin)
        results = []
        for entry in request["files"]:
            params = llama_cpp.llama_model_default_params()
            params.vocab_only = True
            model = llama_cpp.llama_model_load_from_file(entry["path"].encode(), params)
            if not model:
                sys.exit("cannot load " + entry["path"])
            vocab = llama_cpp.llama_model_get_vocab(model)
            result = {"tokens": [], "prompt": [], "decoded": [], "decodedSpecial": []}
            for text in entry["texts"]:
                data = bytes.fromhex(text)
                capacity = len(data) + 8
                ids = (llama_cpp.llama_token * capacity)()
                for key, special in (("tokens", False), ("prompt", True)):
                    n = llama_cpp.llama_tokenize(vocab, data, len(data), ids, capacity, special, False)
                    result[key].append(list(ids[:n]))
            for id_list in entry["decode"]:
                ids = (llama_cpp.llama_token * max(1, len(id_list)))(*id_list)
                buffer = ctypes.create_string_buffer(64 * len(id_list) + 64)
                for key, special in (("decoded", False), ("decodedSpecial", True)):
                    n = llama_cpp.llama_detokenize(vocab, ids, len(id_list), buffer, len(buffer), False, special)
                    result[key].append(buffer.raw[:n].hex())
            llama_cpp.llama_model_free(model)
            results.append(result)
        print(json.dumps(results))
        """

    struct Answer {
        let tokens: [[Int32]]
        let prompt: [[Int32]]
        let decoded: [[UInt8]]
        let decodedSpecial: [[UInt8]]
    }

    /// llama.cpp's answers for each (file, texts, id lists).
    static func askLlamaCpp(_ files: [(path: String, texts: [[UInt8]], decode: [[Int32]])]) throws -> [Answer] {
        let request: [String: Any] = ["files": files.map { file in
            ["path": file.path, "texts": file.texts.map(hex), "decode": file.decode.map { $0.map(Int.init) }] as [String: Any]
        }]
        let input = String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self)
        let run = try CommandRun.run(try #require(LlamaCppPython.executable), ["-c", script], input: input)
        try #require(run.status == 0, "llama_cpp failed: \(run.standardError.suffix(2000))")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [[String: Any]])
        return try results.map { result in
            func ids(_ key: String) throws -> [[Int32]] {
                try #require(result[key] as? [[NSNumber]]).map { $0.map(\.int32Value) }
            }
            func bytes(_ key: String) throws -> [[UInt8]] {
                try #require(result[key] as? [String]).map(unhex)
            }
            return Answer(tokens: try ids("tokens"), prompt: try ids("prompt"), decoded: try bytes("decoded"),
                          decodedSpecial: try bytes("decodedSpecial"))
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    static func unhex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index ..< next], radix: 16)!)
            index = next
        }
        return bytes
    }

    /// Texts no fixture has: invalid UTF-8 (a stray byte, a cut sequence, a surrogate, an
    /// overlong form), white space of every kind, non-ASCII digits, marks, a Unicode 16 letter.
    static let extraTexts: [[UInt8]] = [
        [0x61, 0xFF, 0x62], [0xC3], [0xE2, 0x82], [0x20, 0xED, 0xA0, 0x80, 0x21], [0xC0, 0x80, 0x31, 0x32, 0x33, 0x34],
    ] + [
        "\r\n\r\n x", "a\u{00A0}b \u{3000}c\u{0085}d\u{2028}", "  \n\t \n  x  ", "WE'VE we'Ll I'D", "١٢٣٤ Ⅻ ¼½ ２０２４",
        "e\u{0301}te\u{0301}", "a\u{1C89}b 1\u{1C89}2", "x:=y||z<=>$5^~`q`", "'''s 're", "...!!!???", "\u{1F600}\u{1F600} 🦙.cpp",
        "<|endoftext|><|im_start|>user", " ", "", "1234567890 123",
    ].map { Array($0.utf8) }

    static func references() -> [[UInt8]] {
        let texts = Fixtures.bytePairVocabularies.flatMap { Fixtures.llamaCppVocabularyTests($0) + Fixtures.bytePairCases($0) }.map(\.text)
        var seen = Set<String>()
        return texts.filter { seen.insert($0).inserted }.map { Array($0.utf8) } + extraTexts
    }

    static func encode(_ tokenizer: ModelTokenizer, _ bytes: [UInt8], prompt: Bool) -> [Int32] {
        bytes.withUnsafeBufferPointer { prompt ? tokenizer.promptTokens(utf8: $0) : tokenizer.encode(utf8: $0, addingBOS: false) }
    }

    /// Every supported pre-tokenizer name, on GPT-2's vocabulary with that name, gives
    /// llama.cpp's ids for every text, with and without the special tokens the name implies.
    @Test func everyPreTokenizerNameGivesLlamaCppIDs() throws {
        let source = try GGUFFile(path: Fixtures.bytePairVocabularyFile("gpt-2")).metadata
        let texts = Self.references()
        var files: [(path: String, texts: [[UInt8]], decode: [[Int32]])] = []
        defer { for file in files { try? FileManager.default.removeItem(atPath: file.path) } }
        for profile in PreTokenizerProfile.known {
            var metadata = source
            metadata["tokenizer.ggml.pre"] = .string(profile.name)
            let path = temporaryPath("gpt-2-as-\(profile.name).gguf")
            try GGUFWriter(metadata: metadata).write(to: path)
            files.append((path, texts, []))
        }
        let answers = try Self.askLlamaCpp(files)
        for (profile, (file, answer)) in zip(PreTokenizerProfile.known, zip(files, answers)) {
            let tokenizer = try ModelTokenizer(file: GGUFFile(path: file.path))
            var equal = 0
            for (index, text) in texts.enumerated() {
                let ids = Self.encode(tokenizer, text, prompt: false), prompt = Self.encode(tokenizer, text, prompt: true)
                if ids == answer.tokens[index] && prompt == answer.prompt[index] {
                    equal += 1
                } else {
                    Issue.record("\(profile.name): \(String(decoding: text, as: UTF8.self).debugDescription) gives \(ids), llama.cpp \(answer.tokens[index]) (with special tokens: \(prompt), \(answer.prompt[index]))")
                }
            }
            print("pre-tokenizer \(profile.name) (\(profile.preTokenizer)) on GPT-2's vocabulary: \(equal)/\(texts.count) texts give llama.cpp's ids")
        }
    }

    /// llama.cpp's detokenizer, special tokens hidden and rendered, on each vocabulary's ids
    /// of every text, plus BOS and EOS around them.
    @Test func decodingIsLlamaCpps() throws {
        let texts = Self.references()
        var files: [(path: String, texts: [[UInt8]], decode: [[Int32]])] = []
        var tokenizers: [ModelTokenizer] = []
        var paths = Fixtures.bytePairVocabularies.map(Fixtures.bytePairVocabularyFile)
        if RealModels.smolLM2Available { paths.append(RealModels.smolLM2Path) }
        for path in paths {
            let tokenizer = try ModelTokenizer(file: GGUFFile(path: path))
            tokenizers.append(tokenizer)
            let idLists = texts.map { [tokenizer.bosID] + Self.encode(tokenizer, $0, prompt: false) + [tokenizer.eosID] }
            files.append((path, [], idLists + texts.map { Self.encode(tokenizer, $0, prompt: false) }))
        }
        let answers = try Self.askLlamaCpp(files)
        for (path, (file, (tokenizer, answer))) in zip(paths, zip(files, zip(tokenizers, answers))) {
            var equal = 0
            for (index, ids) in file.decode.enumerated() {
                let plain = tokenizer.decodeBytes(ids), rendered = tokenizer.decodeBytes(ids, renderingSpecialTokens: true)
                if plain == answer.decoded[index] && rendered == answer.decodedSpecial[index] {
                    equal += 1
                } else {
                    Issue.record("\(path): \(ids) decodes to \(String(decoding: plain, as: UTF8.self).debugDescription), llama.cpp \(String(decoding: answer.decoded[index], as: UTF8.self).debugDescription)")
                }
            }
            print("decoding with \(URL(fileURLWithPath: path).lastPathComponent): \(equal)/\(file.decode.count) id lists as llama.cpp")
        }
    }
}
