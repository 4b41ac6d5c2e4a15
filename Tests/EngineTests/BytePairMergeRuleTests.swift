@testable import Engine
import GGUF
import Testing

/// The byte-level BPE merge rules, cut-outs and decoding on hand-made vocabularies (the
/// alphabet, then a few tokens; see ``BytePairVocabularyTests/metadata(merges:extra:pre:)``).
@Suite struct BytePairMergeRuleTests {
    static func tokenizer(merges: [String], extra: [(String, Int32)] = [], pre: String = "gpt-2") throws -> BytePairTokenizer {
        try BytePairTokenizer(metadata: BytePairVocabularyTests.metadata(merges: merges, extra: extra, pre: pre))
    }

    static func pieces(_ tokenizer: BytePairTokenizer, _ text: String) -> [String] {
        tokenizer.encode(text).map { tokenizer.piece(for: $0) }
    }

    /// GPT-2's construction: printable bytes stand for themselves, the others for 256, 257, ...
    /// in byte order; and back.
    @Test func theAlphabetIsGPT2s() {
        var next: UInt32 = 256
        for byte in 0 ... 255 {
            let printable = (0x21 ... 0x7E).contains(byte) || (0xA1 ... 0xAC).contains(byte) || (0xAE ... 0xFF).contains(byte)
            let expected = printable ? UInt32(byte) : next
            if !printable { next += 1 }
            #expect(ByteLevelAlphabet.codePoint(of: UInt8(byte)) == expected)
            #expect(ByteLevelAlphabet.byte(for: expected) == UInt8(byte))
        }
        #expect(next == 256 + 68)
        for outside: UInt32 in [0x20, 0x7F, 0xAD, 0x144, 0x2581] { #expect(ByteLevelAlphabet.byte(for: outside) == nil) }
        var text: [UInt8] = []
        ByteLevelAlphabet.appendCharacter(of: 0x20, to: &text)
        ByteLevelAlphabet.appendCharacter(of: 0x61, to: &text)
        #expect(text == Array("Ġa".utf8))
    }

    @Test func theLowestRankMergesFirst() throws {
        let tokenizer = try Self.tokenizer(merges: ["b a", "a b"], extra: [("ab", 1), ("ba", 1)])
        #expect(Self.pieces(tokenizer, "aba") == ["a", "ba"])
    }

    @Test func equalRanksMergeLeftmostFirst() throws {
        let tokenizer = try Self.tokenizer(merges: ["a a"], extra: [("aa", 1)])
        #expect(Self.pieces(tokenizer, "aaa") == ["aa", "a"])
        #expect(Self.pieces(tokenizer, "aaaa") == ["aa", "aa"])
    }

    /// Merges chain, and a queued pair a merge has made stale is skipped.
    @Test func mergesChainAndStalePairsAreSkipped() throws {
        let tokenizer = try Self.tokenizer(merges: ["a b", "b c", "ab c"], extra: [("ab", 1), ("bc", 1), ("abc", 1)])
        #expect(Self.pieces(tokenizer, "abc") == ["abc"])
        #expect(Self.pieces(tokenizer, "bcabc") == ["bc", "abc"])
    }

    /// The ranks decide, not the tokens: no merge, no token, even when the word is one.
    @Test func onlyMergesJoinSymbols() throws {
        let tokenizer = try Self.tokenizer(merges: ["a b"], extra: [("ab", 1), ("abc", 1)])
        #expect(Self.pieces(tokenizer, "abc") == ["ab", "c"])
        // Llama 3's names take a word that is a token whole (llama.cpp's ignore_merges).
        let llama3 = try Self.tokenizer(merges: ["a b"], extra: [("ab", 1), ("abc", 1)], pre: "llama-bpe")
        #expect(Self.pieces(llama3, "abc") == ["abc"])
        #expect(Self.pieces(llama3, "abcab") == ["ab", "c", "ab"])
    }

    /// A merge whose result is no token leaves a symbol that falls back to the tokens of its
    /// single bytes; a byte with no token of its own is dropped, as llama.cpp drops it.
    @Test func symbolsThatAreNoTokenFallBackToSingleBytes() throws {
        let tokenizer = try Self.tokenizer(merges: ["a b", "ab c"], extra: [("abc", 1)])
        #expect(Self.pieces(tokenizer, "abc") == ["abc"])
        #expect(Self.pieces(tokenizer, "abd") == ["a", "b", "d"])

        // "é" is C3 A9, "Ã©" in the alphabet; without "Ã" only "©" is left.
        var metadata = BytePairVocabularyTests.metadata(merges: [])
        var tokens = try #require(metadata["tokenizer.ggml.tokens"]?.arrayElements)
        tokens[0xC3] = .string("[EMPTY-ish]")
        metadata["tokenizer.ggml.tokens"] = .array(.string, tokens)
        let missing = try BytePairTokenizer(metadata: metadata)
        #expect(Self.pieces(missing, "é") == ["©"])
    }

    /// User-defined tokens are cut out of the text first (longest first); control tokens are
    /// text. Tokens that look like an end of turn are control tokens whatever their type, and
    /// gpt-oss's channel markers user-defined, as llama.cpp corrects them.
    @Test func userDefinedTokensAreCutOutAndControlTokensAreText() throws {
        let tokenizer = try Self.tokenizer(
            merges: [], extra: [("<x>", 4), ("<x><x>", 4), ("<c>", 3), ("<|im_end|>", 1), ("<|channel|>", 1)])
        #expect(tokenizer.encode("a<x><x>b<x>") == [97, 257, 98, 256])
        #expect(tokenizer.decode([97, 257, 98, 256]) == "a<x><x>b<x>")
        #expect(tokenizer.encode("<c>") == [60, 99, 62])
        #expect(tokenizer.decodedBytes(ofToken: 258).isEmpty)
        #expect(tokenizer.decode([258], renderingSpecialTokens: true) == "<c>")
        // "<|im_end|>" is typed normal in this file, but llama.cpp makes it a control token.
        #expect(tokenizer.decodedBytes(ofToken: 259).isEmpty)
        #expect(!tokenizer.encode("<|im_end|>").contains(259))
        // "<|channel|>" is typed normal, but llama.cpp makes it user-defined: cut out.
        #expect(tokenizer.encode("a<|channel|>") == [97, 260])
        #expect(tokenizer.decodedBytes(ofToken: 260) == Array("<|channel|>".utf8))
    }

    /// Byte tokens ("<0x0A>") decode to their byte; a normal token with characters outside the
    /// alphabet decodes as llama.cpp writes it.
    @Test func tokenBytes() throws {
        let tokenizer = try Self.tokenizer(merges: [], extra: [("<0x0A>", 6), ("ab→", 1)])
        #expect(tokenizer.decodedBytes(ofToken: 256) == [0x0A])
        #expect(tokenizer.decodedBytes(ofToken: 257) == Array("ab[UNK_BYTE_0xe28692ab→]".utf8))
        #expect(tokenizer.decodedBytes(ofToken: 0x20) == [0x20])
        #expect(tokenizer.decodedBytes(ofToken: 0xA0) == [0xA0])
    }

    /// llama.cpp's space clean-up on decoding, for pre-tokenizers that ask for it.
    @Test func decodingCleansSpacesWhereThePreTokenizerAsks() throws {
        let gpt2 = try Self.tokenizer(merges: [])
        let text = "Hello , world ! I 'm sure it 's a ' b ' c 'll do ?"
        // As llama.cpp's llama_detokenize gives it with GPT-2's vocabulary.
        #expect(gpt2.decode(gpt2.encode(text)) == "Hello, world! I'm sure it's a'b'c 'll do?")
        let qwen2 = try Self.tokenizer(merges: [], pre: "qwen2")
        #expect(qwen2.decode(qwen2.encode(text)) == text)
        // llama.cpp zeroes the space after a stripped apostrophe, so the next one keeps its spaces.
        for (text, cleaned) in [(" ' ' x", "'' x"), ("x ' ' y", "x'' y")] {
            var bytes = Array(text.utf8)
            SpaceCleanup.clean(&bytes)
            #expect(bytes == Array(cleaned.utf8))
        }
    }

    /// Invalid UTF-8 reads as U+FFFD, one per bad byte, as llama.cpp reads it.
    @Test func invalidUTF8ReadsAsReplacementCharacters() throws {
        let tokenizer = try Self.tokenizer(merges: [])
        let ids = [UInt8]([0x61, 0xFF, 0x62]).withUnsafeBufferPointer { tokenizer.encode(utf8: $0) }
        #expect(tokenizer.decode(ids) == "a\u{FFFD}b")
        // Overlong forms and surrogates are taken as they come; a lead byte without its
        // continuation is U+FFFD.
        let bytes: [UInt8] = [0xC3, 0xA9, 0xC3, 0x41, 0xED, 0xA0, 0x80, 0xC0, 0x80]
        #expect(bytes.withUnsafeBufferPointer { LenientUTF8.codePoints(of: $0) } == [0xE9, 0xFFFD, 0x41, 0xD800, 0])
    }
}
