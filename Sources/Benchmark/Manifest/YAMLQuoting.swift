/// Text written into YAML that medsweep generates (manifests, the demo's sweep file), as a
/// double-quoted scalar: a path with a space, a `#` (which would start a comment in a plain
/// scalar), a colon or a quote reads back as the same text.
///
/// ```swift
/// YAMLQuoting.doubleQuoted("/tmp/my demo #2")   // "\"/tmp/my demo #2\""
/// ```
public enum YAMLQuoting {
    /// `text` in double quotes, with `"` and `\` escaped and control characters written as
    /// escapes (`\n`, `\t`, `\x1b`).
    public static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\x" + (hex.count < 2 ? "0" : "") + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
