/// Why a benchmark manifest cannot be used: each message names the manifest, the line (when
/// the YAML has one) and the field.
///
/// ```
/// benchmark.yaml: line 9: data[1].sha256: "12ab" is not 64 hex digits
/// ```
public enum BenchmarkManifestError: Error, CustomStringConvertible, Equatable {
    case unreadable(manifest: String, reason: String)
    /// The manifest's path names no file, or a folder.
    case path(manifest: String, problem: PathProblem)
    /// Not valid YAML.
    case yaml(manifest: String, reason: String)
    /// A field that is missing, of the wrong type, or with a value that cannot be used.
    case invalid(manifest: String, line: Int?, field: String, reason: String)
    /// A data file whose SHA-256 digest is not the one the manifest records.
    case digestMismatch(manifest: String, file: String, expected: String, actual: String)
    /// No entry holds this task in this language.
    case notCovered(manifest: String, task: BenchmarkTask, language: BenchmarkLanguage)

    public var description: String {
        switch self {
        case .unreadable(let manifest, let reason):
            return "\(manifest): cannot read: \(reason)"
        case .path(let manifest, let problem):
            return "\(manifest): \(problem)"
        case .yaml(let manifest, let reason):
            return "\(manifest): not valid YAML: \(reason)"
        case .invalid(let manifest, let line, let field, let reason):
            return "\(manifest): " + (line.map { "line \($0): " } ?? "") + "\(field): \(reason)"
        case .digestMismatch(let manifest, let file, let expected, let actual):
            return "\(manifest): \(file): SHA-256 is \(actual), the manifest records \(expected) (the file changed, or the digest is wrong)"
        case .notCovered(let manifest, let task, let language):
            return "\(manifest): no data entry holds \(task.corpusName) in language \(language.rawValue)"
        }
    }
}
