import Benchmark

/// A JSON document built by the CLI's `--json` outputs, with keys in the order given and
/// integers exact to 64 bits (JSONSerialization would pass large ones through Double). It is
/// written by medsweep's one JSON writer (`JSONWriter`), whose rule holds here too: NaN and
/// infinities, which JSON cannot express, are written as null.
enum JSONValue {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    /// The shortest form that reads back as the same Double; null when not finite.
    case double(Double)
    /// A value the source holds as floating point, printed so that every reader takes it as one
    /// (3 as 3.0, as gguf-py and Python's json write it); null when not finite.
    case float(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    func rendered() -> String {
        JSONWriter.render(node)
    }

    var node: JSONNode {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .int(let value): JSONWriter.number(value)
        case .uint(let value): JSONWriter.number(value)
        case .double(let value): JSONWriter.number(value)
        case .float(let value): value.isFinite ? .number("\(value)") : .null
        case .string(let value): .string(value)
        case .array(let elements): .array(elements.map(\.node))
        case .object(let members): .object(members.map { JSONMember($0.0, $0.1.node) })
        }
    }
}
