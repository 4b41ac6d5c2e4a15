import Benchmark
import Variants
import Yams

/// The fields of one YAML mapping of a sweep file, read with the line of every error.
struct YAMLFields {
    let node: Node
    let mapping: Node.Mapping
    /// Where the mapping sits ("models[2]"), for error messages.
    let path: String
    let file: String

    init(_ node: Node, path: String, file: String) throws(SweepFileError) {
        guard let mapping = node.mapping else {
            throw SweepFileError(file: file, line: node.mark?.line, field: path.isEmpty ? "(document)" : path,
                                 reason: "should be a mapping of keys to values")
        }
        self.node = node
        self.mapping = mapping
        self.path = path
        self.file = file
    }

    func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func invalid(_ key: String, _ reason: String) -> SweepFileError {
        SweepFileError(file: file, line: (mapping[key]?.mark ?? node.mark)?.line, field: qualified(key), reason: reason)
    }

    /// Rejects keys outside `allowed`, so a misspelt key is not silently ignored.
    func allowOnly(_ allowed: Set<String>) throws(SweepFileError) {
        for (key, _) in mapping {
            guard let name = key.string else {
                throw SweepFileError(file: file, line: key.mark?.line, field: path, reason: "has a key that is not a string")
            }
            if !allowed.contains(name) {
                let known = allowed.sorted()
                throw SweepFileError(file: file, line: key.mark?.line, field: qualified(name),
                                     reason: "is not a known key (known: \(known.joined(separator: ", ")))"
                                         + NameSuggestion.didYouMean(name, among: known))
            }
        }
    }

    func has(_ key: String) -> Bool { mapping[key] != nil }

    func string(_ key: String) throws(SweepFileError) -> String {
        guard let value = try optionalString(key) else { throw invalid(key, "is missing") }
        return value
    }

    func optionalString(_ key: String) throws(SweepFileError) -> String? {
        guard let value = mapping[key] else { return nil }
        guard let scalar = value.scalar else { throw invalid(key, "should be a single value") }
        if scalar.string.isEmpty { throw invalid(key, "is empty") }
        return scalar.string
    }

    /// Names (the sweep's, models', templates') end up in the journal, logs and terminals: at
    /// most 256 bytes, no control characters (a NUL once merged two models in SQLite's text).
    func name(_ key: String) throws(SweepFileError) -> String {
        guard let value = try optionalName(key) else { throw invalid(key, "is missing") }
        return value
    }

    func optionalName(_ key: String) throws(SweepFileError) -> String? {
        try optionalString(key).map { (text: String) throws(SweepFileError) -> String in
            if let problem = PrintableText.problem(in: text, limit: 256) { throw invalid(key, "\"\(PrintableText.escaped(text, limit: 80))\" \(problem)") }
            return text
        }
    }

    /// A file path: no control characters, at most 4096 bytes.
    func path(_ key: String) throws(SweepFileError) -> String {
        let text = try string(key)
        if let problem = PrintableText.problem(in: text, limit: 4096) { throw invalid(key, "\"\(PrintableText.escaped(text, limit: 80))\" \(problem)") }
        return text
    }

    func optionalInt(_ key: String, in range: ClosedRange<Int>) throws(SweepFileError) -> Int? {
        guard let text = try optionalString(key) else { return nil }
        guard let number = Int(text) else { throw invalid(key, "\"\(text)\" is not a whole number") }
        guard range.contains(number) else { throw invalid(key, "\(number) is outside \(range.lowerBound)...\(range.upperBound)") }
        return number
    }

