import Benchmark
import Crypto
import Foundation
import Logging
import Sweep

/// A coordinator in this process and worker processes beside it, on one machine: what `run`
/// and `demo` do. Returns when the sweep is finished (or interrupted: the journal keeps all
/// that was acknowledged, and the same command resumes it).
struct LocalSweep {
    var plan: Plan
    var journalPath: String
    var workers: Int
    var threadsPerWorker: Int?
    /// nil: an ipc:// socket in the temporary folder.
    var listen: String?
    var workerLogLevel: String
    var http: HTTPOptions
    var logger: Logger

    struct Outcome {
        var status: CoordinatorStatus
        var interrupted: Bool
        var seconds: Double
    }

    func run() async throws -> Outcome {
        let started = ContinuousClock.now
        let journal = try openJournalOrExit(journalPath)
        // A fresh secret per run: only the workers started here can talk to this coordinator.
        let token = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).map { String(format: "%02x", $0) }.joined() }
        let (coordinator, monitor) = try makeCoordinatorOrExit(
            plan: plan, journal: journal, settings: CoordinatorSettings(token: token), logger: logger)
        if await coordinator.isFinished {
            return Outcome(status: await coordinator.status(), interrupted: false, seconds: 0)
        }
        let socketPath = NSTemporaryDirectory() + "medsweep-\(getpid())-\(UInt32.random(in: 0 ... .max)).ipc"
        defer { try? FileManager.default.removeItem(atPath: socketPath) }
        let server: CoordinatorServer
        do {
            server = try CoordinatorServer(coordinator: coordinator, listen: listen ?? "ipc://\(socketPath)", logger: logger)
        } catch {
            printError("cannot listen on \(listen ?? socketPath): \(error)")
            throw badInputExitCode
        }
        let dashboard = try await http.startOrExit(monitor, logger: logger)
        let localWorkers = LocalWorkers(
            count: workers, url: server.url, token: token, threads: threadsPerWorker, logLevel: workerLogLevel, logger: logger)
        try localWorkers.startAll()

        let interrupted = InterruptFlag()
        let signals = interrupted.install {
            server.stop()
            localWorkers.terminateAll()
        }
        defer { signals.forEach { $0.cancel() } }

        let progress = SweepProgress.follow(monitor, form: .view)
        await server.run(linger: .seconds(2))
        progress.cancel()
        _ = await progress.value
        await dashboard?.stop()
        await localWorkers.finish(timeout: .seconds(interrupted.isSet ? 30 : 10))
        let elapsed = ContinuousClock.now - started
        return Outcome(
            status: await coordinator.status(), interrupted: interrupted.isSet,
            seconds: elapsed.inSeconds)
    }

    /// The summary and the accuracy tables, on standard output.
    static func printSummary(_ outcome: Outcome, journalPath: String) throws {
        let status = outcome.status
        if outcome.interrupted {
            print("interrupted: \(status.unitsDone) of \(status.unitsTotal) units done; the journal \(journalPath) keeps them, the same command resumes")
            return
        }
        print("sweep \(status.sweep): \(status.unitsDone) units done, \(status.unitsFailed) failed"
            + (outcome.seconds > 0 ? String(format: " in %.1f s", outcome.seconds) : " (already finished)")
            + "; journal \(journalPath)")
        let journal = try Journal.openForReading(path: journalPath)
        for failed in try journal.unitStates().filter({ $0.state == .failed }).prefix(10) {
            print("  failed unit \(failed.id): \(failed.lastError ?? "no error recorded")")
        }
        print()
        let report = try BenchmarkReport(source: JournalRecordSource(journal: journal), metric: .accuracy)
        print(report.rendered(.text), terminator: "")
    }
}

/// SIGINT and SIGTERM for a command that runs a sweep: the first stops it cleanly.
final class InterruptFlag: @unchecked Sendable {
    // @unchecked: `set` is written on the signal queue and read after, under `lock`.
    private let lock = NSLock()
    private var set = false

    var isSet: Bool { lock.withLock { set } }

    func install(_ onInterrupt: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                lock.withLock { set = true }
                onInterrupt()
            }
            source.resume()
            return source
        }
    }
}
