import Crypto
import Foundation
import ModelStore

/// SHA-256 of a file, read in chunks (a 4 GB model is never held in memory).
enum FileDigest {
    static func sha256(path: String) throws -> String {
        do {
            return try FileSHA256.hex(path: path)
        } catch {
            throw PlanError.modelUnreadable(path: path, reason: error.reason)
        }
    }

    static func sha256(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
