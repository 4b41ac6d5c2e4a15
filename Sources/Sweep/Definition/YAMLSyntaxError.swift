import Yams

/// A YAML parse failure as a sweep-file error on the line where the parser noticed it.
enum YAMLSyntaxError {
    static func sweepFileError(_ error: any Error, file: String) -> SweepFileError {
        guard let yamlError = error as? YamlError else {
            return SweepFileError(file: file, line: nil, field: "(document)", reason: "is not valid YAML: \(firstLine(of: error))")
        }
        let line: Int?
        let problem: String
        switch yamlError {
        case let .scanner(context, text, mark, _), let .parser(context, text, mark, _), let .composer(context, text, mark, _):
            line = mark.line
            problem = context.map { "\(text) (\($0.text) on line \($0.mark.line))" } ?? text
        case let .duplicatedKeysInMapping(duplicates, context):
            line = context.mark.line
            problem = "repeats the key \(duplicates.sorted().joined(separator: ", "))"
        case let .reader(text, offset, _, yaml):
            line = offset.map { offset in yaml.utf8.prefix(offset).reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } }
            problem = text
        default:
            line = nil
            problem = firstLine(of: yamlError)
        }
        return SweepFileError(file: file, line: line, field: "(document)", reason: "is not valid YAML: \(problem)")
    }

    private static func firstLine(of error: any Error) -> String {
        "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}
