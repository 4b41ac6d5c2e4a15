/// A JSON value that keeps object members in file order.
///
/// Order matters here: the authors' `getPrompt` shows a question's options in the order of the
/// `options` object in the file (Python dicts keep insertion order), so a reader that lost it
/// (Foundation's `JSONSerialization` does) could not reproduce their prompts byte for byte.
///
/// ```swift
/// let node = try JSONParser.parseDocument(Array(#"{"B": "no", "A": "yes"}"#.utf8))
/// node.objectMembers?.map(\.key)   // ["B", "A"]
/// ```
///
/// It is also what medsweep writes: reports, the wire's envelopes, `/api/status` and every
/// `--json` output are nodes rendered by `JSONWriter`, one writer with one rule for numbers
/// JSON cannot hold (`JSONWriter.number`).
public indirect enum JSONNode: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's literal text, exactly as written.
    case number(String)
    case string(String)
    case array([JSONNode])
    case object([JSONMember])

    /// The members of an object, in file order; nil for any other value.
    public var objectMembers: [JSONMember]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The value of member `key` of an object (the first, though the parser refuses duplicates).
    public subscript(key: String) -> JSONNode? {
        objectMembers?.first { $0.key == key }?.value
    }

    /// What kind of value this is, for error messages ("a string", "null", …).
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// A short rendering of the value for error messages: strings quoted and cut at 60
    /// characters, containers summarised.
    var shortDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let literal): return literal
        case .string(let text):
            let cut = text.count > 60 ? String(text.prefix(57)) + "…" : text
            return "\"\(cut)\""
        case .array(let elements): return "an array of \(elements.count)"
        case .object(let members): return "an object with keys \(members.map(\.key).joined(separator: ", "))"
        }
    }
}

/// One member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONNode

    public init(_ key: String, _ value: JSONNode) {
        self.key = key
        self.value = value
    }
}

/// A syntax error in JSON text: where (byte offset, and the path of the value being read when
/// there is one) and what.
struct JSONSyntaxError: Error, Equatable {
    /// Byte offset in the whole input.
    var offset: Int
    /// Path of the member being read inside the current record, e.g. `options.B` or
    /// `few_shot_samples[1][0].question`; empty at the record's top level.
    var path: String
    var message: String
    /// Whether the error is a byte sequence that is not UTF-8.
    var isInvalidUTF8: Bool = false
}
