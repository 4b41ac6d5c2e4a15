import Foundation

/// Why a path a person named (a sweep file, a manifest, an output file or folder) cannot be
/// used, in the words they expect: "no such file", "no such folder /x/y", "is a folder, not a
/// sweep file". Foundation's own errors say "The operation could not be completed" and name
/// neither the path nor what is missing.
///
/// ```swift
/// if let problem = PathProblem.reading(path, as: "a sweep file") { throw … "\(path): \(problem)" }
/// ```
public enum PathProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case noSuchFile
    /// The folder that should hold the path (or be the path) does not exist.
    case noSuchFolder(String)
    /// A folder where a file was expected; `expected` says what the file should be.
    case isAFolder(expected: String)
    /// A file where a folder was expected.
    case notAFolder
    /// Another reason, in the system's words ("Permission denied").
    case other(String)

    public var description: String {
        switch self {
        case .noSuchFile: "no such file"
        case .noSuchFolder(let folder): "no such folder \(folder)"
        case .isAFolder(let expected): "is a folder, not \(expected)"
        case .notAFolder: "is a file, not a folder"
        case .other(let reason): reason
        }
    }

    /// Why the file at `path` cannot be read as `expected` ("a sweep file"), or nil when it
    /// is a file (reading it may still fail, for its permissions: see `init(error:)`).
    public static func reading(_ path: String, as expected: String) -> PathProblem? {
        var status = stat()
        guard stat(path, &status) == 0 else { return fromErrno(errno) }
        return (status.st_mode & S_IFMT) == S_IFDIR ? .isAFolder(expected: expected) : nil
    }

    /// Why a file cannot be written at `path`: its folder is missing or not a folder, or the
    /// path is a folder; nil when it can be tried.
    public static func writing(_ path: String, as expected: String) -> PathProblem? {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var status = stat()
        guard stat(folder, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else { return .noSuchFolder(folder) }
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR { return .isAFolder(expected: expected) }
        return nil
    }

    /// Why `path` cannot be used as an existing folder, or nil when it is one.
    public static func folder(_ path: String) -> PathProblem? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            return errno == ENOENT || errno == ENOTDIR ? .noSuchFolder(path) : fromErrno(errno)
        }
        return (status.st_mode & S_IFMT) == S_IFDIR ? nil : .notAFolder
    }

    /// The problem a Foundation or POSIX error stands for (its errno when it has one).
    public init(error: any Error) {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain {
            self = Self.fromErrno(Int32(nsError.code))
        } else if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            self = Self.fromErrno(Int32(underlying.code))
        } else if nsError.domain == NSCocoaErrorDomain,
            [NSFileReadNoSuchFileError, NSFileNoSuchFileError].contains(nsError.code)
        {
            self = .noSuchFile
        } else {
            self = .other(nsError.localizedDescription)
        }
    }

    static func fromErrno(_ code: Int32) -> PathProblem {
        switch code {
        case ENOENT, ENOTDIR: .noSuchFile
        case EISDIR: .isAFolder(expected: "a file")
        default: .other(String(cString: strerror(code)))
        }
    }
}
