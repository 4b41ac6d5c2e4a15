import Foundation

/// Whether a process holds a journal's coordinator lock (`FileLock`: flock on the file), found
/// in `/proc/locks` without touching the lock: taking it even for a moment could make a
/// coordinator starting at that moment refuse the journal as in use.
enum JournalLockProbe {
    /// True when some process holds a flock on the file at `path`; nil when that cannot be
    /// told (no such file, no /proc).
    static func isHeld(path: String) -> Bool? {
        var status = stat()
        guard stat(path, &status) == 0, let locks = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        // "1: FLOCK  ADVISORY  WRITE 4211 08:01:1835029 0 EOF": device major:minor:inode, in hex
        // for the device numbers and decimal for the inode.
        let major = UInt64(status.st_dev) >> 8 & 0xfff | UInt64(status.st_dev) >> 32 & ~0xfff
        let minor = UInt64(status.st_dev) & 0xff | UInt64(status.st_dev) >> 12 & ~0xff
        let target = String(format: "%02llx:%02llx:%llu", major, minor, UInt64(status.st_ino))
        return locks.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return fields.count > 5 && fields[1] == "FLOCK" && fields[5] == target
        }
    }
}
