import Foundation

/// Records of the released BioInstructQA layout as JSON text, and one small file per kind of
/// odd record the real data has, with what reading it must give: the reader tests and the
/// command-line tests read the same files.
public enum BioInstructQASamples {
    /// The paper's instruction line, which every prompt of its template starts with.
    public static let head = "The following are multiple choice questions (with answers) about medical knowledge. \n "

    /// One record as JSON text: options "option A" …, gold the second letter, three few-shot
    /// sets of three identical examples; `overrides` replace or add members (values as JSON
    /// text), `removing` drops some.
    public static func record(
        identifier: String = "q1", corpus: String = "MedQA", letters: [String] = ["A", "B", "C", "D"],
        translated: Bool = false, overrides: [(String, String)] = [], removing: Set<String> = []
    ) -> String {
        let options = "{" + letters.map { "\"\($0)\": \"option \($0)\"" }.joined(separator: ", ") + "}"
        let example = #"{"context": null, "question": "example?", "options": \#(options), "correct_answer_letter": "\#(letters[0])"}"#
        var members: [(String, String)] = [
            ("identifier", "\"\(identifier)\""), ("corpus_name", "\"\(corpus)\""), ("task_type", "\"mcqa\""),
            ("classes", "[" + letters.map { "\"\($0)\"" }.joined(separator: ", ") + "]"),
            ("question", "\"What is it?\""), ("options", options), ("correct_answer_letter", "\"\(letters[1])\""),
            ("context", "null"),
        ]
        if translated {
            members += [("question_translated", "\"Qu'est-ce ?\""), ("options_translated", options), ("context_translated", "null")]
        }
        for set in 1 ... 3 { members.append(("few_shot_samples[\(set)]", "[\(example), \(example), \(example)]")) }
        for (key, value) in overrides {
            if let index = members.firstIndex(where: { $0.0 == key }) { members[index].1 = value } else { members.append((key, value)) }
        }
        members.removeAll { removing.contains($0.0) }
        return "{" + members.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// A JSON array of `records`.
    public static func file(_ records: [String]) -> String {
        "[\n" + records.joined(separator: ",\n") + "\n]\n"
    }

    /// The test element of the paper's template for "What is it?" (or `question`) with options
    /// "option A" … over `letters`, after an optional context.
    public static func testElement(question: String = "What is it?", letters: [String] = ["A", "B", "C", "D"], context: String? = nil) -> String {
        (context.map { "\($0) \n " } ?? "") + "**Question:** \(question) \n "
            + letters.map { "(\($0)) option \($0)" }.joined(separator: " \n ") + " \n **Answer:**("
    }

    /// One kind of odd record in a file of its own: the file's text and name, the question to
    /// prompt, the prompt expected (nil when that question is skipped, then `kept` names the
    /// questions read), and the one warning and the strict error expected.
    public struct OddRecordSample: Sendable, CustomStringConvertible {
        /// `OddRecordKind`'s raw value.
        public var kind: String
        public var fileName: String
        public var text: String
        public var task: String
        public var language: String
        public var question: String
        public var fewShotSet: Int
        /// The rendered prompt of `question` with `fewShotSet`, or nil when it is skipped.
        public var prompt: String?
        /// The identifiers the lenient read gives, in order.
        public var kept: [String]
        /// The strict error after the file's path: `record …: field …: value reason`.
        public var problem: String
        /// The field the warning and the error name.
        public var field: String
        /// What the warning says was done, and its count of records.
        public var consequence: String
        public var count: Int

        public var description: String { kind }

        /// The strict error for the file at `path`.
        public func strictError(path: String) -> String { "\(path): \(problem)" }

        /// The one warning of a lenient read of the file at `path`.
        public func warning(path: String) -> String {
            let tally = count == 1 ? "the only \(task) record like it" : "\(count) \(task) records like it"
            return "\(path): \(problem); \(consequence); \(tally)"
        }
    }

    /// One sample per kind of odd record (and per blank field: question, option, context).
    public static let oddRecords: [OddRecordSample] = {
        let fiveLetters = ["A", "B", "C", "D", "E"]
        let fourOptions = #"{"context": null, "question": "four?", "options": {"A": "a", "B": "b", "C": "c", "D": "d"}, "correct_answer_letter": "D"}"#
        let twoLowercase = #"{"context": null, "question": "two?", "options": {"a": "yes", "b": "no"}, "correct_answer_letter": "A"}"#
        let answerE = #"{"context": null, "question": "e?", "options": {"A": "a", "B": "b", "C": "c", "D": "d"}, "correct_answer_letter": "E"}"#
        let rendered = "rendered with the blank text, as the authors' getPrompt does"
        return [
            OddRecordSample(
                kind: "example-options", fileName: "overall_test+prompt.json",
                text: file([
                    record(identifier: "q1", corpus: "MedQA-5_options", letters: fiveLetters, overrides: [
                        ("few_shot_samples[1]", "[\(fourOptions)]"), ("few_shot_samples[2]", "[\(twoLowercase), \(fourOptions)]"),
                    ]),
                    record(identifier: "q2", corpus: "MedQA-5_options", letters: fiveLetters),
                    record(identifier: "q3", corpus: "MedQA-5_options", letters: fiveLetters, overrides: [("few_shot_samples[3]", "[\(fourOptions)]")]),
                ]),
                task: "MedQA-5_options", language: "en", question: "q1", fewShotSet: 2,
                prompt: head + "**Question:** two? \n (A) yes \n (B) no \n **Answer:**(A \n "
                    + "**Question:** four? \n (A) a \n (B) b \n (C) c \n (D) d \n **Answer:**(D \n " + testElement(letters: fiveLetters),
                kept: ["q1", "q2", "q3"],
                problem: #"record 0 ("q1"): field "few_shot_samples[1][0].options": letters A, B, C, D do not match the options of MedQA-5_options (A, B, C, D, E)"#,
                field: "few_shot_samples[1][0].options",
                consequence: "rendered with the example's own options, as the authors' getPrompt does", count: 2),
            OddRecordSample(
                kind: "classes-not-letters", fileName: "overall_test+prompt.json",
                text: file([record(
                    identifier: "p1", corpus: "PubMedQA", letters: ["A", "B", "C"],
                    overrides: [("classes", #"["yes", "no", "maybe"]"#), ("context", #""Abstract.""#)])]),
                task: "PubMedQA", language: "en", question: "p1", fewShotSet: 0,
                prompt: head + testElement(letters: ["A", "B", "C"], context: "Abstract."), kept: ["p1"],
                problem: #"record 0 ("p1"): field "classes": [yes, no, maybe] do not match the option letters of PubMedQA (A, B, C)"#,
                field: "classes", consequence: "read anyway (the prompt does not use classes; the letters are the task's)", count: 1),
            OddRecordSample(
                kind: "blank-text", fileName: "French-full.json",
                text: file([
                    record(identifier: "q1", translated: true, overrides: [("question_translated", #""""#)]),
                    record(identifier: "q2", translated: true, overrides: [("question_translated", #""""#)]),
                ]),
                task: "MedQA", language: "fr", question: "q1", fewShotSet: 0, prompt: head + testElement(question: ""), kept: ["q1", "q2"],
                problem: #"record 0 ("q1"): field "question_translated": "" is empty"#, field: "question_translated",
                consequence: rendered, count: 2),
            OddRecordSample(
                kind: "blank-text", fileName: "French-full.json",
                text: file([record(
                    identifier: "q1", translated: true,
                    overrides: [("options_translated", #"{"A": "", "B": "option B", "C": "option C", "D": "option D"}"#)])]),
                task: "MedQA", language: "fr", question: "q1", fewShotSet: 0,
                prompt: head + testElement(question: "Qu'est-ce ?").replacingOccurrences(of: "(A) option A", with: "(A) "), kept: ["q1"],
                problem: #"record 0 ("q1"): field "options_translated.A": "" is empty"#, field: "options_translated.A",
                consequence: rendered, count: 1),
            OddRecordSample(
                kind: "blank-text", fileName: "French-full.json",
                text: file([record(
                    identifier: "p1", corpus: "PubMedQA", letters: ["A", "B", "C"], translated: true,
                    overrides: [("context", #""Abstract.""#), ("context_translated", #""""#)])]),
                task: "PubMedQA", language: "fr", question: "p1", fewShotSet: 0,
                prompt: head + testElement(question: "Qu'est-ce ?", letters: ["A", "B", "C"], context: ""), kept: ["p1"],
                problem: #"record 0 ("p1"): field "context_translated": "" is empty"#, field: "context_translated",
                consequence: rendered, count: 1),
            OddRecordSample(
                kind: "empty-fewshot-set", fileName: "overall_test+prompt.json",
                text: file([record(overrides: [("few_shot_samples[2]", "[]")])]),
                task: "MedQA", language: "en", question: "q1", fewShotSet: 2, prompt: head + " \n " + testElement(), kept: ["q1"],
                problem: #"record 0 ("q1"): field "few_shot_samples[2]": [] is empty"#, field: "few_shot_samples[2]",
                consequence: "rendered as the authors' getPrompt renders an empty example list", count: 1),
            OddRecordSample(
                kind: "example-answer", fileName: "overall_test+prompt.json",
                text: file([record(overrides: [("few_shot_samples[1]", "[\(answerE)]")])]),
                task: "MedQA", language: "en", question: "q1", fewShotSet: 1,
                prompt: head + "**Question:** e? \n (A) a \n (B) b \n (C) c \n (D) d \n **Answer:**(E \n " + testElement(), kept: ["q1"],
                problem: #"record 0 ("q1"): field "few_shot_samples[1][0].correct_answer_letter": "E" is not an option letter of MedQA (A, B, C, D)"#,
                field: "few_shot_samples[1][0].correct_answer_letter",
                consequence: "rendered with the letter as written, as the authors' getPrompt does", count: 1),
            OddRecordSample(
                kind: "question-options", fileName: "overall_test+prompt.json",
                text: file([
                    record(identifier: "q1", overrides: [("options", #"{"A": "option A", "B": "option B", "C": "option C"}"#)]),
                    record(identifier: "q2"),
                ]),
                task: "MedQA", language: "en", question: "q2", fewShotSet: 0, prompt: head + testElement(), kept: ["q2"],
                problem: #"record 0 ("q1"): field "options": letters A, B, C do not match the options of MedQA (A, B, C, D)"#,
                field: "options", consequence: "skipped (a question is scored on its task's letters)", count: 1),
            OddRecordSample(
                kind: "gold-not-an-option", fileName: "overall_test+prompt.json",
                text: file([record(identifier: "q1", overrides: [("correct_answer_letter", #""F""#)]), record(identifier: "q2")]),
                task: "MedQA", language: "en", question: "q2", fewShotSet: 0, prompt: head + testElement(), kept: ["q2"],
                problem: #"record 0 ("q1"): field "correct_answer_letter": "F" is not an option letter of MedQA (A, B, C, D)"#,
                field: "correct_answer_letter", consequence: "skipped (no answer could be right)", count: 1),
            OddRecordSample(
                kind: "duplicate-identifier", fileName: "overall_test+prompt.json",
                text: file([
                    record(identifier: "a"), record(identifier: "b"),
                    record(identifier: "a", overrides: [("question", #""Second?""#)]),
                ]),
                task: "MedQA", language: "en", question: "a", fewShotSet: 0, prompt: head + testElement(), kept: ["a", "b"],
                problem: #"record 2 ("a"): duplicate identifier "a" (first at record 0)"#, field: "identifier",
                consequence: "skipped (the first record of the identifier is kept)", count: 1),
        ]
    }()
}
