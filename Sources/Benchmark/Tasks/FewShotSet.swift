/// Which solved examples a prompt shows before the test question: none (zero-shot, number 0),
/// or one of the question's few-shot sets (numbers from 1: the paper's sets are 1, 2 and 3,
/// its "3 seeds"; a data set may give more). Never negative.
///
/// Every layer passes this one value: the sweep file's `fewshot_sets`, work units and their
/// ids, the journal's `fewshot_set` column (an INTEGER holding `number`), records, report cells,
/// `medsweep prompt --fewshot-set`. It encodes as its bare number, so wire messages, JSON and
/// journals read the same as when it was a plain integer.
///
/// ```swift
/// let set: FewShotSet = 2
/// set.label                      // "set 2"
/// FewShotSet.zeroShot.label      // "0-shot"
/// FewShotSet(rawValue: -1)       // nil
/// ```
public struct FewShotSet: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByIntegerLiteral
{
    /// 0 for zero-shot, else the set's number (1-based, as the data's `few_shot_samples[1]`).
    public let number: Int

    /// The set numbered `rawValue`; nil when it is negative.
    public init?(rawValue: Int) {
        guard rawValue >= 0 else { return nil }
        number = rawValue
    }

    /// A literal in code; a negative one is a programming error.
    public init(integerLiteral value: Int) {
        precondition(value >= 0, "a few-shot set is 0 (zero-shot) or a set number from 1, not \(value)")
        number = value
    }

    public var rawValue: Int { number }

    /// The prompt without examples.
    public static let zeroShot: FewShotSet = 0

    /// The paper's three sets.
    public static let paperSets: [FewShotSet] = [1, 2, 3]

    /// Sets 1 through `count` (what a question with `count` sets has, besides zero-shot).
    public static func sets(through count: Int) -> [FewShotSet] {
        count < 1 ? [] : (1 ... count).map { FewShotSet(integerLiteral: $0) }
    }

    public var isZeroShot: Bool { number == 0 }

    /// Zero-shot or few-shot: sets of one setting are averaged together, never across settings.
    public var setting: ShotSetting { isZeroShot ? .zeroShot : .fewShot }

    /// "0-shot" or "set 2", for unit labels and messages.
    public var label: String { isZeroShot ? ShotSetting.zeroShot.label : "set \(number)" }

    /// The number, as written in sweep files and on the command line.
    public var description: String { String(number) }

    /// Position in `sets(through:)`, for indexing a question's list of sets (nil for zero-shot).
    var listIndex: Int? { isZeroShot ? nil : number - 1 }

    public static func < (lhs: FewShotSet, rhs: FewShotSet) -> Bool { lhs.number < rhs.number }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(Int.self)
        guard let set = FewShotSet(rawValue: value) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "few-shot set \(value) is negative (0 is zero-shot, sets count from 1)")
        }
        self = set
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(number)
    }
}

/// Whether prompts show solved examples. Scores of one question under sets of the same setting
/// are averaged (the paper's mean ± std over its 3 sets); a zero-shot score is another protocol
/// and is reported apart, never averaged with few-shot ones.
public enum ShotSetting: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case fewShot = "few-shot"
    case zeroShot = "0-shot"

    /// "few-shot" or "0-shot", in table titles and report fields.
    public var label: String { rawValue }

    /// Few-shot first: the paper's protocol leads a report.
    public static func < (lhs: ShotSetting, rhs: ShotSetting) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
