/// How one few-shot set of a question was drawn from a train or dev split: the seed the
/// sampler used for this question and set, and the identifiers of the examples it chose, in
/// prompt order. Readers of the original sources record one per set; BioInstructQA's sets are
/// given in the data and have none.
public struct FewShotDraw: Codable, Sendable, Hashable {
    /// The set drawn (from 1).
    public var set: FewShotSet
    /// The SplitMix64 seed this draw started from (derived from the manifest's seed, the task,
    /// the question and the set).
    public var seed: UInt64
    /// The chosen examples' identifiers, in the order they appear in the prompt.
    public var exampleIdentifiers: [String]

    public init(set: FewShotSet, seed: UInt64, exampleIdentifiers: [String]) {
        self.set = set
        self.seed = seed
        self.exampleIdentifiers = exampleIdentifiers
    }
}
