import Foundation

/// A strict reader of Prometheus's text exposition format (version 0.0.4), for tests: every
/// line must be a `# HELP`, a `# TYPE` or a sample of a declared family, and the values must
/// be numbers. Returns the samples by their full series name (`name{label="value"}`).
public enum PrometheusExposition {
    public struct FormatError: Error, CustomStringConvertible {
        public var line: Int
        public var text: String
        public var reason: String
        public var description: String { "line \(line) \(reason): \(text)" }
    }

    public static func parse(_ text: String) throws -> [String: Double] {
        let name = #"[a-zA-Z_:][a-zA-Z0-9_:]*"#
        let label = #"[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*""#
        let sample = try NSRegularExpression(pattern: "^(\(name))(\\{(?:\(label))(?:,\(label))*,?\\})? (\\S+)( -?[0-9]+)?$")
        let help = try NSRegularExpression(pattern: "^# HELP (\(name)) .*$")
        let type = try NSRegularExpression(pattern: "^# TYPE (\(name)) (counter|gauge|histogram|summary|untyped)$")
        var families: [String: String] = [:]
        var samples: [String: Double] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(line)
            let range = NSRange(line.startIndex..., in: line)
            func group(_ match: NSTextCheckingResult, _ number: Int) -> String? {
                Range(match.range(at: number), in: line).map { String(line[$0]) }
            }
            if line.isEmpty { continue }
            if line.hasPrefix("# HELP") {
                guard help.firstMatch(in: line, range: range) != nil else {
                    throw FormatError(line: index + 1, text: line, reason: "is not a HELP line")
                }
            } else if line.hasPrefix("#") {
                guard let match = type.firstMatch(in: line, range: range), let family = group(match, 1) else {
                    throw FormatError(line: index + 1, text: line, reason: "is not a TYPE line")
                }
                families[family] = group(match, 2)
            } else {
                guard let match = sample.firstMatch(in: line, range: range), let series = group(match, 1),
                    let valueText = group(match, 3)
                else {
                    throw FormatError(line: index + 1, text: line, reason: "is not a sample")
                }
                let value: Double? = switch valueText {
                case "NaN": .nan
                case "+Inf": .infinity
                case "-Inf": -.infinity
                default: Double(valueText)
                }
                guard let value else { throw FormatError(line: index + 1, text: line, reason: "has a value that is not a number") }
                let family = families.keys.first { series == $0 || series.hasPrefix($0 + "_") && ["_bucket", "_sum", "_count"].contains(String(series.dropFirst($0.count))) }
                guard family != nil else { throw FormatError(line: index + 1, text: line, reason: "belongs to no declared family") }
                samples[series + (group(match, 2) ?? "")] = value
            }
        }
        return samples
    }
}
