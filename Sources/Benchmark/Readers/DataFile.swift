import Crypto
import Foundation

/// A data file to read: a path on disk (memory-mapped, so a large file is paged in as records
/// are parsed, never copied whole), or bytes in memory with a name for messages (the built-in
/// demo benchmark).
///
/// ```swift
/// let file = DataFile.path("langs_processed/French-full.json")
/// let digest = try file.sha256()      // 64 lowercase hex digits
/// ```
public struct DataFile: Sendable, Hashable, CustomStringConvertible {
    private enum Storage: Sendable, Hashable {
        case path(String)
        case bytes([UInt8])
    }

    /// How the file is named in messages: its path, or the in-memory file's name.
    public let name: String
    private let storage: Storage

    private init(name: String, storage: Storage) {
        self.name = name
        self.storage = storage
    }

    /// The file at `path`.
    public static func path(_ path: String) -> DataFile {
        DataFile(name: path, storage: .path(path))
    }

    /// Bytes held in memory, named `name` in messages.
    public static func bytes(_ bytes: [UInt8], name: String) -> DataFile {
        DataFile(name: name, storage: .bytes(bytes))
    }

    public var description: String { name }

    /// The file's name without its folders.
    public var baseName: String { (name as NSString).lastPathComponent }

    /// The path on disk, or nil for bytes in memory.
    public var path: String? {
        if case .path(let path) = storage { return path }
        return nil
    }

    /// Calls `body` with the file's bytes.
    public func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        switch storage {
        case .bytes(let bytes):
            return try bytes.withUnsafeBytes(body)
        case .path(let path):
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
            } catch {
                throw BenchmarkDataError.unreadable(file: name, reason: Self.reason(error))
            }
            return try data.withUnsafeBytes(body)
        }
    }

    /// The SHA-256 digest of the file's bytes, as 64 lowercase hex digits.
    public func sha256() throws -> String {
        let digest = try withBytes { buffer in SHA256.hash(data: buffer) }
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    private static func reason(_ error: Error) -> String {
        PathProblem(error: error).description
    }
}
