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
