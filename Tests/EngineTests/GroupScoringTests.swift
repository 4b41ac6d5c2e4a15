@testable import Engine
import Foundation
import Testing
import TestSupport

/// Prompts scored together over their shared prefix (``Scorer/score(group:)``) get exactly the
/// scores they get alone, whatever the grouping, batch size, thread count, cache state and
/// kernel family; and the token counts add up to what the forward passes computed.
@Suite(.offThePool) struct GroupScoringTests {
    /// An instruction and two solved examples shared by every prompt, as a question's few-shot
    /// set is shared by its languages.
    static let sharedPrefix = """
        The following are multiple choice questions (with answers) about medical knowledge. \\n \
        **Question:** Which vitamin deficiency causes scurvy? \\n (A) Vitamin A \\n (B) Vitamin C \\n \
        (C) Vitamin D \\n (D) Vitamin K \\n **Answer:**(B \\n **Question:** Which organ makes insulin? \\n \
        (A) Liver \\n (B) Spleen \\n (C) Pancreas \\n (D) Kidney \\n **Answer:**(C \\n 
        """

    /// The test question in four "languages" of different lengths (one outside ASCII).
    static let questions = [
        "**Question:** Which bone is longest? \\n (A) Femur \\n (B) Ulna \\n (C) Tibia \\n (D) Radius \\n **Answer:**(",
        "**Pregunta:** ¿Cuál es el hueso más largo del cuerpo? \\n (A) Fémur \\n (B) Cúbito \\n (C) Tibia \\n (D) Radio \\n **Answer:**(",
        "**Frage:** Welcher Knochen ist der längste? \\n (A) Oberschenkel \\n (B) Elle \\n (C) Schienbein \\n (D) Speiche \\n **Answer:**(",
        "**Вопрос:** Какая кость самая длинная? \\n (A) Бедренная \\n (B) Локтевая \\n (C) Большеберцовая \\n (D) Лучевая \\n **Answer:**(",
    ]

    static var requests: [ScoringRequest] {
        questions.map { ScoringRequest(prompt: sharedPrefix + $0, letters: ["A", "B", "C", "D"]) }
    }

    static func model(_ type: ModelFileType = .q4_K_M) throws -> (MistralModel, path: String) {
        let path = try SyntheticModelFiles.write(type, config: SyntheticModelFiles.config(blocks: 2, context: 1024))
        return (try MistralModel(path: path), path)
    }

    /// Every field but the token counts, bit for bit.
    static func expectSameScores(_ got: [QuestionScore], _ expected: [QuestionScore], _ label: String) {
        #expect(got.count == expected.count, "\(label): \(got.count) scores for \(expected.count) requests")
        for (index, (a, b)) in zip(got, expected).enumerated() {
            let same = a.topTokenID == b.topTokenID && a.topTokenPiece == b.topTokenPiece && a.topTokenText == b.topTokenText
                && a.topTokenProbability.bitPattern == b.topTokenProbability.bitPattern
                && a.letters.map(\.tokenID) == b.letters.map(\.tokenID)
                && a.letters.map(\.probability.bitPattern) == b.letters.map(\.probability.bitPattern)
                && a.topLetter == b.topLetter && a.bestLetter == b.bestLetter && a.promptTokens == b.promptTokens
            #expect(same, "\(label): request \(index) scores differently in the group")
        }
    }

    /// Each request scored alone by a fresh scorer without a cache: the reference.
    static func alone(_ model: MistralModel, _ requests: [ScoringRequest]) throws -> [QuestionScore] {
        let scorer = try Scorer(model: model, threads: 2, prefixCacheBytes: 0, kernels: KernelSet(family: .portable))
        return try requests.map { try scorer.score(prompt: $0.prompt, letters: $0.letters) }
    }

    enum CacheState: String, CaseIterable { case off, cold, warm }

    struct Setting: CustomStringConvertible {
        var family: KernelSet.Family
        var threads: Int
        var batch: Int
        var cache: CacheState
        var description: String { "\(family) threads \(threads) batch \(batch) cache \(cache)" }
    }

