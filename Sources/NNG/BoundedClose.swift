import Foundation

/// Runs an nng teardown call on a thread of its own and waits for it a bounded time.
///
/// libnng 1.5.2 (Debian 12's) can hang in `nng_close` forever (nanomsg/nng#1543 and #1813,
/// fixed in 1.8.0): its single reaper thread waits on an aio task that was prepared and never
/// run, and from then on every socket close in the process waits for that reaper. Observed
/// here once under heavy load, with two of Swift's cooperative threads stuck in `nng_close`
/// and every Task in the process starved. Closing on a separate thread keeps such a hang off
/// the cooperative pool: the caller goes on after `limit` (the socket's resources leak; the
/// process can still finish its work and exit).
enum BoundedClose {
    /// Whether `work` finished within `limit`.
    @discardableResult
    static func run(_ what: String, limit: Duration = .seconds(5), _ work: @escaping @Sendable () -> Void) -> Bool {
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            work()
            finished.signal()
        }
        thread.name = "nng-close"
        thread.start()
        let milliseconds = Int(limit.components.seconds * 1000 + limit.components.attoseconds / 1_000_000_000_000_000)
        if finished.wait(timeout: .now() + .milliseconds(milliseconds)) == .timedOut {
            FileHandle.standardError.write(Data(
                "nng: \(what) did not finish within \(limit) (libnng's close can hang, nanomsg/nng#1543); going on without it\n".utf8))
            return false
        }
        return true
    }
}
