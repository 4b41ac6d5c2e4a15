import Benchmark
import Testing

/// Templates as data: the paper's template byte for byte (golden files), the lm-eval style,
/// zero-shot, and template validation.
@Suite struct PromptTemplateTests {
    private func demoQuestion(_ task: BenchmarkTask, _ language: BenchmarkLanguage, _ identifier: String) throws -> BenchmarkQuestion {
        try #require(try DemoBenchmark.manifest.questions(task: task, language: language).questions.first { $0.identifier == identifier })
    }

    /// The golden files were rendered by an independent implementation of the authors'
    /// `getPrompt` (BioInstructQA.py) from the demo benchmark's JSON files, not by medsweep.
    @Test(arguments: [
        (BenchmarkTask.medQA, BenchmarkLanguage.en, "demo-medqa-1", 1, "paper-medqa-en-set1.txt"),
        (.pubMedQA, .en, "demo-pubmedqa-1", 2, "paper-pubmedqa-en-set2.txt"),
        (.pubMedQA, .fr, "demo-pubmedqa-1", 1, "paper-pubmedqa-fr-set1.txt"),
    ])
    func paperTemplateMatchesTheGoldenFileByteForByte(
        task: BenchmarkTask, language: BenchmarkLanguage, identifier: String, set: FewShotSet, golden: String
    ) throws {
        let prompt = try PromptTemplate.paper.prompt(for: try demoQuestion(task, language, identifier), fewShotSet: set)
        let expected = try TestData.golden(golden)
        #expect(Array(prompt.utf8) == Array(expected.utf8))
    }

    @Test func paperPromptShapeByHand() throws {
        let question = BenchmarkQuestion(
            identifier: "x", task: .pubMedQA, language: .en, context: "Ctx.", question: "Q?",
            options: [OptionChoice(letter: "A", text: "yes"), OptionChoice(letter: "B", text: "no"), OptionChoice(letter: "C", text: "maybe")],
            goldLetter: "B",
            fewShotSets: [[SolvedExample(context: nil, question: "E?", options: [OptionChoice(letter: "A", text: "a")], correctLetter: "A")]])
        let head = "The following are multiple choice questions (with answers) about medical knowledge. \n "
        #expect(try PromptTemplate.paper.prompt(for: question, fewShotSet: 1)
            == head + "**Question:** E? \n (A) a \n **Answer:**(A \n Ctx. \n **Question:** Q? \n (A) yes \n (B) no \n (C) maybe \n **Answer:**(")
        // Zero-shot, as getPrompt with no examples: the instruction, then the question.
        #expect(try PromptTemplate.paper.prompt(for: question, fewShotSet: 0)
            == head + "Ctx. \n **Question:** Q? \n (A) yes \n (B) no \n (C) maybe \n **Answer:**(")
        #expect(PromptTemplate.paper.continuation(for: "B") == "B")
        #expect(throws: PromptTemplateError.noFewShotSet(identifier: "x", set: 2, available: 1)) {
            try PromptTemplate.paper.prompt(for: question, fewShotSet: 2)
        }
    }

    /// The authors' getPrompt: with no example list (their zero-shot `prompt_no_answer`) the
    /// test element follows the instruction; with an empty list (a set the data gives empty)
    /// their few-shot branch adds its separator before it.
    @Test func zeroShotIsTheInstructionThenTheQuestionAndAnEmptySetKeepsItsSeparator() throws {
        let question = BenchmarkQuestion(
            identifier: "x", task: .medQA, language: .en, context: nil, question: "Q?",
            options: ["A", "B", "C", "D"].map { OptionChoice(letter: $0, text: $0.lowercased()) }, goldLetter: "C",
            fewShotSets: [[], [SolvedExample(context: nil, question: "E?", options: [OptionChoice(letter: "A", text: "a")], correctLetter: "A")]])
        let head = "The following are multiple choice questions (with answers) about medical knowledge. \n "
        let test = "**Question:** Q? \n (A) a \n (B) b \n (C) c \n (D) d \n **Answer:**("
        #expect(try PromptTemplate.paper.prompt(for: question, fewShotSet: .zeroShot) == head + test)
        #expect(try PromptTemplate.paper.prompt(for: question, fewShotSet: 1) == head + " \n " + test)
        #expect(try PromptTemplate.paper.prompt(for: question, fewShotSet: 2) == head + "**Question:** E? \n (A) a \n **Answer:**(A \n " + test)
        #expect(throws: PromptTemplateError.noFewShotSet(identifier: "x", set: 3, available: 2)) {
            try PromptTemplate.paper.prompt(for: question, fewShotSet: 3)
        }
        #expect(PromptTemplateError.noFewShotSet(identifier: "x", set: 3, available: 2).description
            == #"question "x" has no few-shot set 3 (it has sets 1 to 2; 0 is zero-shot)"#)
    }

    @Test func lmEvalStyle() throws {
        let question = try demoQuestion(.anatomy, .en, "demo-mmlu_anatomy-1")
        let prompt = try PromptTemplate.lmEval.prompt(for: question, fewShotSet: 1)
        #expect(prompt.hasPrefix("The following are multiple choice questions (with answers) about anatomy.\n\nWhich bone forms the point of the elbow?\nA. Radius\nB. Humerus\nC. Ulna\nD. Scapula\nAnswer: C\n\n"))
        #expect(prompt.hasSuffix("Which is the longest bone in the human body?\nA. Femur\nB. Tibia\nC. Humerus\nD. Fibula\nAnswer:"))
        #expect(PromptTemplate.lmEval.continuation(for: "A") == " A")
    }

    @Test func placeholdersAreFilledInOnePass() throws {
        let question = BenchmarkQuestion(
            identifier: "x", task: .medQA, language: .en, context: nil, question: "Is {answer} literal?",
            options: ["A", "B", "C", "D"].map { OptionChoice(letter: $0, text: "{text}") }, goldLetter: "A", fewShotSets: [])
        let prompt = try PromptTemplate.paper.prompt(for: question, fewShotSet: 0)
        #expect(prompt.hasSuffix("**Question:** Is {answer} literal? \n (A) {text} \n (B) {text} \n (C) {text} \n (D) {text} \n **Answer:**("))
    }

    @Test func invalidTemplatesAreRefused() {
        var template = PromptTemplate.paper
        template.element = "{question} {options} **Answer:**"
        #expect(throws: PromptTemplateError.invalid(template: "paper", field: "element", reason: "must end with {answer}, once (the prompt is the text before the answer)")) {
            try template.validate()
        }
        template = PromptTemplate.paper
        template.option = "({lettre}) {text}"
        #expect(throws: PromptTemplateError.invalid(template: "paper", field: "option", reason: "uses {lettre}, which it cannot (it takes {letter}, {text})")) {
            try template.validate()
        }
        template = PromptTemplate.paper
        template.element = "**Question:** {question} \n {options} \n **Answer:**({answer}"
        let withContext = BenchmarkQuestion(
            identifier: "x", task: .pubMedQA, language: .en, context: "C.", question: "Q?",
            options: [OptionChoice(letter: "A", text: "yes")], goldLetter: "A", fewShotSets: [])
        #expect(throws: PromptTemplateError.self) { try template.prompt(for: withContext, fewShotSet: 0) }
        #expect(throws: PromptTemplateError.unknownTemplate(name: "nope", known: ["paper", "lm-eval"])) { try PromptTemplate.named("nope") }
    }
}
