/// The quirks of the released BioInstructQA data that a lenient read tolerates, each with what
/// becomes of a record that has it. The rule: a record is rendered exactly as the authors'
/// `getPrompt` (BioInstructQA.py) renders it; a record that cannot give a scorable question is
/// skipped. Strict reading (`ReadMode.strict`) refuses every one of them.
public enum OddRecordKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// `classes` is not the task's letters (words such as "yes", "no", "maybe", or other
    /// letters). Rendered: `getPrompt` never reads `classes`, and medsweep takes a task's
    /// letters from the task.
    case classesNotLetters = "classes-not-letters"
    /// A blank question, option text or context (translated or English, test question or
    /// example). Rendered with the blank text in place, as `getPrompt` puts it there (a blank
    /// context still brings its " \n ").
    case blankText = "blank-text"
    /// A few-shot example whose options are not the task's letters (fewer, more, others).
    /// Rendered from the example's own options, as `getPrompt` renders every option dict.
    case exampleOptions = "example-options"
    /// A few-shot example whose answer letter is not one of its options. Rendered with the
    /// letter as written, as `getPrompt` does.
    case exampleAnswer = "example-answer"
    /// A few-shot set the data gives as an empty list. Rendered as `getPrompt` renders an empty
    /// list: the instruction, " \n ", the test question (zero-shot has no such separator).
    case emptyFewShotSet = "empty-fewshot-set"
    /// A test question whose options are not the task's letters. Skipped: the scorer, the
    /// journal, the metrics and the ensembles compare one probability per option letter of the
    /// task across questions and models, which such a question does not have.
    case questionOptions = "question-options"
    /// A test question whose gold letter is not one of its options. Skipped: no answer could be
    /// right, so its score would say nothing about the model.
    case goldNotAnOption = "gold-not-an-option"
    /// A second record of a task with an identifier already read. Skipped, the first kept:
    /// results are keyed by identifier (journal, report, ensembles), and two questions under one
    /// name would be refused there as duplicates.
    case duplicateIdentifier = "duplicate-identifier"

    /// Whether a record of this kind is left out of the questions.
    public var skipsRecord: Bool {
        switch self {
        case .questionOptions, .goldNotAnOption, .duplicateIdentifier: true
        case .classesNotLetters, .blankText, .exampleOptions, .exampleAnswer, .emptyFewShotSet: false
        }
    }

    /// What was done with such records, for warnings.
    public var consequence: String {
        switch self {
        case .classesNotLetters: "read anyway (the prompt does not use classes; the letters are the task's)"
        case .blankText: "rendered with the blank text, as the authors' getPrompt does"
        case .exampleOptions: "rendered with the example's own options, as the authors' getPrompt does"
        case .exampleAnswer: "rendered with the letter as written, as the authors' getPrompt does"
        case .emptyFewShotSet: "rendered as the authors' getPrompt renders an empty example list"
        case .questionOptions: "skipped (a question is scored on its task's letters)"
        case .goldNotAnOption: "skipped (no answer could be right)"
        case .duplicateIdentifier: "skipped (the first record of the identifier is kept)"
        }
    }
}
