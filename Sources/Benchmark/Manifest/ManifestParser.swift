import Yams

/// Reads a manifest's YAML into a `BenchmarkManifest`, checking every field (unknown keys
/// included, so a misspelt `sha265` is not silently ignored) and naming the line of each error.
enum ManifestParser {
    static func parse(yaml: String, source: String, storage: BenchmarkManifest.Storage) throws -> BenchmarkManifest {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw BenchmarkManifestError.yaml(manifest: source, reason: "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)")
        }
        guard let root else { throw BenchmarkManifestError.invalid(manifest: source, line: nil, field: "(document)", reason: "is empty") }
        let top = try Fields(root, path: "", source: source)
        try top.allowOnly(["name", "description", "demo", "data", "templates"])
        let name = try top.string("name")
        let description = try top.optionalString("description")
        let isDemo = try top.optionalBool("demo") ?? false
        let dataNodes = try top.sequence("data")
        guard !dataNodes.isEmpty else { throw top.invalid("data", "has no entries") }
        let entries = try dataNodes.enumerated().map { index, node in
            try entry(Fields(node, path: "data[\(index)]", source: source))
        }
        try checkOverlaps(entries, source: source)
        let templateNodes = try top.optionalSequence("templates") ?? []
        var templates: [PromptTemplate] = []
        for (index, node) in templateNodes.enumerated() {
            let fields = try Fields(node, path: "templates[\(index)]", source: source)
            let template = try template(fields)
            let taken = PromptTemplate.builtIn.map(\.name) + templates.map(\.name)
            if taken.contains(template.name) {
                throw fields.invalid("name", "\"\(template.name)\" is already a template's name (\(taken.joined(separator: ", ")))")
            }
            templates.append(template)
        }
        return BenchmarkManifest(
            name: name, description: description, isDemo: isDemo, entries: entries, templates: templates,
            source: source, storage: storage)
    }

    private static func entry(_ fields: Fields) throws -> ManifestEntry {
        try fields.allowOnly(["format", "path", "sha256", "tasks", "languages", "fewshot"])
        let formatName = try fields.string("format")
        guard let format = SourceFormat(rawValue: formatName) else {
            let formats = SourceFormat.allCases.map(\.rawValue)
            throw fields.invalid(
                "format", "\"\(formatName)\" is not a format (\(formats.joined(separator: ", ")))" + NameSuggestion.didYouMean(formatName, among: formats))
        }
        let file = try manifestFile(fields)
        var tasks = format.tasks
        if let names = try fields.optionalStrings("tasks") {
            tasks = try names.map { name in
                guard let task = BenchmarkTask(corpusName: name) else {
                    throw fields.invalid("tasks", "\"\(name)\" is not a task (\(BenchmarkTask.corpusNameList))" + BenchmarkTask.didYouMean(name))
                }
                guard format.tasks.contains(task) else { throw fields.invalid("tasks", "\(format.rawValue) files cannot hold \(name)") }
                return task
            }
        }
        if format.needsFewShotPool, tasks.count != 1 {
            throw fields.invalid("tasks", "a \(format.rawValue) file holds one task: name it (tasks: [\(format.tasks[0].corpusName)])")
        }
        var languages: [BenchmarkLanguage] = format.needsFewShotPool ? [.en] : []
        if let codes = try fields.optionalStrings("languages") {
            languages = try codes.map { code in
                guard let language = BenchmarkLanguage(rawValue: code) else {
                    throw fields.invalid("languages", "\"\(code)\" is not a language (\(BenchmarkLanguage.codeList))" + BenchmarkLanguage.didYouMean(code))
                }
                return language
            }
        }
        if languages.isEmpty { throw fields.invalid("languages", "is missing or empty: name the languages the file holds") }
        if format.needsFewShotPool, languages != [.en] {
            throw fields.invalid("languages", "\(format.rawValue) files are English: languages must be [en]")
        }
        var fewShot: FewShotSource?
        if format.needsFewShotPool {
            let pool = try fields.nested("fewshot")
            try pool.allowOnly(["path", "sha256", "seed", "shots", "sets"])
            let shots = try pool.optionalInt("shots") ?? 3
            let sets = try pool.optionalInt("sets") ?? 3
            guard shots >= 1 else { throw pool.invalid("shots", "must be 1 or more") }
            guard sets >= 1 else { throw pool.invalid("sets", "must be 1 or more") }
            fewShot = FewShotSource(file: try manifestFile(pool), sampler: FewShotSampler(seed: try pool.seed("seed"), shots: shots, sets: sets))
        } else if fields.has("fewshot") {
            throw fields.invalid("fewshot", "bioinstructqa files give their few-shot sets; remove it")
        }
        return ManifestEntry(format: format, file: file, tasks: tasks, languages: languages, fewShot: fewShot)
    }

    private static func manifestFile(_ fields: Fields) throws -> ManifestFile {
        let path = try fields.string("path")
        let digest = try fields.string("sha256").lowercased()
        guard digest.count == 64, digest.allSatisfy(\.isHexDigit) else {
            throw fields.invalid("sha256", "\"\(digest)\" is not 64 hex digits")
        }
        return ManifestFile(path: path, sha256: digest)
    }

    private static func template(_ fields: Fields) throws -> PromptTemplate {
        try fields.allowOnly(PromptTemplate.CodingKeys.allCases.map(\.rawValue))
        func text(_ key: PromptTemplate.CodingKeys) throws -> String { try fields.string(key.rawValue, allowEmpty: true) }
        let template = PromptTemplate(
            name: try fields.string("name"), instruction: try text(.instruction), context: try text(.context),
            option: try text(.option), optionSeparator: try text(.optionSeparator), element: try text(.element),
            answer: try text(.answer), exampleSeparator: try text(.exampleSeparator), questionSeparator: try text(.questionSeparator))
        do {
            try template.validate()
        } catch let error as PromptTemplateError {
            throw fields.invalid("(template)", error.description)
        }
        return template
    }

    private static func checkOverlaps(_ entries: [ManifestEntry], source: String) throws {
        var holder: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            for task in entry.tasks {
                for language in entry.languages {
                    let key = "\(task.corpusName) in \(language.rawValue)"
                    if let first = holder[key] {
                        throw BenchmarkManifestError.invalid(
                            manifest: source, line: nil, field: "data[\(index)]",
                            reason: "holds \(key), which data[\(first)] holds already")
                    }
                    holder[key] = index
                }
            }
        }
    }
}

