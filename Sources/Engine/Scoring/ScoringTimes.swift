/// Where a scorer's time went, in nanoseconds of wall time, summed over every prompt since the
/// scorer was made. The forward passes' own breakdown (attention, output head, the blocks) is
/// the transformer's ``ForwardStatistics``.
public struct ScoringTimes: Sendable, Equatable {
    /// Tokenizing prompts.
    public var tokenizing: UInt64 = 0
    /// Forward passes over groups' shared prefixes (``Scorer/score(group:)``), computed once
    /// per group.
    public var sharedPrefix: UInt64 = 0
    /// Forward passes over each prompt's own tokens: a group's suffixes, or a prompt scored
    /// alone past what the prefix cache held. Includes the output head.
    public var ownTokens: UInt64 = 0
    /// The softmax over the vocabulary and the letters' probabilities.
    public var answering: UInt64 = 0

    public init() {}

    /// What was spent after `earlier`, a reading of the same scorer's times.
    public func since(_ earlier: ScoringTimes) -> ScoringTimes {
        var difference = ScoringTimes()
        difference.tokenizing = tokenizing - earlier.tokenizing
        difference.sharedPrefix = sharedPrefix - earlier.sharedPrefix
        difference.ownTokens = ownTokens - earlier.ownTokens
        difference.answering = answering - earlier.answering
        return difference
    }
}
