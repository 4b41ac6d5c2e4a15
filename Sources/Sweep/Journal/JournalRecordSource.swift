import Benchmark

/// A journal's committed results as the report's records.
public struct JournalRecordSource: QuestionRecordSource {
    public let journal: Journal
    public let tasks: [BenchmarkTask]
    public let answerRule: AnswerRule

    public init(journal: Journal) throws {
        self.journal = journal
        self.tasks = try journal.tasks()
        self.answerRule = try journal.answerRule()
    }

    public var label: String {
        switch answerRule {
        case .decodedText: "journal \(journal.path)"
        case .tokenID: "journal \(journal.path) (scored by medsweep's earlier token-id answer rule, not the authors' decoded-text rule)"
        }
    }
    public var isSynthetic: Bool { false }

    public func records() throws -> [QuestionRecord] {
        try journal.records()
    }
}
