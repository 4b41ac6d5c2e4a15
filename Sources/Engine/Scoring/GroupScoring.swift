import Foundation

extension Scorer {
    /// Scores prompts that share a prefix (one question's languages, say) together: the
    /// longest common token prefix once (what the prefix cache lacks of it), then the
    /// remaining tokens of every prompt as one batch of sequences over it, each attending to
    /// the shared prefix and to itself, causally. Results in request order, bit-identical to
    /// scoring each prompt alone.
    ///
    /// Every request is checked and tokenized before anything is computed, so a bad one (the
    /// error names its index) leaves no work half done. An empty group gives no scores.
    ///
    /// Counting: the shared prefix's computed tokens go to the first request's
    /// `computedTokens`; every request's `cachedTokens` are the prompt tokens whose keys and
    /// values came from the prefix cache (for the shared prefix, what the cache held of it).
    /// A prompt whose longer prefix the cache holds (the group scored before) continues from
    /// the cache instead of the shared prefix.
    public func score(group: [ScoringRequest]) throws(GroupScoringError) -> [QuestionScore] {
        var prepared: [(tokens: [Int32], answering: [[Int32]])] = []
        for (index, request) in group.enumerated() {
            do {
                prepared.append(try prepare(prompt: request.prompt, letters: request.letters))
            } catch {
                throw GroupScoringError(index: index, error: error)
            }
        }
        if group.count == 1 {
            do {
                return [try score(tokens: prepared[0].tokens, letters: group[0].letters, answering: prepared[0].answering)]
            } catch {
                throw GroupScoringError(index: 0, error: error)
            }
        }
        guard let first = prepared.first?.tokens else { return [] }

        // Every prompt keeps at least its last token to run: its logits are the point.
        var shared = prepared.map { $0.tokens.count - 1 }.min()!
        for other in prepared.dropFirst() {
            shared = min(shared, zip(first, other.tokens).prefix { $0 == $1 }.count)
        }
        let (prefix, prefixCached): (KVSequence, Int)
        do {
            (prefix, prefixCached) = try sharedPrefix(Array(first.prefix(shared)))
        } catch {
            throw GroupScoringError(index: 0, error: .forwardPass(error))
        }

        var sequences: [KVSequence] = [], cached: [Int] = []
        for (tokens, _) in prepared {
            let match = prefixCache?.longestMatch(tokens) ?? PrefixCache.Match()
            if match.tokenCount > shared {
                prefixCache?.recordServed(match.tokenCount - shared, lookedUp: tokens.count - shared)
                sequences.append(sequence(continuing: match, of: tokens))
                cached.append(match.tokenCount)
            } else {
                sequences.append(continuation(of: prefix, for: tokens))
                cached.append(prefixCached)
            }
        }
        let segments = zip(prepared, sequences).map { request, sequence in
            SequenceTokens(Array(request.tokens[sequence.length...]), appendingTo: sequence)
        }
        let logits: [[Float]]
        do {
            logits = try timed(\.ownTokens) { () throws(ForwardPassError) in try transformer.evaluate(segments, batchSize: batchSize) }
        } catch {
            throw GroupScoringError(index: 0, error: .forwardPass(error))
        }
        for sequence in sequences { prefixCache?.insert(sequence) }

        var scores: [QuestionScore] = []
        for (index, request) in group.enumerated() {
            let tokens = prepared[index].tokens
            var computed = segments[index].tokens.count
            if index == 0 { computed += shared - prefixCached }
            do {
                scores.append(try score(
                    logits: logits[index], letters: request.letters, answering: prepared[index].answering,
                    promptTokens: tokens.count, cachedTokens: cached[index], computedTokens: computed))
            } catch {
                throw GroupScoringError(index: index, error: error)
            }
        }
        return scores
    }

    /// The shared prefix's keys and values: what the prefix cache holds of it, the rest
    /// computed (and cached for what else repeats); with how many tokens the cache served.
    private func sharedPrefix(_ tokens: [Int32]) throws(ForwardPassError) -> (KVSequence, cached: Int) {
        let match = tokens.isEmpty ? PrefixCache.Match() : prefixCache?.lookup(tokens, keeping: 0) ?? PrefixCache.Match()
        let prefix = sequence(continuing: match, of: tokens)
        let cached = prefix.length
        if cached < tokens.count {
            try timed(\.sharedPrefix) { () throws(ForwardPassError) in
                try transformer.append([SequenceTokens(Array(tokens[cached...]), appendingTo: prefix)], batchSize: batchSize)
            }
            prefixCache?.insert(prefix)
        }
        return (prefix, cached)
    }

    /// A new sequence for `tokens` continuing `prefix`: its whole blocks shared, its partial
    /// block copied.
    private func continuation(of prefix: KVSequence, for tokens: [Int32]) -> KVSequence {
        let whole = prefix.length / KVBlock.positions * KVBlock.positions
        let sequence = KVSequence(store: prefix.store, sharing: prefix.fullBlocks, tokens: Array(tokens.prefix(whole)))
        if prefix.length > whole {
            sequence.appendCopy(
                of: prefix.blocks[whole / KVBlock.positions], count: prefix.length - whole, tokens: tokens[whole ..< prefix.length])
        }
        return sequence
    }
}
