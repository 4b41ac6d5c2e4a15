@testable import Engine
import Testing

/// The pre-tokenizers' word cutting, pattern by pattern, and the character classes they read.
/// (Whole vocabularies against llama.cpp are in `BytePairFixtureTests` and
/// `BytePairLlamaCppTests`.)
@Suite struct PreTokenizerTests {
    @Test func digitsGroupAsEachPatternSays() {
        let text = "I'm 12345 years"
        #expect(PreTokenizer.llama3.words(of: text) == ["I", "'m", " ", "123", "45", " years"])
        #expect(PreTokenizer.qwen2.words(of: text) == ["I", "'m", " ", "1", "2", "3", "4", "5", " years"])
        #expect(PreTokenizer.gpt2.words(of: text) == ["I", "'m", " 12345", " years"])
        #expect(PreTokenizer.smolLM.words(of: text) == ["I", "'m", " ", "1", "2", "3", "4", "5", " years"])
        // Punctuation runs first, then GPT-2's pattern, digit runs, ASCII digit triples.
        #expect(PreTokenizer.default.words(of: text) == ["I", "'", "m", " ", "123", "45", " years"])
    }

    /// Llama 3's contractions ignore case; GPT-2's do not.
    @Test func contractions() {
        #expect(PreTokenizer.llama3.words(of: "WE'VE it's") == ["WE", "'VE", " it", "'s"])
        #expect(PreTokenizer.gpt2.words(of: "WE'VE it's") == ["WE", "'", "VE", " it", "'s"])
    }

    /// White space runs leave their last character to the next word; Llama 3 cuts them after
    /// their last line break and lets punctuation take the line breaks that follow it.
    @Test func whitespace() {
        #expect(PreTokenizer.gpt2.words(of: "a   b") == ["a", "  ", " b"])
        #expect(PreTokenizer.llama3.words(of: "a   b") == ["a", "  ", " b"])
        #expect(PreTokenizer.gpt2.words(of: "Hi!\n\nOk") == ["Hi", "!", "\n", "\n", "Ok"])
        #expect(PreTokenizer.llama3.words(of: "Hi!\n\nOk") == ["Hi", "!\n\n", "Ok"])
        #expect(PreTokenizer.llama3.words(of: "x  \n  y\n") == ["x", "  \n", " ", " y", "\n"])
        #expect(PreTokenizer.llama3.words(of: "\tword") == ["\tword"])
        #expect(PreTokenizer.gpt2.words(of: "end ") == ["end", " "])
        #expect(PreTokenizer.gpt2.words(of: "") == [])
    }

    /// Numbers beyond ASCII: llama.cpp's `\p{N}`; the regex path isolates them too.
    @Test func nonASCIINumbersAndLetters() {
        #expect(PreTokenizer.llama3.words(of: "¼ ½") == ["¼", " ", "½"])
        #expect(PreTokenizer.smolLM.words(of: "x١٢") == ["x", "١", "٢"])
        #expect(PreTokenizer.gpt2.words(of: "naïve 東京") == ["naïve", " 東京"])
        // U+1C89 is a letter since Unicode 16.0, which llama.cpp's tables predate: to it (and
        // so here) it is unassigned, and a word of its own.
        #expect(PreTokenizer.gpt2.words(of: "a\u{1C89}b") == ["a", "\u{1C89}", "b"])
    }

    @Test func characterClassesAreLlamaCpps() {
        #expect(CodePointFlags(0x41) == .letter && CodePointFlags(0x30) == .number)
        #expect(CodePointFlags(0x20) == [.separator, .whitespace] && CodePointFlags(0x0A) == [.control, .whitespace])
        #expect(CodePointFlags(0x60) == .symbol && CodePointFlags(0x27) == .punctuation)
        #expect(CodePointFlags(0x0301) == .mark && CodePointFlags(0x00BD) == .number)
        #expect(CodePointFlags(0x1C89) == .unassigned && CodePointFlags(0xD800) == .control)
        #expect(CodePointFlags(0x110000) == .unassigned && CodePointFlags(0x1F600) == .symbol)
        // White space is Unicode's White_Space: the 25 code points llama.cpp lists, all in the BMP.
        #expect((0 ..< 0x10000).filter { CodePointFlags(UInt32($0)).contains(.whitespace) }.count == 25)
    }

    @Test func everyProfileNameIsUniqueAndDefaultIsKnown() throws {
        let names = PreTokenizerProfile.known.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(try PreTokenizerProfile.named(nil) == PreTokenizerProfile.named("default"))
        #expect(try PreTokenizerProfile.named("smollm").preTokenizer == .smolLM)
        #expect(throws: TokenizerError.unknownPreTokenizer("gemma4")) { try PreTokenizerProfile.named("gemma4") }
        for preTokenizer in PreTokenizer.allCases {
            #expect(PreTokenizerProfile.known.contains { $0.preTokenizer == preTokenizer })
        }
    }
}