/// The members of one YAML mapping, with the path and line for messages.
private struct Fields {
    let node: Node
    let mapping: Node.Mapping
    let path: String
    let source: String

    init(_ node: Node, path: String, source: String) throws {
        guard let mapping = node.mapping else {
            throw BenchmarkManifestError.invalid(manifest: source, line: node.mark?.line, field: path.isEmpty ? "(document)" : path, reason: "must be a mapping")
        }
        self.node = node
        self.mapping = mapping
        self.path = path
        self.source = source
    }

    func has(_ key: String) -> Bool { mapping[key] != nil }

    func allowOnly(_ keys: [String]) throws {
        for key in mapping.keys {
            let name = key.scalar?.string ?? "\(key)"
            if !keys.contains(name) {
                throw BenchmarkManifestError.invalid(
                    manifest: source, line: key.mark?.line, field: field(name),
                    reason: "is not a known field (known: \(keys.joined(separator: ", ")))" + NameSuggestion.didYouMean(name, among: keys))
            }
        }
    }

    func value(_ key: String) throws -> Node {
        guard let value = mapping[key] else {
            throw BenchmarkManifestError.invalid(manifest: source, line: node.mark?.line, field: field(key), reason: "is missing")
        }
        return value
    }

    func string(_ key: String, allowEmpty: Bool = false) throws -> String {
        let node = try value(key)
        guard let scalar = node.scalar else { throw invalid(key, "must be a string", at: node) }
        if !allowEmpty, scalar.string.isEmpty { throw invalid(key, "is empty", at: node) }
        return scalar.string
    }

    func optionalString(_ key: String) throws -> String? { has(key) ? try string(key) : nil }

    func optionalBool(_ key: String) throws -> Bool? {
        guard has(key) else { return nil }
        let node = try value(key)
        guard let bool = node.bool else { throw invalid(key, "must be true or false", at: node) }
        return bool
    }

    func optionalInt(_ key: String) throws -> Int? {
        guard has(key) else { return nil }
        let node = try value(key)
        guard let text = node.scalar?.string, let int = Int(text) else { throw invalid(key, "must be an integer", at: node) }
        return int
    }

    func seed(_ key: String) throws -> UInt64 {
        let node = try value(key)
        guard let text = node.scalar?.string, let seed = UInt64(text) else {
            throw invalid(key, "must be an integer from 0 to 18446744073709551615", at: node)
        }
        return seed
    }

    func sequence(_ key: String) throws -> [Node] {
        let node = try value(key)
        guard let sequence = node.sequence else { throw invalid(key, "must be a list", at: node) }
        return Array(sequence)
    }

    func optionalSequence(_ key: String) throws -> [Node]? { has(key) ? try sequence(key) : nil }

    func optionalStrings(_ key: String) throws -> [String]? {
        guard let nodes = try optionalSequence(key) else { return nil }
        return try nodes.map { node in
            guard let text = node.scalar?.string else { throw invalid(key, "must be a list of strings", at: node) }
            return text
        }
    }

    func nested(_ key: String) throws -> Fields {
        try Fields(try value(key), path: field(key), source: source)
    }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func invalid(_ key: String, _ reason: String, at node: Node? = nil) -> BenchmarkManifestError {
        .invalid(manifest: source, line: (node ?? mapping[key] ?? self.node).mark?.line, field: field(key), reason: reason)
    }
}
