import Engine
import Foundation
import GGUF
import Testing
import TestSupport

/// The byte-level BPE tokenizer against llama.cpp's ids on llama.cpp's own test vocabularies
/// (`../shared/fixtures/vocab`: Llama 3, Qwen2, GPT-2): its test texts, the 58 medical and
/// multilingual cases, decoding, and the time a 3-shot prompt takes.
@Suite(.enabled(if: Fixtures.available, Fixtures.skipReason), .offThePool)
struct BytePairFixtureTests {
    /// Each vocabulary's tokenizer, read once.
    static let tokenizers: [String: Result<BytePairTokenizer, any Error>] = Dictionary(
        uniqueKeysWithValues: Fixtures.bytePairVocabularies.map { name in
            (name, Result { try BytePairTokenizer(file: GGUFFile(path: Fixtures.bytePairVocabularyFile(name))) })
        })

    static func tokenizer(_ name: String) throws -> BytePairTokenizer {
        try #require(tokenizers[name]).get()
    }

    /// Every reference text of a vocabulary: llama.cpp's test file, then the cases.
    static func references(_ name: String) -> [Fixtures.ReferenceTokens] {
        Fixtures.llamaCppVocabularyTests(name) + Fixtures.bytePairCases(name)
    }

    static let allReferences: [(String, Fixtures.ReferenceTokens)] = Fixtures.bytePairVocabularies.flatMap { name in
        references(name).map { (name, $0) }
    }

    @Test func vocabulariesReadAsLlamaCppReadsThem() throws {
        let llama3 = try Self.tokenizer("llama-bpe").vocabulary
        #expect(llama3.count == 128256 && llama3.profile.preTokenizer == .llama3 && llama3.profile.ignoresMerges)
        #expect(llama3.addsBOS && llama3.bosID == 128000 && llama3.eosID == 128001 && llama3.unknownID == nil)
        #expect(llama3.tokens[128000] == "<|begin_of_text|>" && llama3.types[128000] == .control)

        let qwen2 = try Self.tokenizer("qwen2").vocabulary
        #expect(qwen2.count == 151936 && qwen2.profile.preTokenizer == .qwen2 && !qwen2.profile.ignoresMerges)
        #expect(!qwen2.addsBOS && qwen2.bosID == 151643)
        #expect(qwen2.types[151646] == .userDefined && qwen2.tokens[151646] == "[PAD151646]")

        let gpt2 = try Self.tokenizer("gpt-2").vocabulary
        #expect(gpt2.count == 50257 && gpt2.profile.preTokenizer == .gpt2 && !gpt2.addsBOS && gpt2.bosID == 50256)
        #expect(gpt2.id(of: "Ġpatient") == 5827)
        for name in Fixtures.bytePairVocabularies {
            #expect(Self.references(name).count >= 46 + 58, "reference texts of \(name)")
        }
    }

    @Test(arguments: allReferences)
    func givesLlamaCppIDs(_ vocabulary: String, _ reference: Fixtures.ReferenceTokens) throws {
        let ids = try Self.tokenizer(vocabulary).encode(reference.text)
        #expect(ids == reference.llamaCppIDs, "\(vocabulary)")
    }

    /// Prints the agreement counts per vocabulary and source (the figures the notes quote).
    @Test func agreementCountsPerVocabulary() throws {
        for name in Fixtures.bytePairVocabularies {
            let tokenizer = try Self.tokenizer(name)
            for (source, references) in [("llama.cpp test texts", Fixtures.llamaCppVocabularyTests(name)), ("cases", Fixtures.bytePairCases(name))] {
                let equal = references.filter { tokenizer.encode($0.text) == $0.llamaCppIDs }.count
                print("byte-level BPE \(name), \(source): \(equal)/\(references.count) texts give llama.cpp's ids")
                #expect(equal == references.count)
            }
        }
    }

