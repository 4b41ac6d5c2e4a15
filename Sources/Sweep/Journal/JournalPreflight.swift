import Foundation

extension Journal {
    /// Refuses early, creating nothing, a journal that `openForWriting` would refuse for where
    /// it is or who holds it: its folder does not exist, it is a folder, another coordinator
    /// holds it (by any name), or it has a second name (a hard link).
    ///
    /// Why: a coordinator hashes every model and builds the sweep's variants before it opens
    /// the journal, which takes minutes on 7B files; a journal already in use should stop it
    /// before that, not after. Nothing is created, so a sweep that then fails its plan leaves
    /// no journal behind. `openForWriting` checks again (and holds the lock from then on): a
    /// coordinator starting between the two calls is still refused.
    public static func checkCanOpenForWriting(path: String) throws {
        let file = try JournalFile.resolve(path)
        var status = stat()
        guard stat(file, &status) == 0 else { return }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw JournalError.cannotOpen(path: path, reason: "it is a folder, not a journal file")
        }
        if FileLock.isHeldElsewhere(path: file) { throw JournalError.inUse(path: path) }
        try JournalFile.checkSingleName(Int(status.st_nlink), path: path)
    }
}

extension FileLock {
    /// Whether another open file holds the lock on the existing file at `path`, found by
    /// taking the lock and letting it go at once; a file that cannot be opened is left for
    /// `openForWriting` to report. Call it before this process opens the journal itself:
    /// closing a descriptor of a file drops the process's SQLite (POSIX) locks on it.
    static func isHeldElsewhere(path: String) -> Bool {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
        flock(descriptor, LOCK_UN)
        return false
    }
}
