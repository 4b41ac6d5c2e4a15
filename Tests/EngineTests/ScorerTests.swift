@testable import Engine
import Foundation
import Testing
import TestSupport

@Suite(.offThePool) struct ScorerTests {
    @Test func scoresAreAProbabilityDistributionOverLetters() throws {
        let path = try SyntheticModelFiles.write(.q8_0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scorer = try Scorer(model: MistralModel(path: path), threads: 2)
        let score = try scorer.score(prompt: "**Question:** Which is a bone? \n (A) femur \n (B) aorta \n **Answer:**(", letters: ["A", "B"])
        #expect(score.letters.map(\.letter) == ["A", "B"])
        let letterMass = score.letters.map(\.probability).reduce(0, +)
        #expect(letterMass > 0 && letterMass <= 1)
        #expect(score.topTokenProbability >= score.letters.map(\.probability).max()!)
        #expect(score.bestLetter == (score.letters[0].probability >= score.letters[1].probability ? "A" : "B"))
        if let top = score.topLetter {
            // The top token answers its letter, and is that letter's most probable token.
            #expect(score.letters.first { $0.letter == top }?.tokenID == score.topTokenID)
        }
    }

    /// Under the authors' rule a letter is every token that decodes to it: in Mistral's
    /// vocabulary "A", "▁A" and the byte token "<0x41>"; the paper's prediction is the top token's
    /// text, trimmed.
    @Test(.enabled(if: Fixtures.available, Fixtures.skipReason))
    func everyTokenThatDecodesToALetterAnswersIt() throws {
        let scorer = try Scorer(model: MistralModel(path: Fixtures.path("tiny-mistral-Q8_0.gguf")), threads: 1, prefixCacheBytes: 0)
        let tokens = try scorer.answerTokens(for: ["A", "B"])
        #expect(tokens[0].map { scorer.tokenizer.piece(for: $0) }.sorted() == ["<0x41>", "A", "\u{2581}A"])
        #expect(tokens[1].map { scorer.tokenizer.piece(for: $0) }.sorted() == ["<0x42>", "B", "\u{2581}B"])
        let score = try scorer.score(prompt: "**Question:** Which is a bone? \n (A) femur \n (B) aorta \n **Answer:**(", letters: ["A", "B"])
        for (letter, ids) in zip(score.letters, tokens) {
            #expect(ids.contains(letter.tokenID))
        }
        #expect(score.topLetter == (["A", "B"].contains(score.topTokenText.trimmingCharacters(in: .whitespaces))
            ? score.topTokenText.trimmingCharacters(in: .whitespaces) : nil))
    }

    /// The answer rule on constructed logits over Mistral's vocabulary: the paper's prediction
    /// is the top token's text, each letter's probability the best of its spellings.
    @Test(.enabled(if: Fixtures.available, Fixtures.skipReason))
    func theAnswerRuleOnConstructedLogits() throws {
        let scorer = try Scorer(model: MistralModel(path: Fixtures.path("tiny-mistral-Q8_0.gguf")), threads: 1, prefixCacheBytes: 0)
        let letters = ["A", "B", "C"]
        let answering = try scorer.answerTokens(for: letters)
        let count = scorer.tokenizer.count
        func id(_ piece: String) throws -> Int32 {
            try #require((0 ..< Int32(count)).first { scorer.tokenizer.piece(for: $0) == piece }, "no token \(piece)")
        }
        /// Logits of 0 but for the given tokens.
        func score(_ raised: [String: Float]) throws -> QuestionScore {
            var logits = [Float](repeating: 0, count: count)
            for (piece, logit) in raised { logits[Int(try id(piece))] = logit }
            return try scorer.score(
                logits: logits, letters: letters, answering: answering, promptTokens: 3, cachedTokens: 0, computedTokens: 3)
        }

        // "▁A" on top: the paper answers A, with ▁A's probability; B's best spelling is "B".
        let spaced = try score(["\u{2581}A": 12, "A": 9, "B": 10, "\u{2581}B": 8])
        #expect(spaced.topTokenID == (try id("\u{2581}A")))
        #expect(spaced.topLetter == "A")
        #expect(spaced.bestLetter == "A")
        #expect(spaced.letters[0].tokenID == (try id("\u{2581}A")))
        #expect(spaced.letters[0].probability == spaced.topTokenProbability)
        #expect(spaced.letters[1].tokenID == (try id("B")))
        #expect(spaced.letters[1].probability > spaced.letters[2].probability)

        // The byte token "<0x43>" on top answers C.
        let byte = try score(["<0x43>": 11, "C": 7, "A": 10])
        #expect(byte.topLetter == "C")
        #expect(byte.letters[2].tokenID == (try id("<0x43>")))
        #expect(byte.bestLetter == "C")

        // A word on top: no answer under the paper's rule (counted wrong), though the letters
        // alone still rank B first (the restricted rule).
        let word = try score(["\u{2581}the": 14, "\u{2581}B": 10, "A": 9])
        #expect(word.topLetter == nil)
        #expect(word.topTokenText.trimmingCharacters(in: .whitespaces) == "the")
        #expect(word.bestLetter == "B")
        #expect(word.topTokenProbability > word.letters.map(\.probability).max()!)
    }

    @Test func badInputGivesClearErrors() throws {
        let path = try SyntheticModelFiles.write(.q4_0, config: SyntheticModelFiles.config(context: 32))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scorer = try Scorer(model: MistralModel(path: path), threads: 1)
        #expect(throws: ScoringError.emptyPrompt) { try scorer.score(prompt: "", letters: ["A"]) }
        #expect(throws: ScoringError.noLetters) { try scorer.score(prompt: "x (", letters: []) }
        #expect(throws: ScoringError.invalidLetter("")) { try scorer.score(prompt: "x (", letters: ["A", ""]) }
        #expect(throws: ScoringError.invalidLetter("A B")) { try scorer.score(prompt: "x (", letters: ["A B"]) }
        #expect(throws: ScoringError.duplicateLetter("A")) { try scorer.score(prompt: "x (", letters: ["A", "A"]) }
        let long = String(repeating: "word ", count: 40) + "("
        let error = #expect(throws: ScoringError.self) { try scorer.score(prompt: long, letters: ["A"]) }
        guard case .promptTooLong(let tokens, 32) = error else {
            Issue.record("expected promptTooLong, got \(String(describing: error))")
            return
        }
        #expect(tokens > 32)
        #expect(error?.description.contains("context is 32") == true)
    }

    /// The synthetic vocabulary has no token "Zq": no token can answer it.
    @Test func aLetterNoTokenDecodesToIsNamed() throws {
        let path = try SyntheticModelFiles.write(.q4_0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scorer = try Scorer(model: MistralModel(path: path), threads: 1)
        #expect(throws: ScoringError.noTokenForLetter("Zq")) { try scorer.score(prompt: "Answer: (", letters: ["A", "Zq"]) }
    }
}