    static var settings: [Setting] {
        var settings: [Setting] = []
        var families: [KernelSet.Family] = [.portable]
        if CPUFeatures.current.hasAVX512VNNI { families.append(.avx512) }
        for family in families {
            for (threads, batch) in [(1, 512), (2, 7), (3, 1), (4, 512)] {
                for cache in CacheState.allCases { settings.append(Setting(family: family, threads: threads, batch: batch, cache: cache)) }
            }
        }
        return settings
    }

    @Test func aGroupScoresAsEachPromptAlone() throws {
        let (model, path) = try Self.model()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let requests = Self.requests
        let expected = try Self.alone(model, requests)
        for setting in Self.settings {
            let scorer = try Scorer(
                model: model, threads: setting.threads, batchSize: setting.batch,
                prefixCacheBytes: setting.cache == .off ? 0 : 64 << 20, kernels: KernelSet(family: setting.family))
            if setting.cache == .warm {
                // Another question with the same examples, and one of the group's own prompts.
                _ = try scorer.score(prompt: Self.sharedPrefix + "**Question:** Which is a nerve? \\n (A) Vagus \\n **Answer:**(",
                                     letters: ["A"])
                _ = try scorer.score(prompt: requests[2].prompt, letters: requests[2].letters)
            }
            let scores = try scorer.score(group: requests)
            Self.expectSameScores(scores, expected, "\(setting)")
        }
    }

