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
            #expect(score.letters.first { $0.letter == top }?.tokenID == score.topTokenID)
        }
    }

    /// Letter tokens come from tokenizing prompt + letter; with Mistral's vocabulary after the
    /// paper's "**Answer:**(" each letter is one new token, "A" .. "E".
    @Test(.enabled(if: Fixtures.available, Fixtures.skipReason))
    func letterTokensFollowThePaperCue() throws {
        let scorer = try Scorer(model: MistralModel(path: Fixtures.path("tiny-mistral-Q8_0.gguf")), threads: 1, prefixCacheBytes: 0)
        let ids = try scorer.letterTokens(after: "**Answer:**(", letters: ["A", "B", "C", "D", "E"])
        #expect(ids.map { scorer.tokenizer.piece(for: $0) } == ["A", "B", "C", "D", "E"])
        // After a prompt ending in a space the letter merges with it ("▁A", token 330 in the
        // fixtures): not a new token, and the error says so.
        let merged = #expect(throws: ScoringError.self) { try scorer.letterTokens(after: "Answer: ", letters: ["A"]) }
        #expect(merged == .letterNotOneToken(letter: "A", tokens: ["\u{2581}A"]))
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

    /// The synthetic vocabulary has no "Zq" piece: the letter becomes two tokens.
    @Test func aLetterOfSeveralTokensIsNamed() throws {
        let path = try SyntheticModelFiles.write(.q4_0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scorer = try Scorer(model: MistralModel(path: path), threads: 1)
        let error = #expect(throws: ScoringError.self) { try scorer.score(prompt: "Answer: (", letters: ["A", "Zq"]) }
        guard case .letterNotOneToken(let letter, let tokens) = error else {
            Issue.record("expected letterNotOneToken, got \(String(describing: error))")
            return
        }
        #expect(letter == "Zq")
        #expect(tokens.count >= 2)
    }
}
