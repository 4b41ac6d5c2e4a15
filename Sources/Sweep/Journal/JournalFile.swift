import Foundation

/// Where a journal really is: SQLite keeps the write-ahead log beside the name it opens, so a
/// journal is always opened by its one real path (symbolic links followed), and a file with
/// a second name (a hard link) is refused: opened by the other name it would get a log of its
/// own, and commits acknowledged through one name would be missing through the other.
enum JournalFile {
    /// The real path of the journal at `path`: links followed; a file that does not exist yet
    /// is placed in the real path of its folder.
    static func resolve(_ path: String) throws -> String {
        var status = stat()
        if lstat(path, &status) == 0 {
            guard let real = realpath(path, nil) else {
                throw JournalError.cannotOpen(path: path, reason: "it is a symbolic link to a file that does not exist")
            }
            defer { free(real) }
            return String(cString: real)
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        guard let real = realpath(folder, nil) else {
            throw JournalError.cannotOpen(path: path, reason: "no such folder \(folder)")
        }
        defer { free(real) }
        return URL(fileURLWithPath: String(cString: real)).appendingPathComponent(url.lastPathComponent).path
    }

    /// Refuses a file with more than one name.
    static func checkSingleName(_ links: Int, path: String) throws {
        if links > 1 { throw JournalError.hardLinked(path: path, links: links) }
    }

    /// The number of names of the file at `path` (0 when it cannot be read).
    static func linkCount(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_nlink) : 0
    }
}
