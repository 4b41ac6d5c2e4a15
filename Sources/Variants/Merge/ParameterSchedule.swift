/// A merge parameter that may vary by tensor and by layer, as mergekit's parameter settings do.
///
/// A schedule is a list of entries, each with an optional `filter` and a value that is either
/// a scalar or a list of anchors. For a tensor, the first entry whose filter is absent, `*`,
/// or a substring of the tensor's Hugging Face name (`model.layers.3.self_attn.q_proj.weight`)
/// gives the value; when none matches, the schedule has no value for that tensor (mergekit's
/// `evaluate_setting` in `mergekit/config.py` returns None, and the lookup moves on).
///
/// Anchors are interpolated at the tensor's position `f` in [0, 1] (see ``TensorPlace``) as
/// mergekit does: `x = f · (count − 1)`, `i = int(x)`, `j = min(count − 1, i + 1)`,
/// value `(1 − (x − i)) · anchors[i] + (x − i) · anchors[j]`.
///
/// ```swift
/// // BioMistral SLERP's t:
/// let t = ParameterSchedule([
///     .init(filter: "self_attn", value: .anchors([0, 0.5, 0.3, 0.7, 1])),
///     .init(filter: "mlp", value: .anchors([1, 0.5, 0.7, 0.3, 0])),
///     .init(filter: nil, value: .scalar(0.5)),
/// ])
/// t.value(for: "model.layers.8.self_attn.q_proj.weight", at: 8.0 / 31)   // 0.4935…
/// ```
public struct ParameterSchedule: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A scalar, or anchors spread evenly over the layers.
    public enum Value: Sendable, Hashable, Codable, CustomStringConvertible {
        case scalar(Double)
        case anchors([Double])

        /// The value at position `position` in [0, 1].
        public func evaluate(at position: Double) -> Double {
            switch self {
            case .scalar(let value):
                return value
            case .anchors(let anchors):
                let scaled = position * Double(anchors.count - 1)
                let lower = Int(scaled)
                let upper = min(anchors.count - 1, lower + 1)
                let fraction = scaled - Double(lower)
                return (1 - fraction) * anchors[lower] + fraction * anchors[upper]
            }
        }

        /// The numbers the value is made of.
        public var numbers: [Double] {
            switch self {
            case .scalar(let value): [value]
            case .anchors(let anchors): anchors
            }
        }

        public var description: String {
            switch self {
            case .scalar(let value): "\(value)"
            case .anchors(let anchors): "\(anchors)"
            }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Double.self) {
                self = .scalar(value)
            } else {
                self = .anchors(try container.decode([Double].self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .scalar(let value): try container.encode(value)
            case .anchors(let anchors): try container.encode(anchors)
            }
        }

        /// -0 becomes 0, so equal values give equal canonical text.
        var canonical: Value {
            switch self {
            case .scalar(let value): .scalar(value + 0)
            case .anchors(let anchors): .anchors(anchors.map { $0 + 0 })
            }
        }
    }

    /// One filter and its value; no filter matches every tensor.
    public struct Entry: Sendable, Hashable, Codable {
        public let filter: String?
        public let value: Value

        public init(filter: String?, value: Value) {
            self.filter = filter
            self.value = value.canonical
        }

        /// mergekit's match: no filter, `*`, or a substring of the Hugging Face name.
        func matches(_ huggingFaceName: String) -> Bool {
            guard let filter, !filter.isEmpty, filter != "*" else { return true }
            return huggingFaceName.contains(filter)
        }
    }

    public let entries: [Entry]

    public init(_ entries: [Entry]) {
        self.entries = entries
    }

    /// One value for every tensor.
    public static func constant(_ value: Double) -> ParameterSchedule {
        ParameterSchedule([Entry(filter: nil, value: .scalar(value))])
    }

    /// The value for the tensor called `huggingFaceName` at layer position `position`, or nil
    /// when no entry matches.
    public func value(for huggingFaceName: String, at position: Double) -> Double? {
        entries.first { $0.matches(huggingFaceName) }.map { $0.value.evaluate(at: position) }
    }

    /// This schedule's entries, then `fallback`'s: mergekit's lookup order (a model's own
    /// setting, then the slice's, then the global one) as one list.
    public func followed(by fallback: ParameterSchedule?) -> ParameterSchedule {
        ParameterSchedule(entries + (fallback?.entries ?? []))
    }

    /// Every number in the schedule, for range checks.
    public var numbers: [Double] { entries.flatMap(\.value.numbers) }

    public var description: String {
        entries.map { entry in
            entry.filter.map { "\($0): \(entry.value)" } ?? "\(entry.value)"
        }.joined(separator: ", ")
    }

    public init(from decoder: any Decoder) throws {
        entries = try decoder.singleValueContainer().decode([Entry].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(entries)
    }
}
