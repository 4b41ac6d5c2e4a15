/// Text that goes into logs, terminals and the journal: names from sweep files and from the
/// wire (models, sweeps, worker ids, hosts) must be printable, and anything else shown to a
/// person is escaped first.
///
/// Control characters are what let a name forge a log line (a newline and a fake timestamp),
/// drive a terminal (ESC sequences) or merge two names in SQLite's text (NUL ends it there):
/// C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional
/// overrides that reorder what a line appears to say.
///
/// ```swift
/// PrintableText.problem(in: "node-1", limit: 128)          // nil
/// PrintableText.problem(in: "node\n12:00 forged", limit: 128) // "holds a control character (U+000A) at character 5"
/// PrintableText.escaped("evil\u{1B}[2J")                  // "evil\u{1B}[2J" spelled out, no escape left
/// ```
public enum PrintableText {
    /// Whether `scalar` may not appear in a name.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00 ... 0x1F, 0x7F ... 0x9F: true
        case 0x2028, 0x2029: true
        case 0x202A ... 0x202E, 0x2066 ... 0x2069: true
        default: false
        }
    }

    /// Why `text` cannot be a name: empty, longer than `limit` bytes of UTF-8, or holding a
    /// control character; nil when it can.
    public static func problem(in text: String, limit: Int, allowEmpty: Bool = false) -> String? {
        if text.isEmpty && !allowEmpty { return "is empty" }
        let bytes = text.utf8.count
        if bytes > limit { return "is \(bytes) bytes long (at most \(limit))" }
        for (offset, scalar) in text.unicodeScalars.enumerated() where isControl(scalar) {
            return "holds a control character (\(codePoint(scalar))) at character \(offset + 1)"
        }
        return nil
    }

    /// `text` with every control character written out as `\u{…}`, and cut after `limit`
    /// characters (with "…"): safe in a log line or a terminal.
    public static func escaped(_ text: String, limit: Int = 1024) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            count += 1
            if isControl(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
