import Crypto
import Foundation

/// SHA-256 of a file as lowercase hex, read in chunks (a 4 GB model is never held in memory).
public enum FileSHA256 {
    public static func hex(path: String) throws(FileReadError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileReadError(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be opened" : "no such file")
        }
        defer { try? handle.close() }
        var hash = SHA256()
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 8 << 20) ?? Data()
            } catch {
                throw FileReadError(path: path, reason: (error as NSError).localizedDescription)
            }
            if chunk.isEmpty { break }
            hash.update(data: chunk)
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// A file that could not be read, and why.
public struct FileReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
