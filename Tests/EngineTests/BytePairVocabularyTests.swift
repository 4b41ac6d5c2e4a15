@testable import Engine
import GGUF
import Testing

/// Reading a byte-level BPE vocabulary from GGUF metadata: llama.cpp's defaults, and a typed
/// error naming the key and the value for every kind of bad metadata. No fixtures needed.
@Suite struct BytePairVocabularyTests {
    /// The 256 characters of the byte-level alphabet, in byte order (token id = byte).
    static let alphabet: [String] = (0 ... 255).map { String(Character(Unicode.Scalar(ByteLevelAlphabet.codePoint(of: UInt8($0)))!)) }

    /// A vocabulary of the alphabet, then `extra` tokens (normal unless typed), with `merges`.
    static func metadata(
        merges: [String], extra: [(String, Int32)] = [], pre: String? = "gpt-2"
    ) -> GGUFMetadata {
        var pairs: [(String, GGUFValue)] = [
            ("tokenizer.ggml.model", .string("gpt2")),
            ("tokenizer.ggml.tokens", .array(.string, (alphabet + extra.map(\.0)).map { .string($0) })),
            ("tokenizer.ggml.token_type", .array(.int32, (alphabet.map { _ in 1 } + extra.map(\.1)).map { .int32($0) })),
            ("tokenizer.ggml.merges", .array(.string, merges.map { .string($0) })),
        ]
        if let pre { pairs.append(("tokenizer.ggml.pre", .string(pre))) }
        return GGUFMetadata(pairs)
    }

    static func error(_ metadata: GGUFMetadata) -> TokenizerError? {
        do throws(TokenizerError) {
            _ = try ModelTokenizer(metadata: metadata)
            return nil
        } catch {
            return error
        }
    }

    static func error(_ change: (inout GGUFMetadata) -> Void) -> TokenizerError? {
        var metadata = metadata(merges: ["a b"], extra: [("ab", 1)])
        change(&metadata)
        return error(metadata)
    }

    @Test func defaultsAreLlamaCppsForBytePairVocabularies() throws {
        let vocabulary = try BytePairVocabulary(metadata: Self.metadata(merges: ["a b"], extra: [("ab", 1)]))
        #expect(vocabulary.count == 257)
        // llama.cpp's BPE defaults: BOS and EOS 11, no unknown token, no BOS for GPT-2's names.
        #expect(vocabulary.bosID == 11 && vocabulary.eosID == 11 && vocabulary.unknownID == nil)
        #expect(!vocabulary.addsBOS && !vocabulary.addsEOS && !vocabulary.addsSpacePrefix)
        #expect(vocabulary.profile.name == "gpt-2" && vocabulary.preTokenizer == .gpt2)
        #expect(vocabulary.id(of: "ab") == 256 && vocabulary.id(of: "Ġ") == 32)

        // Llama 3's names ask for BOS and ignore merges; the file's add_bos_token wins.
        let llama3 = try BytePairVocabulary(metadata: Self.metadata(merges: [], pre: "llama-bpe"))
        #expect(llama3.addsBOS && llama3.profile.ignoresMerges && llama3.preTokenizer == .llama3)
        var noBOS = Self.metadata(merges: [], pre: "llama3")
        noBOS["tokenizer.ggml.add_bos_token"] = .bool(false)
        #expect(try !BytePairVocabulary(metadata: noBOS).addsBOS)
        var withEOS = Self.metadata(merges: [])
        withEOS["tokenizer.ggml.add_eos_token"] = .bool(true)
        withEOS["tokenizer.ggml.eos_token_id"] = .uint32(33)
        let eosTokenizer = try ModelTokenizer(metadata: withEOS)
        // The file's add_eos_token is read, but a prompt never ends in EOS: the model continues it.
        #expect(eosTokenizer.addsEOS && eosTokenizer.eosID == 33)
        #expect(eosTokenizer.promptTokens("a") == [97])

        // A missing tokenizer.ggml.pre is llama.cpp's "default" pre-tokenizer.
        let missing = try BytePairVocabulary(metadata: Self.metadata(merges: [], pre: nil))
        #expect(missing.profile.name == "default" && missing.preTokenizer == .default && missing.profile.cleansSpaces)
        #expect(try BytePairVocabulary(metadata: Self.metadata(merges: [], pre: "smollm")).preTokenizer == .smolLM)
        #expect(try BytePairVocabulary(metadata: Self.metadata(merges: [], pre: "qwen2")).profile.cleansSpaces == false)
    }

