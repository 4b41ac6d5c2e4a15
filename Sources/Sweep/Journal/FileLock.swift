import Foundation

/// An exclusive advisory lock on a file (flock), held until released or the process dies: the
/// kernel drops it even on SIGKILL, so a crashed coordinator never leaves its journal locked.
final class FileLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock or returns nil when another process holds it.
    init?(path: String) throws {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw JournalError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
