/// A sweep file that cannot be used, naming the file, the line and the field.
public struct SweepFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let field: String
    public let reason: String

    public init(file: String, line: Int?, field: String, reason: String) {
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// The field of an error about the whole file (missing, unreadable, not UTF-8), which
    /// its message leaves out: "sweep.yaml: no such file".
    public static let wholeFile = "(file)"

    public var description: String {
        let subject = field == Self.wholeFile ? "" : "\(field) "
        return "\(file)\(line.map { ":\($0)" } ?? ""): \(subject)\(reason)"
    }
}
