import Foundation

/// A serial executor with a thread of its own: the `Coordinator` actor runs on it, so its
/// decisions and the synced SQLite commit that records each one (milliseconds of fsync, far
/// longer on a slow or full disk) never hold one of Swift's few cooperative threads, which nng
/// replies, the HTTP monitor and the ticker need meanwhile.
///
/// The thread lives while the executor does: it ends once the executor is released and the
/// jobs already queued have run.
final class OwnThreadExecutor: SerialExecutor, @unchecked Sendable {
    // @unchecked: `queue` is only touched with its condition's lock held.
    private final class Queue: @unchecked Sendable {
        let condition = NSCondition()
        var jobs: [UnownedJob] = []
        var closed = false
        /// The executor, unowned: a job runs only while its actor, which owns the executor, lives.
        var executor: UnownedSerialExecutor?
    }

    private let queue = Queue()
    /// Holds, on each executor's thread, its queue's address (for `checkIsolated`, `isCurrent`).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    init(name: String) {
        let queue = queue
        let key = Self.key
        queue.executor = UnownedSerialExecutor(ordinary: self)
        let thread = Thread { [key] in
            pthread_setspecific(key, Unmanaged.passUnretained(queue).toOpaque())
            while true {
                queue.condition.lock()
                while queue.jobs.isEmpty && !queue.closed { queue.condition.wait() }
                if queue.jobs.isEmpty {
                    queue.condition.unlock()
                    return
                }
                let batch = queue.jobs
                queue.jobs.removeAll(keepingCapacity: true)
                let executor = queue.executor!
                queue.condition.unlock()
                for job in batch { job.runSynchronously(on: executor) }
            }
        }
        thread.name = name
        thread.stackSize = 4 << 20
        thread.start()
    }

    deinit {
        queue.condition.lock()
        queue.closed = true
        queue.condition.signal()
        queue.condition.unlock()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.condition.lock()
        queue.jobs.append(job)
        queue.condition.signal()
        queue.condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Whether the calling code runs on this executor's thread.
    var isCurrent: Bool {
        let marker: UnsafeMutableRawPointer? = pthread_getspecific(Self.key)
        return marker == Unmanaged.passUnretained(queue).toOpaque()
    }

    func checkIsolated() {
        precondition(isCurrent, "not on the coordinator's thread")
    }
}
