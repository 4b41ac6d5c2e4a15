/// New tokens for one sequence, evaluated beside other sequences' in one batch.
///
/// ```swift
/// let prefix = transformer.makeSequence()
/// transformer.append([SequenceTokens(shared, appendingTo: prefix)])
/// let logits = transformer.evaluate([
///     SequenceTokens(english, appendingTo: englishSequence),   // both continue `prefix`
///     SequenceTokens(french, appendingTo: frenchSequence),
/// ])
/// ```
public struct SequenceTokens: Sendable {
    /// The tokens to append, in order; never empty.
    public let tokens: [Int32]
    /// The sequence they continue: its keys and values so far, and where they go.
    public let sequence: KVSequence

    public init(_ tokens: [Int32], appendingTo sequence: KVSequence) {
        self.tokens = tokens
        self.sequence = sequence
    }
}
