import Foundation
import Logging

/// Worker processes this process starts on the same machine (`run`, `demo`): the same
/// executable with `worker`, the token passed in the environment. A worker that dies before
/// the sweep is finished is started again, up to three times per slot.
final class LocalWorkers: @unchecked Sendable {
    // @unchecked: `processes` and `restarts` are only touched with `lock` held.
    private let lock = NSLock()
    private var processes: [Process?]
    private var restarts: [Int]
    private var finishing = false
    private let url: String
    private let token: String?
    private let threads: Int?
    /// `--backend` and its options, passed on to every worker.
    private let backendArguments: [String]
    private let logLevel: String
    private let logger: Logger

    init(count: Int, url: String, token: String?, threads: Int?, backendArguments: [String] = [], logLevel: String, logger: Logger) {
        self.backendArguments = backendArguments
        processes = Array(repeating: nil, count: count)
        restarts = Array(repeating: 0, count: count)
        self.url = url
        self.token = token
        self.threads = threads
        self.logLevel = logLevel
        self.logger = logger
    }

    func startAll() throws {
        for slot in processes.indices { try start(slot) }
    }

    private func start(_ slot: Int) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var arguments = ["worker", "--connect", url, "--id", "local-\(slot + 1)", "--log-level", logLevel]
        if let threads { arguments += ["--threads", String(threads)] }
        arguments += backendArguments
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["MEDSWEEP_TOKEN"] = token
        process.environment = environment
        process.terminationHandler = { [weak self] finished in self?.ended(slot, finished) }
        try process.run()
        lock.withLock { processes[slot] = process }
    }

    private func ended(_ slot: Int, _ process: Process) {
        let restart: Bool = lock.withLock {
            guard !finishing, processes[slot] === process else { return false }
            let clean = process.terminationReason == .exit && process.terminationStatus == 0
            guard !clean, restarts[slot] < 3 else { return false }
            restarts[slot] += 1
            return true
        }
        guard restart else { return }
        logger.warning("local worker \(slot + 1) ended (\(process.terminationReason == .uncaughtSignal ? "signal" : "status") \(process.terminationStatus)); starting it again")
        do {
            try start(slot)
        } catch {
            logger.error("cannot start local worker \(slot + 1) again: \(error)")
        }
    }

    /// Waits up to `timeout` for the workers to exit on their own (they do when they hear the
    /// sweep is finished), then sends SIGTERM, and SIGKILL to any still there a few seconds on.
    func finish(timeout: Duration) async {
        lock.withLock { finishing = true }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, running.count > 0 {
            try? await Task.sleep(for: .milliseconds(50))
        }
        for process in running { process.terminate() }
        let killAt = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < killAt, running.count > 0 {
            try? await Task.sleep(for: .milliseconds(50))
        }
        for process in running { kill(process.processIdentifier, SIGKILL) }
    }

    /// Asks every worker to finish the unit in hand, deliver it and exit (one SIGTERM), and
    /// waits up to `timeout` for them to leave; true when all have. The coordinator must serve
    /// meanwhile: the results come through it.
    func finishUnitsAndStop(timeout: Duration) async -> Bool {
        lock.withLock { finishing = true }
        for process in running { kill(process.processIdentifier, SIGTERM) }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, running.count > 0 {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return running.isEmpty
    }

    /// Asks every worker to hand its unit back unscored and exit (a second stop signal: SIGTERM
    /// and SIGINT, two signals, as two of one kind may arrive as one), and waits up to
    /// `timeout` for them to leave. The coordinator must still serve meanwhile: a worker's
    /// `returned` message is how its lease ends.
    func returnUnitsAndStop(timeout: Duration) async {
        lock.withLock { finishing = true }
        for process in running {
            kill(process.processIdentifier, SIGTERM)
            kill(process.processIdentifier, SIGINT)
        }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, running.count > 0 {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private var running: [Process] {
        lock.withLock { processes.compactMap { $0 }.filter(\.isRunning) }
    }
}
