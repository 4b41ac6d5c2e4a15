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
                throw SweepFileError(file: file, line: key.mark?.line, field: qualified(name),
                                     reason: "is not a known key (known: \(allowed.sorted().joined(separator: ", ")))")
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

    func optionalDouble(_ key: String, in range: ClosedRange<Double>) throws(SweepFileError) -> Double? {
        guard let text = try optionalString(key) else { return nil }
        guard let number = Double(text) else { throw invalid(key, "\"\(text)\" is not a number") }
        guard range.contains(number) else { throw invalid(key, "\(text) is outside \(range.lowerBound)...\(range.upperBound)") }
        return number
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
    func distinctListOrAll<Value: Equatable>(
        _ key: String, _ parse: (String) -> Value?, _ what: String
    ) throws(SweepFileError) -> [Value]? {
        guard let items = try listOrAll(key) else { return nil }
        var values: [Value] = []
        for (text, line) in items {
            guard let value = parse(text) else {
                throw SweepFileError(file: file, line: line, field: qualified(key), reason: "\"\(text)\" is not \(what)")
            }
            if values.contains(value) {
                throw SweepFileError(file: file, line: line, field: qualified(key), reason: "repeats \"\(text)\"")
            }
            values.append(value)
        }
        return values
    }
}
