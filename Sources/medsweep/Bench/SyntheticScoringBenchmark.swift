import Benchmark
import Engine

/// A made-up benchmark with BioInstructQA's shape, for `bench scoring`: every question has its
/// own three solved examples, in English in all 8 languages, and only the test question, its
/// options and its context are translated. Lengths follow the real data in the model's own
/// tokens (the template's included): a solved example is about 60 tokens in MMLU, 150 in MedQA and 300 in PubMedQA (whose
/// examples carry an abstract), a translated test question 1.05–1.25x the English one in es,
/// de, pt and fr and 1.2–2x in ru, ar and zh. Prompts are the paper's template, so the
/// instruction is the real one; the words are the model's vocabulary pieces (or made-up
/// letters where it has none), so the text tokenizes to the lengths asked for. The same seed
/// gives the same benchmark.
struct SyntheticScoringBenchmark {
    /// A task family, with the task whose letters and template branch it uses.
    enum Family: String, CaseIterable {
        case mmlu = "MMLU", medQA = "MedQA", pubMedQA = "PubMedQA"

        var task: BenchmarkTask {
            switch self {
            case .mmlu: .clinicalKnowledge
            case .medQA: .medQA
            case .pubMedQA: .pubMedQA
            }
        }

        /// A solved example's length in tokens, on average (the test question's in English too).
        var elementTokens: Int {
            switch self {
            case .mmlu: 60
            case .medQA: 150
            case .pubMedQA: 300
            }
        }
    }

    /// One question in every language: the prompts share the instruction and the examples.
    struct Question {
        let family: Family
        let index: Int
        /// In ``languages`` order.
        let prompts: [String]
        let letters: [String]
    }

    static let languages = BenchmarkLanguage.allCases

    let questions: [Question]

    /// `perFamily` questions of each family, in family order.
    init(perFamily: Int, tokenizer: ModelTokenizer, seed: UInt64 = 14) throws {
        var words = WordSource(tokenizer: tokenizer, seed: seed)
        var questions: [Question] = []
        for family in Family.allCases {
            let overhead = try Self.templateTokens(family: family, tokenizer: tokenizer)
            for index in 0 ..< perFamily {
                questions.append(try Self.question(family: family, index: index, overhead: overhead, words: &words))
            }
        }
        self.questions = questions
    }

    /// The tokens the template adds around an element's texts: an example of one-letter texts,
    /// less those letters.
    private static func templateTokens(family: Family, tokenizer: ModelTokenizer) throws -> Int {
        let letters = family.task.letters
        let example = SolvedExample(
            context: family.task.hasContext ? "a" : nil, question: "a",
            options: letters.map { OptionChoice(letter: $0, text: "a") }, correctLetter: letters[0])
        func tokens(_ examples: [SolvedExample]) throws -> Int {
            tokenizer.promptTokens(try PromptTemplate.paper.prompt(
                task: family.task, context: nil, question: "a", options: example.options, examples: examples)).count
        }
        let texts = 1 + letters.count + (family.task.hasContext ? 1 : 0)
        return max(0, try tokens([example, example]) - tokens([example]) - texts)
    }

    private static func question(family: Family, index: Int, overhead: Int, words: inout WordSource) throws -> Question {
        let letters = family.task.letters
        let examples = (0 ..< 3).map { _ in
            let parts = parts(family: family, scale: 1, overhead: overhead, words: &words)
            return SolvedExample(
                context: parts.context, question: parts.question, options: parts.options,
                correctLetter: letters[words.next(below: letters.count)])
        }
        let prompts = try languages.map { language in
            let parts = parts(family: family, scale: words.lengthFactor(language), overhead: overhead, words: &words)
            return try PromptTemplate.paper.prompt(
                task: family.task, context: parts.context, question: parts.question, options: parts.options,
                examples: examples)
        }
        return Question(family: family, index: index, prompts: prompts, letters: letters)
    }

    /// An element's texts, `scale` times the family's length give or take a fifth, `overhead`
    /// of it the template's own tokens: for PubMedQA most of it the context and yes / no /
    /// maybe options, else a question and options of a few words each.
    private static func parts(
        family: Family, scale: Double, overhead: Int, words: inout WordSource
    ) -> (context: String?, question: String, options: [OptionChoice]) {
        let total = Double(family.elementTokens) * scale * (0.8 + 0.4 * words.unit())
        let content = max(12, Int(total) - overhead)
        let letters = family.task.letters
        switch family {
        case .pubMedQA:
            let options = zip(letters, [1, 1, 2]).map { OptionChoice(letter: $0, text: words.text(tokens: Int((Double($1) * scale).rounded()))) }
            return (words.text(tokens: content * 4 / 5), words.text(tokens: content / 5), options)
        case .mmlu, .medQA:
            let optionTokens = max(1, content / 10)
            let options = letters.map { OptionChoice(letter: $0, text: words.text(tokens: optionTokens)) }
            return (nil, words.text(tokens: content - optionTokens * letters.count), options)
        }
    }
}

/// Words that tokenize predictably, drawn with a seeded generator.
private struct WordSource {
    private let tokenizer: ModelTokenizer
    private var generator: SplitMix64
    /// Vocabulary pieces that are a space and three or more lowercase letters: one token each
    /// in running text. Empty for vocabularies without such pieces (made-up words then).
    private let pieces: [String]

    init(tokenizer: ModelTokenizer, seed: UInt64) {
        self.tokenizer = tokenizer
        generator = SplitMix64(seed: seed)
        var pieces: [String] = []
        for id in 0 ..< Int32(tokenizer.count) {
            let text = tokenizer.decode([id])
            guard text.first == " ", text.count >= 4,
                  text.dropFirst().allSatisfy({ ("a" ... "z").contains($0) }) else { continue }
            pieces.append(String(text.dropFirst()))
        }
        self.pieces = pieces.count >= 50 ? pieces : []
    }

    mutating func next(below bound: Int) -> Int { generator.next(below: bound) }

    /// Uniform in 0 ..< 1.
    mutating func unit() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }

    /// How much longer a test question is in `language` than in English.
    mutating func lengthFactor(_ language: BenchmarkLanguage) -> Double {
        switch language {
        case .en: 1
        case .es, .de, .pt, .fr: 1.05 + 0.2 * unit()
        case .ru, .ar, .zh: 1.2 + 0.8 * unit()
        }
    }

    private mutating func word() -> String {
        if !pieces.isEmpty { return pieces[generator.next(below: pieces.count)] }
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return String((0 ..< 3 + generator.next(below: 4)).map { _ in letters[generator.next(below: 26)] })
    }

    /// Words that tokenize to about `tokens` tokens after a space (at least one word).
    mutating func text(tokens target: Int) -> String {
        var words = [word()]
        while count(words) < target {
            // Grow by the estimated shortfall, then step back to the shortest that reaches it.
            let perWord = max(1, Double(count(words)) / Double(words.count))
            let missing = max(1, Int((Double(target - count(words)) / perWord).rounded(.up)))
            for _ in 0 ..< missing { words.append(word()) }
        }
        while words.count > 1, count(Array(words.dropLast())) >= target { words.removeLast() }
        return words.joined(separator: " ")
    }

    /// Tokens of `words` as they tokenize in running text (after a space, no BOS).
    private func count(_ words: [String]) -> Int {
        tokenizer.encode("x " + words.joined(separator: " "), addingBOS: false).count - tokenizer.encode("x", addingBOS: false).count
    }
}
