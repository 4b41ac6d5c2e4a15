import Foundation

/// An exclusive advisory lock (flock) on the journal file itself, held until released or the
/// process dies: the kernel drops it even on SIGKILL, so a crashed coordinator never leaves its
/// journal locked.
///
/// The lock is on the file's inode, not on a name: a symbolic link, a hard link or another
/// spelling of the path meets the same lock (a lock file named after the path did not, and two
/// coordinators served one journal). flock locks are apart from the POSIX record locks SQLite
/// takes, but closing any descriptor of a file drops a process's POSIX locks on it, so the
/// journal closes its database before it releases this lock.
final class FileLock: Sendable {
    private let descriptor: Int32
    /// The file's names (hard links) when it was locked.
    let linkCount: Int

    /// Takes the lock on the file at `path` (creating it empty when missing), or returns nil when
    /// another open file holds it. `display` names the journal in errors.
    init?(path: String, display: String) throws {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw JournalError.cannotOpen(path: display, reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw JournalError.cannotOpen(path: display, reason: reason)
        }
        self.descriptor = descriptor
        linkCount = Int(status.st_nlink)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
