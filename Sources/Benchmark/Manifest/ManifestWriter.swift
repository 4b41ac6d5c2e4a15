extension BenchmarkManifest {
    /// The manifest as YAML, in the form `load(path:)` reads (strings double-quoted, so spaces
    /// and line feeds in templates survive).
    public func yaml() -> String {
        var lines = ["# medsweep benchmark manifest", "name: \(Self.quoted(name))"]
        if let description { lines.append("description: \(Self.quoted(description))") }
        lines.append("demo: \(isDemo)")
        lines.append("data:")
        for entry in entries {
            lines.append("  - format: \(entry.format.rawValue)")
            lines.append("    path: \(Self.quoted(entry.file.path))")
            lines.append("    sha256: \(entry.file.sha256)")
            lines.append("    tasks: [\(entry.tasks.map(\.corpusName).joined(separator: ", "))]")
            lines.append("    languages: [\(entry.languages.map(\.rawValue).joined(separator: ", "))]")
            if let fewShot = entry.fewShot {
                lines.append("    fewshot:")
                lines.append("      path: \(Self.quoted(fewShot.file.path))")
                lines.append("      sha256: \(fewShot.file.sha256)")
                lines.append("      seed: \(fewShot.sampler.seed)")
                lines.append("      shots: \(fewShot.sampler.shots)")
                lines.append("      sets: \(fewShot.sampler.sets)")
            }
        }
        if !templates.isEmpty {
            lines.append("templates:")
            for template in templates {
                lines.append("  - name: \(Self.quoted(template.name))")
                for (key, value) in [
                    ("instruction", template.instruction), ("context", template.context), ("option", template.option),
                    ("option_separator", template.optionSeparator), ("element", template.element), ("answer", template.answer),
                    ("example_separator", template.exampleSeparator), ("question_separator", template.questionSeparator),
                ] {
                    lines.append("    \(key): \(Self.quoted(value))")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` as a YAML double-quoted scalar.
    static func quoted(_ text: String) -> String { YAMLQuoting.doubleQuoted(text) }
}
