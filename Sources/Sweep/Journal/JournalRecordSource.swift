import Benchmark

/// A journal's committed results as the report's records.
public struct JournalRecordSource: QuestionRecordSource {
    public let journal: Journal
    public let tasks: [BenchmarkTask]

    public init(journal: Journal) throws {
        self.journal = journal
        self.tasks = try journal.tasks()
    }

    public var label: String { "journal \(journal.path)" }
    public var isSynthetic: Bool { false }

    public func records() throws -> [QuestionRecord] {
        try journal.records()
    }
}
