import Foundation
import Synchronization

/// A file a worker rewrites whenever the coordinator answers it (at most once a second), so a
/// readiness probe can tell a worker that reaches its coordinator from one that does not:
/// `test $(( $(date +%s) - $(stat -c %Y FILE) )) -lt 30`.
final class ReadyFile: Sendable {
    let path: String
    private let lastWrite = Mutex<Double>(0)

    init(path: String) {
        self.path = path
    }

    func touch() {
        let now = Date().timeIntervalSince1970
        let due = lastWrite.withLock { last in
            guard now - last >= 1 else { return false }
            last = now
            return true
        }
        guard due else { return }
        // The time it was written, for a person reading it; probes read the modification time.
        try? Data("\(Int(now))\n".utf8).write(to: URL(fileURLWithPath: path))
    }
}
