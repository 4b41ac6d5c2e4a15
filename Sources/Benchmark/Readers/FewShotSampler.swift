/// Draws few-shot sets for the original sources (MMLU, MedQA, PubMedQA, MedMCQA), which come
/// without the per-question example lists of the released data, from their train or dev split.
///
/// Each (question, set) pair gets its own SplitMix64 stream, seeded from the manifest's seed,
/// the task, the question's identifier and the set number, so a question's examples do not
/// depend on which other questions were read, nor on their order. The examples are a uniform
/// draw without replacement (a partial Fisher–Yates shuffle of the pool's indices); the seed
/// and the chosen identifiers are recorded with the question (`BenchmarkQuestion.fewShotDraws`).
///
/// ```swift
/// let sampler = FewShotSampler(seed: 42)
/// let (sets, draws) = try sampler.draw(task: .anatomy, questionID: "test-0", pool: devExamples, file: "anatomy_dev.csv")
/// draws[0].exampleIdentifiers     // e.g. ["dev-3", "dev-0", "dev-4"]
/// ```
public struct FewShotSampler: Sendable, Hashable, Codable {
    public var seed: UInt64
    /// Examples per set (the paper: 3).
    public var shots: Int
    /// Sets per question (the paper: 3).
    public var sets: Int

    public init(seed: UInt64, shots: Int = 3, sets: Int = 3) {
        self.seed = seed
        self.shots = shots
        self.sets = sets
    }

    /// The seed of the stream that draws set `set` of question `questionID` of `task`.
    public func streamSeed(task: BenchmarkTask, questionID: String, set: FewShotSet) -> UInt64 {
        StableHash.seed(seed, "few-shot", task.corpusName, questionID, String(set.number))
    }

    /// The `sets` few-shot sets of one question, drawn from `pool` (every example must carry
    /// an identifier), and the record of each draw.
    public func draw(
        task: BenchmarkTask, questionID: String, pool: [SolvedExample], file: String
    ) throws -> (sets: [[SolvedExample]], draws: [FewShotDraw]) {
        guard pool.count >= shots else {
            throw BenchmarkDataError.fewShotPoolTooSmall(file: file, task: task, available: pool.count, needed: shots)
        }
        var drawnSets: [[SolvedExample]] = []
        var draws: [FewShotDraw] = []
        for set in FewShotSet.sets(through: sets) {
            let streamSeed = streamSeed(task: task, questionID: questionID, set: set)
            var generator = SplitMix64(seed: streamSeed)
            var indices = Array(pool.indices)
            for position in 0 ..< shots {
                let chosen = position + generator.next(below: indices.count - position)
                indices.swapAt(position, chosen)
            }
            let examples = indices.prefix(shots).map { pool[$0] }
            drawnSets.append(examples)
            draws.append(FewShotDraw(set: set, seed: streamSeed, exampleIdentifiers: examples.map { $0.identifier ?? "" }))
        }
        return (drawnSets, draws)
    }
}
