@testable import Engine
import Testing
import TestSupport

/// The authors' answer rule on constructed vocabularies: a letter is every token that decodes to
/// it, whatever its spelling in the vocabulary.
@Suite struct AnswerTokensTests {
    /// A SentencePiece vocabulary where A is spelled three ways.
    private static let vocabulary = Vocabulary(
        tokens: ["<unk>", "<s>", "</s>", "A", "\u{2581}A", "<0x41>", "B", "\u{2581}(", "AB", "\u{2581}", "<0x0A>"],
        scores: Array(repeating: 0, count: 11),
        types: [.unknown, .control, .control, .normal, .normal, .byte, .normal, .normal, .normal, .normal, .byte])

    private static var sentencePieceAnswers: AnswerTokens {
        AnswerTokens(count: vocabulary.count) {
            SentencePieceTokenizer.decodedBytes(of: Int($0), in: vocabulary, renderingSpecialTokens: false)
        }
    }

    @Test func everySpellingOfALetterDecodesToIt() {
        #expect(Self.sentencePieceAnswers.tokens(decodingTo: "A") == [3, 4, 5])
        #expect(Self.sentencePieceAnswers.tokens(decodingTo: "B") == [6])
    }

    @Test func tokensThatAreNoLetterAreNotOne() {
        let answers = Self.sentencePieceAnswers
        #expect(answers.text(of: 7) == "(")
        #expect(answers.text(of: 8) == "AB")
        #expect(answers.tokens(decodingTo: "C").isEmpty)
        // Whitespace-only and special tokens decode to nothing once trimmed.
        #expect(answers.text(of: 9) == "")
        #expect(answers.text(of: 10) == "")
        #expect(answers.text(of: 1) == "")
        #expect(answers.tokens(decodingTo: "").isEmpty)
        #expect(answers.text(of: 99) == "")
    }

    @Test func byteLevelSpellingsCount() {
        // "ĠA" is a space and A in GPT-2's byte alphabet; "Ċ" a newline.
        let decoded: [[UInt8]] = [Array("A".utf8), Array(" A".utf8), Array("\nA ".utf8), Array("a".utf8), []]
        let answers = AnswerTokens(count: decoded.count) { decoded[Int($0)] }
        #expect(answers.tokens(decodingTo: "A") == [0, 1, 2])
        #expect(answers.tokens(decodingTo: "a") == [3])
        #expect(answers.text(of: 4) == "")
    }
}