    func optionalBool(_ key: String) throws(SweepFileError) -> Bool? {
        guard let text = try optionalString(key) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: throw invalid(key, "\"\(text)\" is not true or false")
        }
    }

    /// A decimal number (`120`, `2.5`, `1e2`): Swift's `Double` also reads hexadecimal (`0x10`
    /// was 16 seconds), which a sweep file does not mean.
    func optionalDouble(_ key: String, in range: ClosedRange<Double>) throws(SweepFileError) -> Double? {
        guard let text = try optionalString(key) else { return nil }
        guard Self.isDecimal(text), let number = Double(text) else { throw invalid(key, "\"\(text)\" is not a decimal number") }
        guard range.contains(number) else { throw invalid(key, "\(text) is outside \(range.lowerBound)...\(range.upperBound)") }
        return number
    }

    /// Digits with an optional sign, point and exponent: `-1`, `2.5`, `.5`, `1e-3`.
    static func isDecimal(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        let mantissa = rest.prefix { $0 != "e" && $0 != "E" }
        let exponent = rest.dropFirst(mantissa.count)
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard (1 ... 2).contains(parts.count), parts.contains(where: { !$0.isEmpty }),
            parts.allSatisfy({ $0.allSatisfy { ("0" ... "9").contains($0) } })
        else { return false }
        guard !exponent.isEmpty else { return true }
        var digits = exponent.dropFirst()
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy { ("0" ... "9").contains($0) }
    }

    /// The mapping under `key`, its errors named `path.key`.
    func nested(_ key: String) throws(SweepFileError) -> YAMLFields {
        guard let value = mapping[key] else { throw invalid(key, "is missing") }
        return try YAMLFields(value, path: qualified(key), file: file)
    }

    func optionalUInt64(_ key: String) throws(SweepFileError) -> UInt64? {
        guard let text = try optionalString(key) else { return nil }
        guard let number = UInt64(text) else { throw invalid(key, "\"\(text)\" is not a whole number from 0 to \(UInt64.max)") }
        return number
    }

    /// A merge parameter: a number, or a list of numbers spread over the layers (anchors).
    func optionalSchedule(_ key: String) throws(SweepFileError) -> ParameterSchedule? {
        guard let value = mapping[key] else { return nil }
        func number(_ node: Node) throws(SweepFileError) -> Double {
            guard let text = node.scalar?.string, Self.isDecimal(text), let number = Double(text) else {
                throw SweepFileError(file: file, line: node.mark?.line, field: qualified(key),
                                     reason: "has \"\(node.scalar?.string ?? "?")\", not a decimal number")
            }
            return number
        }
        if let items = value.sequence {
            var anchors: [Double] = []
            for item in items { anchors.append(try number(item)) }
            if anchors.isEmpty { throw invalid(key, "is an empty list") }
            return ParameterSchedule([.init(filter: nil, value: .anchors(anchors))])
        }
        return .constant(try number(value))
    }

    func sequence(_ key: String) throws(SweepFileError) -> [Node] {
        guard let value = mapping[key] else { throw invalid(key, "is missing") }
        guard let items = value.sequence else { throw invalid(key, "should be a list") }
        return Array(items)
    }

    /// A list of strings, or the single word `all` (nil).
    func listOrAll(_ key: String) throws(SweepFileError) -> [(String, line: Int?)]? {
        guard let value = mapping[key] else { return nil }
        if let scalar = value.scalar, scalar.string == "all" { return nil }
        guard let items = value.sequence else { throw invalid(key, "should be a list, or all") }
        var values: [(String, line: Int?)] = []
        for item in items {
            guard let scalar = item.scalar, !scalar.string.isEmpty else {
                throw SweepFileError(file: file, line: item.mark?.line, field: qualified(key), reason: "has an item that is not a single value")
            }
            values.append((scalar.string, item.mark?.line))
        }
        if values.isEmpty { throw invalid(key, "is empty") }
        return values
    }

    /// `listOrAll` with each item read by `parse`: an item it refuses is "not `what`", and an
    /// item given twice is an error on its line (it would plan the same units twice).
    /// `suggestion` gives the "; did you mean …" of a refused item ("" when none is close).
    func distinctListOrAll<Value: Equatable>(
        _ key: String, _ parse: (String) -> Value?, _ what: String, suggestion: (String) -> String = { _ in "" }
    ) throws(SweepFileError) -> [Value]? {
        guard let items = try listOrAll(key) else { return nil }
        var values: [Value] = []
        for (text, line) in items {
            guard let value = parse(text) else {
                throw SweepFileError(file: file, line: line, field: qualified(key), reason: "\"\(text)\" is not \(what)\(suggestion(text))")
            }
            if values.contains(value) {
                throw SweepFileError(file: file, line: line, field: qualified(key), reason: "repeats \"\(text)\"")
            }
            values.append(value)
        }
        return values
    }
}
