import Foundation
import Testing

/// Threads of the test process's own for tests that hold their thread for long: engine
/// arithmetic, fuzzing, waiting on a child process.
///
/// Why: Swift Testing runs a synchronous test on the cooperative pool, which has one thread per
/// core. On a 2-core CI machine two such tests take the whole pool, and every asynchronous test
/// stalls: an NNG reply that nng delivered in a millisecond waits seconds for a thread to resume
/// on, and nng's own timer (which runs on nng's threads) declares the exchange timed out. Run on
/// these threads instead, the long tests share the CPU with the rest through the kernel's
/// scheduler, and the pool stays free to resume continuations.
public final class LongTestThreads: TaskExecutor, @unchecked Sendable {
    /// As many threads as cores: the long tests still run in parallel, no more than the
    /// machine can run at once.
    public static let shared = LongTestThreads(count: max(2, ProcessInfo.processInfo.activeProcessorCount))

    private let queue = NSCondition()
    private var pending: [UnownedJob] = []

    private init(count: Int) {
        for _ in 0 ..< count {
            Thread { [unowned self] in self.serve() }.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.lock()
        pending.append(job)
        queue.signal()
        queue.unlock()
    }

    /// Runs jobs first come, first served, forever (the threads live as long as the test
    /// process).
    private func serve() {
        pthread_setspecific(Self.servingThreadKey, UnsafeRawPointer(bitPattern: 1))
        while true {
            queue.lock()
            while pending.isEmpty { queue.wait() }
            let job = pending.removeFirst()
            queue.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    /// Whether the calling code runs on one of these threads (for the test that checks the trait).
    public static var isCurrent: Bool { pthread_getspecific(servingThreadKey) != nil }

    /// Marks the serving threads. (Not `Thread.name`: on Linux, a name given before `start()`
    /// does not reach the thread.)
    private static let servingThreadKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}

/// Runs a suite's (or a test's) bodies on `LongTestThreads` rather than on the cooperative
/// pool. Give it to every suite whose tests compute or wait for long without suspending.
public struct OffThePoolTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(LongTestThreads.shared) { try await function() }
    }
}

extension Trait where Self == OffThePoolTrait {
    /// The tests block their thread for long (compute, or wait for a process): run them on
    /// `LongTestThreads`, so asynchronous tests keep the cooperative pool.
    public static var offThePool: Self { OffThePoolTrait() }
}
