/// Typed access to the fields of one JSON record, each failure a `BenchmarkDataError` naming
/// the file, the record and the field (with its path inside the record, e.g.
/// `few_shot_samples[2][0].options`).
struct RecordFields {
    let file: String
    var location: RecordLocation
    let members: [JSONMember]
    /// Prefix of the field names inside a nested object, e.g. `few_shot_samples[1][0].`.
    let prefix: String

    /// Fields of `node`, which must be an object.
    init(_ node: JSONNode, file: String, location: RecordLocation, prefix: String = "") throws {
        guard let members = node.objectMembers else {
            throw BenchmarkDataError.wrongType(
                file: file, location: location, field: prefix.isEmpty ? "(record)" : String(prefix.dropLast()),
                expected: "an object", found: node.shortDescription)
        }
        self.file = file
        self.location = location
        self.members = members
        self.prefix = prefix
    }

    func has(_ key: String) -> Bool { members.contains { $0.key == key } }

    func value(_ key: String) throws -> JSONNode {
        guard let member = members.first(where: { $0.key == key }) else {
            throw BenchmarkDataError.missingField(file: file, location: location, field: prefix + key)
        }
        return member.value
    }

    func string(_ key: String, allowEmpty: Bool = false) throws -> String {
        let node = try value(key)
        guard case .string(let text) = node else { throw wrongType(key, "a string", node) }
        if !allowEmpty, let blank = blank(key, text) { throw blank }
        return text
    }

    /// A field that must be present, and may be null.
    func stringOrNull(_ key: String) throws -> String? {
        let node = try value(key)
        switch node {
        case .null: return nil
        case .string(let text): return text
        default: throw wrongType(key, "a string or null", node)
        }
    }

    /// A string, or an integer written as its decimal digits (identifiers).
    func identifier(_ key: String) throws -> String {
        let node = try value(key)
        switch node {
        case .string(let text) where !text.isEmpty: return text
        case .number(let literal) where literal.allSatisfy({ $0.isNumber || $0 == "-" }): return literal
        case .string: throw invalid(key, "\"\"", "is empty")
        default: throw wrongType(key, "a string or an integer", node)
        }
    }

    func integer(_ key: String) throws -> Int {
        let node = try value(key)
        guard case .number(let literal) = node, let integer = Int(literal) else { throw wrongType(key, "an integer", node) }
        return integer
    }

    func array(_ key: String) throws -> [JSONNode] {
        let node = try value(key)
        guard case .array(let elements) = node else { throw wrongType(key, "an array", node) }
        return elements
    }

    func strings(_ key: String) throws -> [String] {
        try array(key).enumerated().map { index, element in
            guard case .string(let text) = element else { throw wrongType("\(key)[\(index)]", "a string", element) }
            return text
        }
    }

    /// The options object `key` (letter → text) in file order, its letters upper-cased as the
    /// authors' `getPrompt` does, checked against the task's letters.
    func options(_ key: String, task: BenchmarkTask) throws -> [OptionChoice] {
        let options = try anyOptions(key)
        if let mismatch = optionsMismatch(key, options, task: task) { throw mismatch }
        return options
    }

    /// The options object `key` in file order, its letters upper-cased as the authors'
    /// `getPrompt` does, whatever the letters.
    func anyOptions(_ key: String) throws -> [OptionChoice] {
        let node = try value(key)
        guard let optionMembers = node.objectMembers else { throw wrongType(key, "an object of option letter to text", node) }
        return try optionMembers.map { member in
            guard case .string(let text) = member.value else {
                throw wrongType("\(key).\(member.key)", "a string", member.value)
            }
            return OptionChoice(letter: member.key.uppercased(), text: text)
        }
    }

    /// The error for options `key` whose letters are not the task's, or nil when they are.
    func optionsMismatch(_ key: String, _ options: [OptionChoice], task: BenchmarkTask) -> BenchmarkDataError? {
        let letters = options.map(\.letter)
        if Set(letters) == Set(task.letters), letters.count == task.letters.count { return nil }
        return invalid(
            key, "letters " + (letters.isEmpty ? "(none)" : letters.joined(separator: ", ")),
            "do not match the options of \(task.corpusName) (\(task.letters.joined(separator: ", ")))")
    }

    /// A letter field that must name one of `letters`.
    func letter(_ key: String, among letters: [String], task: BenchmarkTask) throws -> String {
        let letter = try string(key, allowEmpty: true)
        if let mismatch = letterMismatch(key, letter, among: letters, task: task) { throw mismatch }
        return letter
    }

    /// The error for a letter `key` that is not one of `letters`, or nil when it is.
    func letterMismatch(_ key: String, _ letter: String, among letters: [String], task: BenchmarkTask) -> BenchmarkDataError? {
        if letters.contains(letter) { return nil }
        return invalid(key, "\"\(letter)\"", "is not an option letter of \(task.corpusName) (\(letters.joined(separator: ", ")))")
    }

    /// The error for a blank text field, or nil when `text` has a visible character.
    func blank(_ key: String, _ text: String) -> BenchmarkDataError? {
        text.allSatisfy(\.isWhitespace) ? invalid(key, "\"\(text)\"", "is empty") : nil
    }

    /// The nested object `key`, its fields named under this one's prefix.
    func nested(_ node: JSONNode, path: String) throws -> RecordFields {
        try RecordFields(node, file: file, location: location, prefix: prefix + path + ".")
    }

    func wrongType(_ key: String, _ expected: String, _ node: JSONNode) -> BenchmarkDataError {
        .wrongType(file: file, location: location, field: prefix + key, expected: expected, found: node.shortDescription)
    }

    func invalid(_ key: String, _ value: String, _ reason: String) -> BenchmarkDataError {
        .invalidValue(file: file, location: location, field: prefix + key, value: value, reason: reason)
    }
}
