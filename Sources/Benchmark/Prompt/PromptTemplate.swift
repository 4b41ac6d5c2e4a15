/// How a question and its solved examples become the prompt text: a template is data (built in,
/// or defined in a benchmark manifest), not code.
///
/// A prompt is `instruction`, then the solved examples joined by `exampleSeparator`, then
/// `questionSeparator`, then the test question; zero-shot it is `instruction` followed directly
/// by the question, as the authors' `getPrompt` builds it without examples. Each
/// element (example or question) is `element` with its placeholders filled: `{context}` (the
/// `context` format when the element has a context, else nothing), `{question}`, `{options}`
/// (each option in the `option` format, joined by `optionSeparator`) and `{answer}` (the
/// `answer` format for a solved example, nothing for the test question). `element` must end
/// with `{answer}`, so the prompt is exactly the text a solved question would have before its
/// answer, and `continuation(for:)` is what the model is scored on.
///
/// Placeholders: `{subject}` in `instruction`; `{context}` in `context`; `{letter}` and `{text}`
/// in `option`; `{letter}` in `answer`. Substitution is one pass: text put in a placeholder is
/// never read for placeholders again.
///
/// ```swift
/// let prompt = try PromptTemplate.paper.prompt(for: question, fewShotSet: 1)
/// prompt.hasSuffix("**Answer:**(")                // true
/// PromptTemplate.paper.continuation(for: "B")    // "B"
/// ```
public struct PromptTemplate: Codable, Sendable, Hashable {
    public var name: String
    public var instruction: String
    public var context: String
    public var option: String
    public var optionSeparator: String
    public var element: String
    public var answer: String
    public var exampleSeparator: String
    public var questionSeparator: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, instruction, context, option, element, answer
        case optionSeparator = "option_separator"
        case exampleSeparator = "example_separator"
        case questionSeparator = "question_separator"
    }

    public init(
        name: String, instruction: String, context: String, option: String, optionSeparator: String,
        element: String, answer: String, exampleSeparator: String, questionSeparator: String
    ) {
        self.name = name
        self.instruction = instruction
        self.context = context
        self.option = option
        self.optionSeparator = optionSeparator
        self.element = element
        self.answer = answer
        self.exampleSeparator = exampleSeparator
        self.questionSeparator = questionSeparator
    }

    /// Each field's name in a manifest, its text, and the placeholders it may use.
    private var fieldsAndPlaceholders: [(field: String, text: String, names: Set<String>)] {
        [
            ("instruction", instruction, ["subject"]),
            ("context", context, ["context"]),
            ("option", option, ["letter", "text"]),
            ("option_separator", optionSeparator, []),
            ("element", element, ["context", "question", "options", "answer"]),
            ("answer", answer, ["letter"]),
            ("example_separator", exampleSeparator, []),
            ("question_separator", questionSeparator, []),
        ]
    }

    /// Checks that every field uses only its placeholders, that `element` has `{question}`,
    /// `{options}` and ends with `{answer}`, and that `option` and `answer` show the letter.
    public func validate() throws {
        if name.isEmpty { throw PromptTemplateError.invalid(template: name, field: "name", reason: "is empty") }
        for (field, text, names) in fieldsAndPlaceholders {
            for placeholder in TemplateText.placeholders(in: text) where !names.contains(placeholder) {
                throw PromptTemplateError.invalid(
                    template: name, field: field,
                    reason: "uses {\(placeholder)}, which it cannot"
                        + (names.isEmpty ? " (it takes no placeholders)" : " (it takes \(names.sorted().map { "{\($0)}" }.joined(separator: ", ")))"))
            }
        }
        let elementPlaceholders = TemplateText.placeholders(in: element)
        for required in ["question", "options"] where !elementPlaceholders.contains(required) {
            throw PromptTemplateError.invalid(template: name, field: "element", reason: "has no {\(required)}")
        }
        guard element.hasSuffix("{answer}"), elementPlaceholders.filter({ $0 == "answer" }).count == 1 else {
            throw PromptTemplateError.invalid(
                template: name, field: "element", reason: "must end with {answer}, once (the prompt is the text before the answer)")
        }
        guard TemplateText.placeholders(in: option).contains("letter"), TemplateText.placeholders(in: answer).contains("letter") else {
            throw PromptTemplateError.invalid(template: name, field: "option and answer", reason: "must both show {letter}")
        }
    }

    /// What follows the prompt when the answer is `letter`: the text whose first token is
    /// scored ("B" for the paper's template, " B" for the lm-eval style).
    public func continuation(for letter: String) -> String {
        TemplateText.fill(answer, ["letter": letter])
    }

    /// The prompt for `question` with its few-shot set `fewShotSet` (zero-shot: no examples).
    public func prompt(for question: BenchmarkQuestion, fewShotSet: FewShotSet) throws -> String {
        guard let examples = question.examples(for: fewShotSet) else {
            throw PromptTemplateError.noFewShotSet(
                identifier: question.identifier, set: fewShotSet, available: question.fewShotSets.count)
        }
        return try prompt(
            task: question.task, context: question.context, question: question.question, options: question.options,
            examples: fewShotSet.isZeroShot ? nil : examples)
    }

    /// The prompt for a test question given by its parts, after `examples`.
    ///
    /// `examples` nil is zero-shot: the instruction, then the test element, as the authors'
    /// `getPrompt` builds it with `few_shot_examples=None` (their zero-shot `prompt_no_answer`).
    /// A list, even an empty one, goes through their few-shot branch: the examples joined, then
    /// `questionSeparator`, then the test element; so a set the data gives empty renders as
    /// theirs does, the separator after the instruction included.
    public func prompt(
        task: BenchmarkTask, context: String?, question: String, options: [OptionChoice], examples: [SolvedExample]?
    ) throws -> String {
        try validate()
        let test = try renderElement(context: context, question: question, options: options, answerLetter: nil)
        let head = TemplateText.fill(instruction, ["subject": task.subject])
        guard let examples else { return head + test }
        let solved = try examples.map { example in
            try renderElement(
                context: example.context, question: example.question, options: example.options, answerLetter: example.correctLetter)
        }
        return head + solved.joined(separator: exampleSeparator) + questionSeparator + test
    }

    private func renderElement(context: String?, question: String, options: [OptionChoice], answerLetter: String?) throws -> String {
        if context != nil, !TemplateText.placeholders(in: element).contains("context") {
            throw PromptTemplateError.invalid(
                template: name, field: "element", reason: "has no {context}, and this question or example has a context")
        }
        let renderedContext = context.map { TemplateText.fill(self.context, ["context": $0]) } ?? ""
        let renderedOptions = options.map { TemplateText.fill(option, ["letter": $0.letter, "text": $0.text]) }
            .joined(separator: optionSeparator)
        let renderedAnswer = answerLetter.map { TemplateText.fill(answer, ["letter": $0]) } ?? ""
        return TemplateText.fill(element, [
            "context": renderedContext, "question": question, "options": renderedOptions, "answer": renderedAnswer,
        ])
    }
}
