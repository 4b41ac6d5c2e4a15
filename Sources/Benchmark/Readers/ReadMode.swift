/// How a reader treats odd records, the quirks of the real data (see `OddRecordKind`).
///
/// Lenient (the default) renders each odd record as the authors' code renders it, or skips it
/// where that is impossible, and reports one warning per kind in the `ReadSummary`. Strict
/// refuses the first odd record with an error naming the file, the record, the field and the
/// value. Either way a record that is not BioInstructQA-shaped at all (a missing field, a value
/// of the wrong type, broken JSON) is an error: the authors' loader could not have read it.
///
/// ```swift
/// let reader = BioInstructQAReader(file: .path("French-full.json"), mode: .strict)
/// ```
public enum ReadMode: String, Sendable, Hashable, Codable, CaseIterable {
    case lenient
    case strict
}