    /// Whatever prompts share a group (pairs, reversed, one prompt twice, a prompt with
    /// nothing in common with the others), each one's scores stay the same.
    @Test func groupingDoesNotChangeScores() throws {
        let (model, path) = try Self.model(.q8_0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let requests = Self.requests
        let unrelated = ScoringRequest(prompt: "Zero-shot: which is a muscle? (A) biceps (B) liver **Answer:**(", letters: ["A", "B"])
        let all = requests + [unrelated]
        let expected = try Self.alone(model, all)
        let groupings: [[Int]] = [[0, 1], [2, 3], [3, 2, 1, 0], [1, 1, 0], [4, 0, 2], [0, 4]]
        for cacheBytes in [0, 64 << 20] {
            let scorer = try Scorer(model: model, threads: 2, batchSize: 64, prefixCacheBytes: cacheBytes)
            for grouping in groupings {
                let scores = try scorer.score(group: grouping.map { all[$0] })
                Self.expectSameScores(scores, grouping.map { expected[$0] }, "group \(grouping) cache \(cacheBytes)")
            }
        }
    }

    /// A prompt that is the start of another's: the shared prefix stops one token short of it.
    @Test func aPromptThatStartsAnotherStillGetsItsOwnLastPosition() throws {
        let (model, path) = try Self.model(.q4_0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let short = ScoringRequest(prompt: Self.sharedPrefix + "**Question:** (", letters: ["A", "B"])
        let long = ScoringRequest(prompt: Self.sharedPrefix + "**Question:** (A) or (B)? **Answer:**(", letters: ["A", "B"])
        let expected = try Self.alone(model, [short, long])
        let scorer = try Scorer(model: model, threads: 2, prefixCacheBytes: 0)
        let scores = try scorer.score(group: [long, short])
        Self.expectSameScores(scores, [expected[1], expected[0]], "prefix of another")
        #expect(scores[1].computedTokens == 1, "only the short prompt's last token is its own")
    }

    /// The group's shared prefix is computed once, for its first request; summed, the computed
    /// tokens are exactly the tokens the forward passes ran, in every cache state.
    @Test func computedTokensAddUpToTheForwardPasses() throws {
        let (model, path) = try Self.model(.q4_0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let requests = Self.requests
        let promptTokens = try Self.alone(model, requests).map(\.promptTokens)

        let uncached = try Scorer(model: model, threads: 2, prefixCacheBytes: 0)
        let grouped = try uncached.score(group: requests)
        let computed = grouped.map(\.computedTokens)
        #expect(computed.reduce(0, +) == uncached.transformer.statistics.tokens)
        #expect(grouped.allSatisfy { $0.cachedTokens == 0 })
        #expect(computed.reduce(0, +) < promptTokens.reduce(0, +), "the shared prefix is computed once")
        #expect(computed[0] > computed[1], "the first request carries the shared prefix")
        let aloneScorer = try Scorer(model: model, threads: 2, prefixCacheBytes: 0)
        let tokens = requests.map { aloneScorer.promptTokens($0.prompt) }
        let common = zip(tokens[0], tokens[1]).prefix { $0 == $1 }.count
        for (index, count) in tokens.enumerated() where index > 0 {
            #expect(computed[index] == count.count - common, "request \(index) computes only past the shared prefix")
        }

        let cached = try Scorer(model: model, threads: 2, prefixCacheBytes: 64 << 20)
        let cold = try cached.score(group: requests)
        #expect(cold.map(\.computedTokens) == computed, "a cold cache serves nothing")
        let afterCold = cached.transformer.statistics.tokens
        let warm = try cached.score(group: requests)
        #expect(warm.map(\.computedTokens).reduce(0, +) == cached.transformer.statistics.tokens - afterCold)
        for (index, score) in warm.enumerated() {
            // The whole blocks of each prompt were cached by the cold run.
            let wholeBlocks = score.promptTokens / KVBlock.positions * KVBlock.positions
            #expect(score.cachedTokens >= min(wholeBlocks, score.promptTokens - 1), "request \(index)")
            #expect(score.cachedTokens + score.computedTokens <= score.promptTokens)
        }
        #expect(cached.times.sharedPrefix > 0 && cached.times.ownTokens > 0 && cached.times.tokenizing > 0)
    }

    @Test func aGroupOfOneIsScoringAlone() throws {
        let (model, path) = try Self.model(.q4_0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let request = Self.requests[1]
        let expected = try Self.alone(model, [request])
        let scorer = try Scorer(model: model, threads: 2)
        let scores = try scorer.score(group: [request])
        Self.expectSameScores(scores, expected, "group of one")
        #expect(scores[0].computedTokens == scores[0].promptTokens - scores[0].cachedTokens)
        #expect(scores[0].computedTokens == scorer.transformer.statistics.tokens)
    }

    @Test func badInputNamesTheRequest() throws {
        let path = try SyntheticModelFiles.write(.q4_0, config: SyntheticModelFiles.config(context: 64))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scorer = try Scorer(model: MistralModel(path: path), threads: 1)
        #expect(try scorer.score(group: []).isEmpty, "an empty group has no scores")

        let fine = ScoringRequest(prompt: "Is it? (", letters: ["A", "B"])
        let long = ScoringRequest(prompt: "Is it? " + String(repeating: "word ", count: 40) + "(", letters: ["A", "B"])
        let error = #expect(throws: GroupScoringError.self) { try scorer.score(group: [fine, fine, long]) }
        #expect(error?.index == 2)
        guard case .promptTooLong(let tokens, 64) = error?.error else {
            Issue.record("expected promptTooLong, got \(String(describing: error))")
            return
        }
        #expect(tokens > 64)
        #expect(error?.description.hasPrefix("request 2 of the group: the prompt is") == true)
        #expect(scorer.transformer.statistics.tokens == 0, "nothing is computed for a group with a bad request")

        #expect(throws: GroupScoringError(index: 1, error: .duplicateLetter("A"))) {
            try scorer.score(group: [fine, ScoringRequest(prompt: "x (", letters: ["A", "A"]), fine])
        }
        #expect(throws: GroupScoringError(index: 0, error: .emptyPrompt)) {
            try scorer.score(group: [ScoringRequest(prompt: "", letters: ["A"])])
        }
    }

    /// A real vocabulary and model: three languages of one question, grouped and alone.
    @Test(.enabled(if: RealModels.smolLM2Available, RealModels.smolLM2SkipReason))
    func smolLM2GroupScoresAsAlone() throws {
        let model = try MistralModel(path: RealModels.smolLM2Path)
        let requests = Array(Self.requests.prefix(3))
        let alone = try Scorer(model: model, threads: 2, prefixCacheBytes: 0)
        let expected = try requests.map { try alone.score(prompt: $0.prompt, letters: $0.letters) }
        let scorer = try Scorer(model: model, threads: 2, batchSize: 32)
        let scores = try scorer.score(group: requests)
        Self.expectSameScores(scores, expected, "SmolLM2")
        #expect(scores.map(\.computedTokens).reduce(0, +) == scorer.transformer.statistics.tokens)
    }
}
