/// Reads the released BioInstructQA layout: a JSON array of records, English in
/// `base/overall_test+prompt.json`, each translation in `langs_processed/<Language>-full.json`.
///
/// Fields read, as the authors' loading script (`BioInstructQA.py`) reads them:
/// `identifier`, `corpus_name`, `task_type`, `classes`, `correct_answer_letter`, `context`,
/// `few_shot_samples[1]` to `[3]` (each a list of `context`, `question`, `options`,
/// `correct_answer_letter`), and `question` and `options` in English or `question_translated`,
/// `options_translated` and `context_translated` in another language. As in that script, only
/// PubMedQA questions show a context (and a translated one only when the English `context` is
/// not null); few-shot examples show theirs whenever it is not null, and stay in English.
///
/// Real records have quirks (few-shot examples with fewer options than the task, classes
/// written as words, blank translations, repeated identifiers): read leniently (the default),
/// each is rendered as the authors' `getPrompt` renders it or, when no scorable question
/// remains, skipped, with one warning per kind in the `ReadSummary` (see `OddRecordKind`);
/// read strictly, the first is an error naming the file, record, field and value.
///
/// ```swift
/// let reader = BioInstructQAReader(file: .path("langs_processed/French-full.json"))
/// let questions = try reader.questions(task: .pubMedQA, language: .fr)
/// ```
public struct BioInstructQAReader: Sendable {
    public let file: DataFile
    /// Whether to warn about test sets whose size is not the paper's (off for demo data).
    public var checksTestSizes: Bool
    /// Lenient (render or skip odd records, with warnings) or strict (refuse the first).
    public var mode: ReadMode

    public init(file: DataFile, checksTestSizes: Bool = true, mode: ReadMode = .lenient) {
        self.file = file
        self.checksTestSizes = checksTestSizes
        self.mode = mode
    }

    /// The language a file of the released layout holds, from its name: `<Language>-full.json`
    /// for a translation, `overall_<split>+prompt.json` for English; nil for other names.
    public static func language(ofFileNamed name: String) -> BenchmarkLanguage? {
        if name.hasPrefix("overall_"), name.hasSuffix("+prompt.json") { return .en }
        return BenchmarkLanguage.allCases.first { $0.isTranslated && $0.bioInstructQAFileName == name }
    }

    /// The questions of `task` in `language`, in file order.
    public func questions(task: BenchmarkTask, language: BenchmarkLanguage) throws -> [BenchmarkQuestion] {
        var questions: [BenchmarkQuestion] = []
        _ = try read(language: language, tasks: [task]) { questions.append($0) }
        return questions
    }

    /// Streams the questions of `tasks` in `language` to `body`, in file order, checking each
    /// record of those tasks; records of other tasks are parsed but not checked, records of
    /// corpora that are not benchmark tasks are counted and skipped. Odd records are rendered,
    /// skipped or refused as `mode` says.
    @discardableResult
    public func read(
        language: BenchmarkLanguage, tasks: Set<BenchmarkTask> = Set(BenchmarkTask.allCases),
        _ body: (BenchmarkQuestion) throws -> Void
    ) throws -> ReadSummary {
        try checkFileLanguage(language)
        var summary = ReadSummary()
        var log = OddRecordLog(mode: mode)
        var firstRecordOfIdentifier: [BenchmarkTask: [String: Int]] = [:]
        try JSONRecords.forEachArrayElement(in: file) { location, node in
            var fields = try RecordFields(node, file: file.name, location: location)
            let corpus = try fields.string("corpus_name")
            guard let task = BenchmarkTask(corpusName: corpus) else {
                summary.skippedCorpora[corpus, default: 0] += 1
                return
            }
            guard tasks.contains(task) else { return }
            let identifier = try fields.identifier("identifier")
            fields.location.identifier = identifier
            if let first = firstRecordOfIdentifier[task]?[identifier] {
                try log.note(.duplicateIdentifier, task: task, .duplicateIdentifier(
                    file: file.name, location: fields.location, identifier: identifier, firstRecord: first))
                summary.skippedRecords[task, default: 0] += 1
                return
            }
            firstRecordOfIdentifier[task, default: [:]][identifier] = location.record
            let record = BioInstructQARecord(fields: fields, task: task, language: language)
            guard let question = try record.question(identifier: identifier, log: &log) else {
                summary.skippedRecords[task, default: 0] += 1
                return
            }
            summary.questionCounts[task, default: 0] += 1
            try body(question)
        }
        summary.oddRecords = log.warnings
        if checksTestSizes {
            summary.checkTestSizes(of: Array(tasks), language: language, file: file.name)
        }
        return summary
    }

    /// A file named as one language of the released layout cannot give another: an English file
    /// has no translated fields, and a French file's translations are not Spanish.
    private func checkFileLanguage(_ language: BenchmarkLanguage) throws {
        guard language.isTranslated, let fileLanguage = Self.language(ofFileNamed: file.baseName) else { return }
        if fileLanguage == .en {
            throw BenchmarkDataError.wrongLanguage(
                file: file.name, requested: language, reason: "\(file.baseName) holds the English questions only")
        }
        if fileLanguage != language {
            throw BenchmarkDataError.wrongLanguage(
                file: file.name, requested: language,
                reason: "\(file.baseName) holds the \(fileLanguage.englishName) translation (\(fileLanguage.rawValue))")
        }
    }
}
