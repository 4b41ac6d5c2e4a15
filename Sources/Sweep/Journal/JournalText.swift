import Foundation

/// The journal's JSON lists, written and read by hand: letters are short ASCII strings and
/// probabilities are written in Swift's shortest round-tripping form, so a probability reads
/// back bit for bit.
enum JournalText {
    static func list(_ strings: [String]) -> String {
        "[" + strings.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "]"
    }

    /// A value as JSON with sorted keys (the journal's text for small records).
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func numbers(_ values: [Double]) -> String {
        "[" + values.map(\.description).joined(separator: ",") + "]"
    }

    static func parseList(_ text: String) -> [String]? {
        guard text.hasPrefix("["), text.hasSuffix("]") else { return nil }
        let inner = text.dropFirst().dropLast()
        if inner.isEmpty { return [] }
        var items: [String] = []
        var current = ""
        var inString = false
        var escaped = false
        for character in inner {
            if escaped {
                current.append(character)
                escaped = false
            } else if inString {
                switch character {
                case "\\": escaped = true
                case "\"": inString = false; items.append(current); current = ""
                default: current.append(character)
                }
            } else if character == "\"" {
                inString = true
            } else if character != "," && character != " " {
                return nil
            }
        }
        return inString ? nil : items
    }

    static func parseNumbers(_ text: String) -> [Double]? {
        guard text.hasPrefix("["), text.hasSuffix("]") else { return nil }
        let inner = text.dropFirst().dropLast()
        if inner.isEmpty { return [] }
        var values: [Double] = []
        for item in inner.split(separator: ",") {
            guard let value = Double(item.trimmingCharacters(in: .whitespaces)) else { return nil }
            values.append(value)
        }
        return values
    }
}
