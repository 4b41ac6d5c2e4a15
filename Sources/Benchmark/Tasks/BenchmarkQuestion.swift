/// A test question in one language, with its three few-shot sets, as every reader produces it.
///
/// ```swift
/// let question = try BioInstructQAReader(file: .path("French-full.json"))
///     .questions(task: .medQA, language: .fr).first!
/// let prompt = try PromptTemplate.paper.prompt(for: question, fewShotSet: 1)
/// question.availableSets        // [1, 2, 3]
/// ```
public struct BenchmarkQuestion: Codable, Sendable, Hashable {
    public var identifier: String
    public var task: BenchmarkTask
    public var language: BenchmarkLanguage
    /// The context the prompt shows (PubMedQA's abstract, in the question's language), or nil.
    public var context: String?
    public var question: String
    /// The options in the order the prompt shows them.
    public var options: [OptionChoice]
    public var goldLetter: String
    /// The few-shot sets, `fewShotSets[0]` being set 1. Examples stay in English in every
    /// language, as in the paper.
    public var fewShotSets: [[SolvedExample]]
    /// How each few-shot set was drawn, for readers that sample; empty when the data gives them.
    public var fewShotDraws: [FewShotDraw]

    public init(
        identifier: String, task: BenchmarkTask, language: BenchmarkLanguage, context: String?, question: String,
        options: [OptionChoice], goldLetter: String, fewShotSets: [[SolvedExample]], fewShotDraws: [FewShotDraw] = []
    ) {
        self.identifier = identifier
        self.task = task
        self.language = language
        self.context = context
        self.question = question
        self.options = options
        self.goldLetter = goldLetter
        self.fewShotSets = fewShotSets
        self.fewShotDraws = fewShotDraws
    }

    /// The option letters, in prompt order.
    public var letters: [String] { options.map(\.letter) }

    /// The few-shot sets the question has (zero-shot is always possible and not listed).
    public var availableSets: [FewShotSet] { FewShotSet.sets(through: fewShotSets.count) }

    /// The solved examples of `set`: none for zero-shot, the set's list (which the data may
    /// give empty) otherwise; nil when the question has no such set.
    public func examples(for set: FewShotSet) -> [SolvedExample]? {
        guard let index = set.listIndex else { return [] }
        return index < fewShotSets.count ? fewShotSets[index] : nil
    }
}
