/// Where a report's per-question records come from. The report reads records through this, so
/// a second source (the sweep's journal) plugs in beside the synthetic one.
///
/// ```swift
/// let source: any QuestionRecordSource = SyntheticRecordSource(benchmark: .demo)
/// let grid = try ScoreGrid(records: try source.records(), metric: .accuracy)
/// ```
public protocol QuestionRecordSource: Sendable {
    /// What the records are, for the report's header ("SYNTHETIC records …", a journal's path).
    var label: String { get }
    /// Whether the records were made up rather than measured; reports say so in their title.
    var isSynthetic: Bool { get }
    /// The tasks the source's benchmark has, in table order.
    var tasks: [BenchmarkTask] { get }
    func records() throws -> [QuestionRecord]
    /// Where the records come from (models and their digests, data, template, dates), as far
    /// as the source knows; the report prints it. A source that knows nothing returns an empty
    /// value, which reports say is unknown.
    func provenance() throws -> ReportProvenance
}

extension QuestionRecordSource {
    public func provenance() throws -> ReportProvenance {
        ReportProvenance(gaps: ["the records' source (\(label)) records no provenance"])
    }
}
