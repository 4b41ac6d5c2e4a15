import Yams

/// The members of one YAML mapping of a mergekit config, with the path and line for errors.
struct ConfigFields {
    let node: Node
    let mapping: Node.Mapping
    /// Where the mapping sits (`slices[0].sources[1]`).
    let path: String
    let file: String

    init(_ node: Node, path: String, file: String) throws(MergeError) {
        guard let mapping = node.mapping else {
            throw .badConfig(file: file, line: node.mark?.line, field: path.isEmpty ? "(document)" : path, reason: "must be a mapping")
        }
        self.node = node
        self.mapping = mapping
        self.path = path
        self.file = file
    }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func invalid(_ key: String, _ reason: String, at node: Node? = nil) -> MergeError {
        .badConfig(file: file, line: (node ?? mapping[key] ?? self.node).mark?.line, field: field(key), reason: reason)
    }

    func has(_ key: String) -> Bool { mapping[key] != nil }

    /// Rejects keys outside `known`, so a misspelt key is not silently ignored.
    func allowOnly(_ known: [String]) throws(MergeError) {
        for (key, _) in mapping {
            let name = key.scalar?.string ?? "\(key)"
            if !known.contains(name) {
                throw .badConfig(file: file, line: key.mark?.line, field: field(name),
                                 reason: "is not a field medsweep reads (known: \(known.joined(separator: ", ")))")
            }
        }
    }

    /// The keys, in file order.
    var keys: [String] { mapping.map { $0.key.scalar?.string ?? "\($0.key)" } }

    func string(_ key: String) throws(MergeError) -> String {
        guard let node = mapping[key] else { throw invalid(key, "is missing") }
        guard let text = node.scalar?.string, !text.isEmpty else { throw invalid(key, "must be a non-empty string", at: node) }
        return text
    }

    func optionalString(_ key: String) throws(MergeError) -> String? { has(key) ? try string(key) : nil }

    func sequence(_ key: String) throws(MergeError) -> [Node] {
        guard let node = mapping[key] else { throw invalid(key, "is missing") }
        guard let sequence = node.sequence else { throw invalid(key, "must be a list", at: node) }
        return Array(sequence)
    }

    func nested(_ key: String) throws(MergeError) -> ConfigFields {
        guard let node = mapping[key] else { throw invalid(key, "is missing") }
        return try ConfigFields(node, path: field(key), file: file)
    }

    func optionalBool(_ key: String) throws(MergeError) -> Bool? {
        guard let node = mapping[key] else { return nil }
        guard let bool = node.bool else { throw invalid(key, "must be true or false, not '\(node.scalar?.string ?? "\(node)")'", at: node) }
        return bool
    }

    /// A mergekit parameter setting: a number, a list of numbers (anchors), one
    /// `{filter, value}` mapping, or a list of them.
    func schedule(_ key: String) throws(MergeError) -> ParameterSchedule? {
        guard let node = mapping[key] else { return nil }
        if node.scalar != nil {
            return ParameterSchedule([.init(filter: nil, value: .scalar(try number(node, key)))])
        }
        if node.mapping != nil {
            return ParameterSchedule([try conditional(node, field(key))])
        }
        guard let items = node.sequence, !items.isEmpty else { throw invalid(key, "must be a number, a list of numbers or a list of {filter, value}") }
        if items.allSatisfy({ $0.scalar != nil }) {
            var anchors: [Double] = []
            for item in items { anchors.append(try number(item, key)) }
            return ParameterSchedule([.init(filter: nil, value: .anchors(anchors))])
        }
        var entries: [ParameterSchedule.Entry] = []
        for (index, item) in items.enumerated() {
            guard item.mapping != nil else {
                throw invalid(key, "mixes numbers and {filter, value} entries", at: item)
            }
            entries.append(try conditional(item, "\(field(key))[\(index)]"))
        }
        return ParameterSchedule(entries)
    }

    private func conditional(_ node: Node, _ path: String) throws(MergeError) -> ParameterSchedule.Entry {
        let fields = try ConfigFields(node, path: path, file: file)
        try fields.allowOnly(["filter", "value"])
        let filter = try fields.optionalString("filter")
        guard let value = try fields.schedule("value"), value.entries.count == 1, value.entries[0].filter == nil else {
            throw fields.invalid("value", fields.has("value") ? "must be a number or a list of numbers" : "is missing")
        }
        return .init(filter: filter, value: value.entries[0].value)
    }

    private func number(_ node: Node, _ key: String) throws(MergeError) -> Double {
        guard let text = node.scalar?.string, let value = Double(text) else {
            throw invalid(key, "must be a number, not '\(node.scalar?.string ?? "\(node)")'", at: node)
        }
        return value
    }
}
