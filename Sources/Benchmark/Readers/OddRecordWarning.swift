/// One warning of a lenient read: a kind of odd record in one task of one file, told once
/// however many records have it. It names the first such record (its index, its identifier,
/// the field and the value, as the strict error would) and counts them all.
///
/// ```
/// French-full.json: record 12 ("q7"): field "few_shot_samples[1][0].options": letters A, B, C, D do not
/// match the options of MedQA-5_options (A, B, C, D, E); rendered with the example's own options, as the
/// authors' getPrompt does; 37 MedQA-5_options records like it
/// ```
public struct OddRecordWarning: Sendable, Equatable, CustomStringConvertible {
    public var kind: OddRecordKind
    public var task: BenchmarkTask
    /// The first record's problem, as strict reading reports it: file, record, field, value.
    public var first: BenchmarkDataError
    /// Records of the task with this kind of problem in this field, the first included (a
    /// record with three such examples counts once).
    public var count: Int

    public init(kind: OddRecordKind, task: BenchmarkTask, first: BenchmarkDataError, count: Int) {
        self.kind = kind
        self.task = task
        self.first = first
        self.count = count
    }

    public var description: String {
        let tally = count == 1 ? "the only \(task.corpusName) record like it" : "\(count) \(task.corpusName) records like it"
        return "\(first); \(kind.consequence); \(tally)"
    }
}

/// Collects a read's odd records: strict, throws the first; lenient, keeps one warning per
/// task, kind and field (its indices and option letters left out, so `few_shot_samples[2][0].options`
/// and `few_shot_samples[3][1].options` are one field) with the count of records.
struct OddRecordLog {
    let mode: ReadMode
    private(set) var warnings: [OddRecordWarning] = []
    private var positions: [Key: (index: Int, lastRecord: Int?)] = [:]

    private struct Key: Hashable {
        var task: BenchmarkTask
        var kind: OddRecordKind
        var field: String
    }

    init(mode: ReadMode) {
        self.mode = mode
    }

    /// Notes that the current record is odd in the way `problem` says; throws `problem` when
    /// strict.
    mutating func note(_ kind: OddRecordKind, task: BenchmarkTask, _ problem: BenchmarkDataError) throws {
        if mode == .strict { throw problem }
        let key = Key(task: task, kind: kind, field: Self.fieldFamily(problem.field ?? ""))
        let record = problem.location?.record
        guard let position = positions[key] else {
            positions[key] = (warnings.count, record)
            warnings.append(OddRecordWarning(kind: kind, task: task, first: problem, count: 1))
            return
        }
        if record == nil || record != position.lastRecord {
            warnings[position.index].count += 1
            positions[key] = (position.index, record)
        }
    }

    /// `field` with every `[n]` made `[*]` and every option letter after `options.` or
    /// `options_translated.` made `*`.
    static func fieldFamily(_ field: String) -> String {
        var out = ""
        var index = field.startIndex
        while index < field.endIndex {
            let character = field[index]
            if character == "[", let close = field[index...].firstIndex(of: "]"),
                field[field.index(after: index) ..< close].allSatisfy(\.isNumber)
            {
                out += "[*]"
                index = field.index(after: close)
                continue
            }
            out.append(character)
            index = field.index(after: index)
        }
        let parts = out.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        return parts.enumerated().map { position, part -> String in
            let previous = position > 0 ? parts[position - 1] : ""
            return previous.hasSuffix("options") || previous.hasSuffix("options_translated") ? "*" : part
        }.joined(separator: ".")
    }
}
