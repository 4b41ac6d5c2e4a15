/// Renders a `JSONNode` as JSON text, members in their order, non-ASCII characters as UTF-8
/// (the released data files write them so too). The one JSON writer of medsweep: reports, the
/// wire's envelopes, `/api/status` and `--json` outputs all go through it.
///
/// One rule for numbers JSON cannot hold: NaN and the infinities are written as `null`
/// (`number(_:)`), so writing never fails on a value, and a reader expecting a number refuses
/// the field by name instead of the writer trapping or answering an error.
public enum JSONWriter {
    /// How the text is laid out.
    public enum Layout: Sendable {
        /// No spaces at all: the wire.
        case compact
        /// One line, with ", " and ": " separators.
        case line
        /// One member or element per line, indented by this many spaces per level.
        case indented(Int)
    }

    /// `indent` 0 gives one line with ", " and ": " separators; more gives one member or element
    /// per line, indented by that many spaces per level.
    public static func render(_ node: JSONNode, indent: Int = 0) -> String {
        String(decoding: bytes(node, layout: indent > 0 ? .indented(indent) : .line), as: UTF8.self)
    }

    /// The UTF-8 text of `node`.
    public static func bytes(_ node: JSONNode, layout: Layout) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(node, into: &out, layout: layout, level: 0)
        return out
    }

    /// A Double as a JSON number: the shortest text that reads back as the same value (negative
    /// zero keeps its sign); NaN and infinities, which JSON cannot hold, as null.
    public static func number(_ value: Double) -> JSONNode {
        guard value.isFinite else { return .null }
        if value == value.rounded(), abs(value) < 1e15, value.sign == .plus || value != 0 {
            return .number(String(Int64(value)))
        }
        return .number("\(value)")
    }

    /// An integer as a JSON number, exact to 64 bits.
    public static func number(_ value: some BinaryInteger) -> JSONNode {
        .number(String(value))
    }

    private static func write(_ node: JSONNode, into out: inout [UInt8], layout: Layout, level: Int) {
        switch node {
        case .null: out += "null".utf8
        case .bool(let value): out += (value ? "true" : "false").utf8
        case .number(let literal): out += literal.utf8
        case .string(let text): escape(text, into: &out)
        case .array(let elements):
            if elements.isEmpty {
                out += "[]".utf8
                return
            }
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { separator(into: &out, layout: layout) }
                newline(into: &out, layout: layout, level: level + 1)
                write(element, into: &out, layout: layout, level: level + 1)
            }
            newline(into: &out, layout: layout, level: level)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                out += "{}".utf8
                return
            }
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { separator(into: &out, layout: layout) }
                newline(into: &out, layout: layout, level: level + 1)
                escape(member.key, into: &out)
                if case .compact = layout { out.append(UInt8(ascii: ":")) } else { out += ": ".utf8 }
                write(member.value, into: &out, layout: layout, level: level + 1)
            }
            newline(into: &out, layout: layout, level: level)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func separator(into out: inout [UInt8], layout: Layout) {
        switch layout {
        case .line: out += ", ".utf8
        case .compact, .indented: out.append(UInt8(ascii: ","))
        }
    }

    private static func newline(into out: inout [UInt8], layout: Layout, level: Int) {
        guard case .indented(let indent) = layout, indent > 0 else { return }
        out.append(UInt8(ascii: "\n"))
        out += repeatElement(UInt8(ascii: " "), count: indent * level)
    }

    /// A string literal: quotes, backslashes and control characters escaped, the rest as UTF-8.
    static func escape(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case UInt8(ascii: "\n"): out += #"\n"#.utf8
            case UInt8(ascii: "\r"): out += #"\r"#.utf8
            case UInt8(ascii: "\t"): out += #"\t"#.utf8
            case 0 ..< 0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += #"\u00"#.utf8
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
