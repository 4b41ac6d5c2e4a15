/// Where a record is in its file: its index (from 0, as `data[3]` in Python), its line for
/// line-based formats (from 1), and its identifier once known.
public struct RecordLocation: Sendable, Equatable, CustomStringConvertible {
    public var record: Int?
    public var line: Int?
    public var identifier: String?

    public init(record: Int? = nil, line: Int? = nil, identifier: String? = nil) {
        self.record = record
        self.line = line
        self.identifier = identifier
    }

    public var description: String {
        var parts: [String] = []
        if let line { parts.append("line \(line)") }
        if let identifier { parts.append("\"\(identifier)\"") }
        let detail = parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
        if let record { return "record \(record)" + detail }
        return parts.isEmpty ? "" : parts.joined(separator: ", ")
    }
}

/// Why a data file could not be read. Every message names the file, the record, the field and
/// the bad value where there is one.
///
/// ```
/// MedQA.jsonl: record 2 (line 3): field "answer_idx": "F" is not an option letter of MedQA (A, B, C, D)
/// ```
public enum BenchmarkDataError: Error, CustomStringConvertible, Equatable {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// The text is not valid JSON, JSON Lines or CSV at `byteOffset`.
    case syntax(file: String, location: RecordLocation, field: String?, byteOffset: Int, reason: String)
    /// A byte sequence that is not UTF-8.
    case invalidUTF8(file: String, location: RecordLocation, field: String?, byteOffset: Int)
    case missingField(file: String, location: RecordLocation, field: String)
    case wrongType(file: String, location: RecordLocation, field: String, expected: String, found: String)
    /// A value of the right type that the benchmark cannot use (a letter that is not an option,
    /// options that are not the task's, an empty question, …).
    case invalidValue(file: String, location: RecordLocation, field: String, value: String, reason: String)
    case duplicateIdentifier(file: String, location: RecordLocation, identifier: String, firstRecord: Int)
    /// The file holds another language than the one asked for.
    case wrongLanguage(file: String, requested: BenchmarkLanguage, reason: String)
    /// A few-shot pool too small for the number of examples asked for.
    case fewShotPoolTooSmall(file: String, task: BenchmarkTask, available: Int, needed: Int)
    /// No question of that identifier (or none at all) for the task and language.
    case questionNotFound(file: String, task: BenchmarkTask, language: BenchmarkLanguage, identifier: String?)
    /// A few-shot set the data does not give (`available`: the sets a question has, from 1).
    case noFewShotSet(file: String, task: BenchmarkTask, language: BenchmarkLanguage, identifier: String, set: FewShotSet, available: Int)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read: \(reason)"
        case .syntax(let file, let location, let field, let offset, let reason):
            return "\(file): \(prefix(location, field))byte \(offset): \(reason)"
        case .invalidUTF8(let file, let location, let field, let offset):
            return "\(file): \(prefix(location, field))byte \(offset): invalid UTF-8"
        case .missingField(let file, let location, let field):
            return "\(file): \(prefix(location, nil))missing field \"\(field)\""
        case .wrongType(let file, let location, let field, let expected, let found):
            return "\(file): \(prefix(location, field))expected \(expected), found \(found)"
        case .invalidValue(let file, let location, let field, let value, let reason):
            return "\(file): \(prefix(location, field))\(value) \(reason)"
        case .duplicateIdentifier(let file, let location, let identifier, let firstRecord):
            return "\(file): \(prefix(location, nil))duplicate identifier \"\(identifier)\" (first at record \(firstRecord))"
        case .wrongLanguage(let file, let requested, let reason):
            return "\(file): cannot give language \(requested.rawValue): \(reason)"
        case .fewShotPoolTooSmall(let file, let task, let available, let needed):
            return "\(file): the few-shot pool of \(task.corpusName) has \(available) examples, \(needed) are needed per set"
        case .questionNotFound(let file, let task, let language, let identifier):
            if let identifier {
                return "\(file): no \(task.corpusName) question \"\(identifier)\" in language \(language.rawValue)"
            }
            return "\(file): no \(task.corpusName) questions in language \(language.rawValue)"
        case .noFewShotSet(let file, let task, let language, let identifier, let set, let available):
            let sets = available == 0 ? "it has none" : available == 1 ? "it has set 1" : "it has sets 1 to \(available)"
            return "\(file): \(task.corpusName) question \"\(identifier)\" in \(language.rawValue) has no few-shot set \(set) "
                + "(\(sets); 0 is zero-shot)"
        }
    }

    /// The record the error is about, when it is about one.
    public var location: RecordLocation? {
        switch self {
        case .syntax(_, let location, _, _, _), .invalidUTF8(_, let location, _, _), .missingField(_, let location, _),
            .wrongType(_, let location, _, _, _), .invalidValue(_, let location, _, _, _), .duplicateIdentifier(_, let location, _, _):
            location
        case .unreadable, .wrongLanguage, .fewShotPoolTooSmall, .questionNotFound, .noFewShotSet:
            nil
        }
    }

    /// The field the error is about (its path inside the record), when it is about one.
    public var field: String? {
        switch self {
        case .syntax(_, _, let field, _, _), .invalidUTF8(_, _, let field, _): field
        case .missingField(_, _, let field), .wrongType(_, _, let field, _, _), .invalidValue(_, _, let field, _, _): field
        case .duplicateIdentifier: "identifier"
        case .unreadable, .wrongLanguage, .fewShotPoolTooSmall, .questionNotFound, .noFewShotSet: nil
        }
    }

    private func prefix(_ location: RecordLocation, _ field: String?) -> String {
        var out = ""
        let place = location.description
        if !place.isEmpty { out += place + ": " }
        if let field, !field.isEmpty { out += "field \"\(field)\": " }
        return out
    }
}