    @Test func unknownPreTokenizerNamesTheValueAndTheSupportedOnes() {
        let error = Self.error { $0["tokenizer.ggml.pre"] = .string("tekken") }
        #expect(error == .unknownPreTokenizer("tekken"))
        let message = error?.description ?? ""
        #expect(message.hasPrefix("metadata key tokenizer.ggml.pre is 'tekken'; supported: default, llama3, llama-v3, llama-bpe"))
        for name in ["qwen2", "smollm", "gpt-2", "(a missing key means 'default')"] { #expect(message.contains(name)) }
    }

    @Test func unknownModelNamesTheValueAndTheSupportedOnes() {
        let error = Self.error { $0["tokenizer.ggml.model"] = .string("bert") }
        #expect(error == .unknownModel("bert"))
        #expect(error?.description == "metadata key tokenizer.ggml.model is 'bert'; supported: 'llama' (SentencePiece), 'gpt2' (byte-level BPE)")
        #expect(Self.error { $0["tokenizer.ggml.model"] = nil } == .missingKey("tokenizer.ggml.model"))

        var metadata = Self.metadata(merges: [])
        metadata["tokenizer.ggml.model"] = .string("llama")
        #expect(throws: TokenizerError.notBytePairModel("llama")) { try BytePairVocabulary(metadata: metadata) }
    }

    @Test func missingOrMistypedMergesNameTheKey() {
        let missing = Self.error { $0["tokenizer.ggml.merges"] = nil }
        #expect(missing == .missingKey("tokenizer.ggml.merges"))
        #expect(missing?.description == "metadata key tokenizer.ggml.merges is missing")
        let mistyped = Self.error { $0["tokenizer.ggml.merges"] = .array(.int32, [.int32(1)]) }
        #expect(mistyped == .wrongType(key: "tokenizer.ggml.merges", expected: "an array of strings", found: "[i32]"))
    }

    @Test func malformedMergesNameTheIndexAndTheValue() {
        for (merge, index) in [("ab", 1), ("a ", 1), ("", 1), (" ", 1)] {
            let error = Self.error { $0["tokenizer.ggml.merges"] = .array(.string, [.string("a b"), .string(merge)]) }
            #expect(error == .malformedMerge(index: index, value: merge))
        }
        let error = Self.error { $0["tokenizer.ggml.merges"] = .array(.string, [.string("Ġt")]) }
        #expect(error?.description == "metadata key tokenizer.ggml.merges: element 0 = 'Ġt' is not two token texts separated by a space")
        // A first part that is a space is split after it, as llama.cpp splits ("find(' ', 1)").
        #expect(Self.error { $0["tokenizer.ggml.merges"] = .array(.string, [.string("  a")]) } == nil)
    }

    @Test func badTokenTypesNameTheIndexAndTheValue() {
        var types = (Self.alphabet.map { _ in Int32(1) } + [1]).map { GGUFValue.int32($0) }
        types[70] = .int32(9)
        let error = Self.error { $0["tokenizer.ggml.token_type"] = .array(.int32, types) }
        #expect(error == .unknownTokenType(index: 70, value: 9))
        #expect(error?.description.hasPrefix("metadata key tokenizer.ggml.token_type: element 70 = 9 is not a token type") == true)
        let short = Self.error { $0["tokenizer.ggml.token_type"] = .array(.int32, [.int32(1)]) }
        #expect(short == .lengthMismatch(key: "tokenizer.ggml.token_type", count: 1, expected: 257))
    }

    @Test func specialIDsOutsideTheVocabularyNameTheKeyAndTheID() {
        let bos = Self.error { $0["tokenizer.ggml.bos_token_id"] = .uint32(257) }
        #expect(bos == .specialTokenOutOfRange(key: "tokenizer.ggml.bos_token_id", id: 257, vocabularySize: 257, isDefault: false))
        #expect(bos?.description == "metadata key tokenizer.ggml.bos_token_id = 257: not a token id of a vocabulary of 257 tokens")
        let unknown = Self.error { $0["tokenizer.ggml.unknown_token_id"] = .int32(-1) }
        #expect(unknown == .specialTokenOutOfRange(key: "tokenizer.ggml.unknown_token_id", id: -1, vocabularySize: 257, isDefault: false))
        // Ten tokens and no EOS key: llama.cpp's BPE default, 11, is not in the vocabulary.
        let eos = Self.error { metadata in
            metadata["tokenizer.ggml.tokens"] = .array(.string, Self.alphabet.prefix(10).map { .string($0) })
            metadata["tokenizer.ggml.token_type"] = nil
            metadata["tokenizer.ggml.merges"] = .array(.string, [])
            metadata["tokenizer.ggml.bos_token_id"] = .uint32(0)
        }
        #expect(eos == .specialTokenOutOfRange(key: "tokenizer.ggml.eos_token_id", id: 11, vocabularySize: 10, isDefault: true))
    }

    /// The front chooses the family by tokenizer.ggml.model.
    @Test func theFrontChoosesTheFamily() throws {
        let bytePair = try ModelTokenizer(metadata: Self.metadata(merges: ["a b"], extra: [("ab", 1)]))
        guard case .bytePair = bytePair else { Issue.record("gpt2 should be byte-level BPE"); return }
        #expect(bytePair.kind == "byte-level BPE (gpt-2)" && bytePair.count == 257)
        #expect(bytePair.encode("ab a", addingBOS: false) == [256, 32, 97])
        #expect(bytePair.promptTokens("ab") == [256])
        #expect(bytePair.encode("ab", addingBOS: true) == [11, 256])
        #expect(bytePair.decode([256, 32, 97]) == "ab a" && bytePair.piece(for: 32) == "Ġ")
        #expect(bytePair.decodedBytes(ofToken: 32) == [0x20])

        var spm = TokenizerVocabularyTests.metadata()
        spm["tokenizer.ggml.add_eos_token"] = .bool(true)
        let sentencePiece = try ModelTokenizer(metadata: spm)
        guard case .sentencePiece = sentencePiece else { Issue.record("llama should be SentencePiece"); return }
        #expect(sentencePiece.kind == "SentencePiece" && sentencePiece.addsBOS && sentencePiece.addsEOS)
        #expect(sentencePiece.promptTokens("a") == [1, 3])
        #expect(sentencePiece.decodedBytes(ofToken: 3) == Array(" a".utf8))
        #expect(sentencePiece.decode([3]) == "a")
    }
}
