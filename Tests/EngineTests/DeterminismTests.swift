@testable import Engine
import Foundation
import Testing
import TestSupport

/// A question's numbers are bit-identical whatever the thread count, the batch split, the
/// kernel family or the state of the prefix cache.
@Suite(.offThePool) struct DeterminismTests {
    static let prompt = """
        The following are multiple choice questions (with answers) about medical knowledge. \\n \
        **Question:** Which vitamin deficiency causes scurvy? \\n (A) Vitamin A \\n (B) Vitamin C \\n \
        (C) Vitamin D \\n (D) Vitamin K \\n **Answer:**(B \\n **Question:** Which organ makes insulin? \\n \
        (A) Liver \\n (B) Spleen \\n (C) Pancreas \\n (D) Kidney \\n **Answer:**(
        """

    @Test(arguments: [ModelFileType.q4_0, .q4_K_M, .q8_0, .f16, .q4_1, .q5_0, .q5_1, .q2_K, .q3_K_S])
    func logitsDoNotDependOnThreadsBatchesOrKernels(_ type: ModelFileType) throws {
        let path = try SyntheticModelFiles.write(type, config: SyntheticModelFiles.config(blocks: 2))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try MistralModel(path: path)
        let tokens = try SentencePieceTokenizer(file: model.file).encode(Self.prompt, addingBOS: true)
        #expect(tokens.count > 100)

        // The fast family across thread counts and batch splits; the portable family once.
        var runs: [(KernelSet.Family, threads: Int, batch: Int)] = [(.portable, 2, 512)]
        if CPUFeatures.current.hasAVX512VNNI {
            runs += [(.avx512, 1, 512), (.avx512, 2, 512), (.avx512, 3, 512), (.avx512, 4, 512), (.avx512, 2, 1),
                     (.avx512, 2, 7), (.avx512, 3, 7)]
        } else {
            runs += [(.portable, 1, 7), (.portable, 4, 1)]
        }
        var reference: [Float]?
        for (family, threads, batch) in runs {
            let transformer = Transformer(model: model, threads: threads, kernels: KernelSet(family: family))
            let logits = transformer.evaluate(tokens, appendingTo: transformer.makeSequence(), batchSize: batch)
            if let reference {
                let differing = zip(logits, reference).filter { $0.bitPattern != $1.bitPattern }.count
                #expect(differing == 0, "\(type) \(family) threads \(threads) batch \(batch): \(differing) logits differ")
            } else {
                reference = logits
            }
        }
    }

    /// The same question scored cold, after a question sharing its prefix (warm), and after the
    /// cache was filled by a longer prompt: identical scores, and the warm runs reuse tokens.
    @Test func prefixCacheStateDoesNotChangeScores() throws {
        let path = try SyntheticModelFiles.write(.q4_K_M, config: SyntheticModelFiles.config(blocks: 2))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try MistralModel(path: path)
        let letters = ["A", "B", "C", "D"]
        let first = Self.prompt, second = Self.prompt.replacingOccurrences(of: "insulin", with: "bile")

        let cold = try Scorer(model: model, threads: 2, prefixCacheBytes: 0).score(prompt: second, letters: letters)
        let warmScorer = try Scorer(model: model, threads: 2, prefixCacheBytes: 64 << 20)
        _ = try warmScorer.score(prompt: first, letters: letters)
        let warm = try warmScorer.score(prompt: second, letters: letters)
        let again = try warmScorer.score(prompt: second, letters: letters)

        #expect(cold.cachedTokens == 0)
        #expect(warm.cachedTokens >= 64, "the shared instruction and first example come from the cache")
        // The first run cached its whole blocks; all of them serve again (never the last token).
        let wholeBlocks = again.promptTokens / KVBlock.positions * KVBlock.positions
        #expect(again.cachedTokens == min(wholeBlocks, again.promptTokens - 1))
        for score in [warm, again] {
            #expect(score.topTokenID == cold.topTokenID)
            #expect(score.topTokenProbability.bitPattern == cold.topTokenProbability.bitPattern)
            #expect(score.letters.map(\.probability.bitPattern) == cold.letters.map(\.probability.bitPattern))
        }
    }

    /// Sequences continuing one prefix, evaluated together in one batch (cut anywhere by the
    /// batch size), give each the logits it gets alone.
    @Test(arguments: [1, 7, 40, 512])
    func sequencesEvaluatedTogetherGiveTheirOwnLogits(batch: Int) throws {
        let path = try SyntheticModelFiles.write(.q4_K_M, config: SyntheticModelFiles.config(blocks: 2))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try MistralModel(path: path)
        let tokens = try SentencePieceTokenizer(file: model.file).encode(Self.prompt, addingBOS: true)
        let shared = 37  // two whole blocks and five positions of a third
        let suffixes = [Array(tokens[shared...]), Array(tokens[shared ..< shared + 3]), [tokens[5]], Array(tokens[60 ..< 100])]

        let transformer = Transformer(model: model, threads: 3)
        let alone = suffixes.map { suffix in
            transformer.evaluate(Array(tokens.prefix(shared)) + suffix, appendingTo: transformer.makeSequence())
        }
        let prefix = transformer.makeSequence()
        transformer.append([SequenceTokens(Array(tokens.prefix(shared)), appendingTo: prefix)], batchSize: batch)
        let sequences = suffixes.map { _ in
            let sequence = KVSequence(store: prefix.store, sharing: prefix.fullBlocks, tokens: Array(tokens.prefix(32)))
            sequence.appendCopy(of: prefix.blocks[2], count: 5, tokens: tokens[32 ..< 37])
            return sequence
        }
        let before = transformer.statistics
        let together = transformer.evaluate(zip(suffixes, sequences).map { SequenceTokens($0, appendingTo: $1) }, batchSize: batch)
        for (index, (got, expected)) in zip(together, alone).enumerated() {
            let differing = zip(got, expected).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(got.count == expected.count && differing == 0, "batch \(batch) sequence \(index): \(differing) logits differ")
            #expect(sequences[index].length == shared + suffixes[index].count)
        }
        let suffixTokens = suffixes.map(\.count).reduce(0, +)
        #expect(transformer.statistics.tokens - before.tokens == suffixTokens)
        #expect(transformer.statistics.passes - before.passes == (suffixTokens + batch - 1) / batch)
        #expect(transformer.statistics.outputHeadRows - before.outputHeadRows == suffixes.count)
    }
}
