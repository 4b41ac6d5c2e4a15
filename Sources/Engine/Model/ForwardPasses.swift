/// Consecutive tokens of one sequence within a forward pass.
public struct PassPart: Sendable {
    public let sequence: KVSequence
    public let tokens: ArraySlice<Int32>
    /// Whether the logits after its last token are wanted (its segment ends here and the
    /// caller asked for logits).
    public let wantsLogits: Bool
}

/// Cuts `segments` into forward passes of at most `batchSize` tokens in all (a segment may be
/// cut between two passes), runs `forward` on each pass's parts, and returns the logits after
/// each segment's last token, in segment order (empty arrays when `wantLogits` is false).
/// `forward` returns one array per part: the part's logits when it wants them, else empty.
/// Every backend batches this way, so their passes see the same parts.
public func runInPasses<Failure: Error>(
    _ segments: [SequenceTokens], batchSize: Int, wantLogits: Bool,
    forward: ([PassPart]) throws(Failure) -> [[Float]]
) throws(Failure) -> [[Float]] {
    precondition(!segments.isEmpty, "nothing to evaluate")
    precondition(segments.allSatisfy { !$0.tokens.isEmpty }, "a segment without tokens")
    precondition(Set(segments.map { ObjectIdentifier($0.sequence) }).count == segments.count,
                 "a sequence in two segments of one evaluation")
    let limit = max(1, batchSize)
    var logits = [[Float]](repeating: [], count: segments.count)
    var parts: [PassPart] = [], owners: [Int] = [], filled = 0
    func flush() throws(Failure) {
        guard !parts.isEmpty else { return }
        for (part, result) in zip(owners, try forward(parts)) where !result.isEmpty { logits[part] = result }
        parts = []
        owners = []
        filled = 0
    }
    for (index, segment) in segments.enumerated() {
        var start = 0
        while start < segment.tokens.count {
            let end = min(segment.tokens.count, start + limit - filled)
            parts.append(PassPart(
                sequence: segment.sequence, tokens: segment.tokens[start ..< end],
                wantsLogits: wantLogits && end == segment.tokens.count))
            owners.append(index)
            filled += end - start
            start = end
            if filled == limit { try flush() }
        }
    }
    try flush()
    return logits
}