    /// The bytes of a text's tokens, one token at a time, are the text's bytes, for every
    /// reference text; the decoded text is the text itself where the vocabulary does not clean
    /// spaces (Qwen2), and the text with llama.cpp's space clean-up applied where it does
    /// (GPT-2, Llama 3: " ," becomes ",").
    @Test(arguments: allReferences)
    func decodingGivesTheTextBack(_ vocabulary: String, _ reference: Fixtures.ReferenceTokens) throws {
        let tokenizer = try Self.tokenizer(vocabulary)
        let ids = tokenizer.encode(reference.text)
        #expect(ids.flatMap { tokenizer.decodedBytes(ofToken: $0) } == Array(reference.text.utf8))
        let decoded = tokenizer.decode(ids)
        if tokenizer.vocabulary.profile.cleansSpaces {
            let changes = [" ?", " !", " .", " ,", " 's", " 'm", " 're", " 've", " ' "].contains { reference.text.contains($0) }
            #expect(changes || decoded == reference.text)
        } else {
            #expect(decoded == reference.text)
        }
    }

    /// BOS, then the text; special tokens hidden unless rendered; control texts in the text
    /// stay text.
    @Test func specialTokensAreNotParsedAndDecodeToNothing() throws {
        let llama3 = try Self.tokenizer("llama-bpe")
        #expect(llama3.encode("Answer: B", addingBOS: true) == [128000, 16533, 25, 426])
        #expect(llama3.encode("", addingBOS: true) == [128000])
        #expect(llama3.encode("") == [])
        #expect(llama3.decode([128000, 16533, 25, 426]) == "Answer: B")
        #expect(llama3.decode([128000, 16533, 25, 426], renderingSpecialTokens: true) == "<|begin_of_text|>Answer: B")
        let literal = llama3.encode("<|begin_of_text|>")
        #expect(!literal.contains(128000) && literal.count > 1)
        #expect(llama3.decode(literal) == "<|begin_of_text|>")
        #expect(llama3.decodedBytes(ofToken: 128009).isEmpty)   // <|eot_id|>, a control token
        #expect(llama3.decodedBytes(ofToken: -1).isEmpty && llama3.decodedBytes(ofToken: 128256).isEmpty)
        #expect(llama3.decode([9906, 999_999, 1917]) == "Hello world")
    }

    /// Qwen2's user-defined "[PAD…]" tokens are cut out of the text, as llama.cpp does even
    /// when special tokens are not parsed, and decode to their text.
    @Test func userDefinedTokensAreCutOut() throws {
        let qwen2 = try Self.tokenizer("qwen2")
        let ids = qwen2.encode("a[PAD151650]b")
        #expect(ids.contains(151650))
        #expect(ids.count == 3)
        #expect(qwen2.decode(ids) == "a[PAD151650]b")
    }

    /// A rare character no token holds whole still gives tokens for all its bytes.
    @Test func piecesAndBytes() throws {
        let gpt2 = try Self.tokenizer("gpt-2")
        let ids = gpt2.encode(" patient 𠀋")
        #expect(ids.first == 5827)
        #expect(gpt2.piece(for: 5827) == "Ġpatient")
        #expect(gpt2.decode(ids) == " patient 𠀋")
        #expect(gpt2.decode(ids.dropLast()).hasSuffix("\u{FFFD}"))
    }

    /// A 3-shot prompt of about 1,000 tokens (the fixtures' 3-shot prompt, repeated until it
    /// is), timed per vocabulary. Printed, not asserted.
    @Test func timesAThreeShotPrompt() throws {
        let prompt = try #require(Fixtures.prompts().first { $0.id == "mcq3shot_en" })
        let clock = ContinuousClock()
        for name in Fixtures.bytePairVocabularies {
            let tokenizer = try Self.tokenizer(name)
            var text = prompt.text
            while tokenizer.encode(text).count < 1000 { text += "\n" + prompt.text }
            var best = Duration.seconds(1000)
            var count = 0
            for _ in 0 ..< 20 {
                let elapsed = clock.measure { count = tokenizer.encode(text, addingBOS: true).count }
                best = min(best, elapsed)
            }
            #expect(count > 1000)
            print("byte-level BPE \(name): \(count) tokens of a 3-shot prompt in \(best) (best of 20)")
        }
    }
}
