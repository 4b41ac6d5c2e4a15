import Foundation

/// Runs blocking work (a unit's forward passes, seconds to minutes) on a thread of its own,
/// so it never occupies one of Swift concurrency's few cooperative threads, which the
/// heartbeats and network replies need meanwhile.
func onOwnThread<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: work()) }
        thread.stackSize = 16 << 20
        thread.name = "medsweep-scoring"
        thread.start()
    }
}
