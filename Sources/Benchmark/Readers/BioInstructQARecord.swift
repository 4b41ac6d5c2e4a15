/// One record of the released BioInstructQA layout made a test question, the way the authors'
/// loader (`BioInstructQA.py`) reads it, its quirks noted as odd records (`OddRecordKind`): a
/// quirk the authors' `getPrompt` renders is rendered the same way, one that leaves no
/// scorable question skips the record. The checks run in the order strict reading reports
/// them: classes, question, options, context, gold letter, then the few-shot sets.
struct BioInstructQARecord {
    var fields: RecordFields
    var task: BenchmarkTask
    var language: BenchmarkLanguage

    /// The record's question, or nil when it is skipped as odd; odd fields go to `log` (which
    /// throws the first when strict). A field missing or of the wrong type is an error either way.
    func question(identifier: String, log: inout OddRecordLog) throws -> BenchmarkQuestion? {
        _ = try fields.string("task_type")
        let classes = try fields.strings("classes")
        if Set(classes) != Set(task.letters) || classes.count != task.letters.count {
            try log.note(.classesNotLetters, task: task, fields.invalid(
                "classes", "[" + classes.joined(separator: ", ") + "]",
                "do not match the option letters of \(task.corpusName) (\(task.letters.joined(separator: ", ")))"))
        }
        let englishContext = try fields.stringOrNull("context")
        let translated = language.isTranslated
        let questionKey = translated ? "question_translated" : "question"
        let optionsKey = translated ? "options_translated" : "options"
        let text = try fields.string(questionKey, allowEmpty: true)
        try noteBlank(fields, questionKey, text, &log)
        let options = try fields.anyOptions(optionsKey)
        for option in options { try noteBlank(fields, "\(optionsKey).\(option.letter)", option.text, &log) }
        var skipped = false
        if let mismatch = fields.optionsMismatch(optionsKey, options, task: task) {
            try log.note(.questionOptions, task: task, mismatch)
            skipped = true
        }
        // As the authors' script: only PubMedQA shows a context, and a translated one only when
        // the English context is not null.
        var context: String?
        if task.hasContext {
            context = translated ? (englishContext == nil ? nil : try fields.stringOrNull("context_translated")) : englishContext
            if let context { try noteBlank(fields, translated ? "context_translated" : "context", context, &log) }
        }
        let gold = try fields.string("correct_answer_letter", allowEmpty: true)
        // Options that are not the task's already skip the record (empty options would
        // otherwise be reported twice).
        if !skipped, let mismatch = fields.letterMismatch("correct_answer_letter", gold, among: options.map(\.letter), task: task) {
            try log.note(.goldNotAnOption, task: task, mismatch)
            skipped = true
        }
        let sets = try fewShotSets(&log)
        if skipped { return nil }
        return BenchmarkQuestion(
            identifier: identifier, task: task, language: language, context: context, question: text,
            options: options, goldLetter: gold, fewShotSets: sets)
    }

    /// `few_shot_samples[1]` to `[3]` (the released layout always has them; the authors'
    /// loader reads all three), then `[4]` and on while the record has them.
    private func fewShotSets(_ log: inout OddRecordLog) throws -> [[SolvedExample]] {
        var sets: [[SolvedExample]] = []
        var number = 1
        while number <= FewShotSet.paperSets.count || fields.has("few_shot_samples[\(number)]") {
            let key = "few_shot_samples[\(number)]"
            let nodes = try fields.array(key)
            if nodes.isEmpty { try log.note(.emptyFewShotSet, task: task, fields.invalid(key, "[]", "is empty")) }
            var examples: [SolvedExample] = []
            for (index, node) in nodes.enumerated() {
                examples.append(try example(fields.nested(node, path: "\(key)[\(index)]"), &log))
            }
            sets.append(examples)
            number += 1
        }
        return sets
    }

    /// A solved example, in English in every language. Its options are its own: real data
    /// gives examples with fewer or other options than the test question's task.
    private func example(_ example: RecordFields, _ log: inout OddRecordLog) throws -> SolvedExample {
        let context = try example.stringOrNull("context")
        if let context { try noteBlank(example, "context", context, &log) }
        let question = try example.string("question", allowEmpty: true)
        try noteBlank(example, "question", question, &log)
        let options = try example.anyOptions("options")
        for option in options { try noteBlank(example, "options.\(option.letter)", option.text, &log) }
        if let mismatch = example.optionsMismatch("options", options, task: task) {
            try log.note(.exampleOptions, task: task, mismatch)
        }
        let answer = try example.string("correct_answer_letter", allowEmpty: true)
        if let mismatch = example.letterMismatch("correct_answer_letter", answer, among: options.map(\.letter), task: task) {
            try log.note(.exampleAnswer, task: task, mismatch)
        }
        return SolvedExample(context: context, question: question, options: options, correctLetter: answer)
    }

    private func noteBlank(_ fields: RecordFields, _ key: String, _ text: String, _ log: inout OddRecordLog) throws {
        if let blank = fields.blank(key, text) { try log.note(.blankText, task: task, blank) }
    }
}
