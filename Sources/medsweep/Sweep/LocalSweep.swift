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
    var engine: BackendOptions
    var workerLogLevel: String
    var http: HTTPOptions
    var logger: Logger

    struct Outcome {
        var status: SweepStatus
        var interrupted: Bool
        /// The journal held the whole sweep done before this run.
        var alreadyFinished: Bool
    }

    func run() async throws -> Outcome {
        let journal = try openJournalOrExit(journalPath)
        // A fresh secret per run: only the workers started here can talk to this coordinator.
        let token = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).map { String(format: "%02x", $0) }.joined() }
        // Only this run's workers know the token: let them all in at once.
        let (coordinator, monitor) = try makeCoordinatorOrExit(
            plan: plan, journal: journal,
            settings: CoordinatorSettings(
                token: token, newWorkers: .init(burst: max(workers, CoordinatorSettings.NewWorkerRate.standard.burst), perSecond: 8)),
            logger: logger)
        if await coordinator.isFinished {
            return Outcome(status: try await coordinator.status(), interrupted: false, alreadyFinished: true)
        }
        let start = try await coordinator.status().totals
        if start.unitsDone + start.unitsFailed > 0 {
            let left = start.units - start.unitsDone - start.unitsFailed
            print("resuming from \(journalPath): \(start.unitsDone) of \(start.units) units done, \(start.unitsFailed) failed, "
                + "\(left) left (\(start.questions - start.questionsDone) questions)")
        }
        let socketPath = NSTemporaryDirectory() + "medsweep-\(getpid())-\(UInt32.random(in: 0 ... .max)).ipc"
        defer { try? FileManager.default.removeItem(atPath: socketPath) }
        let server: CoordinatorServer
        do {
            server = try CoordinatorServer(coordinator: coordinator, listen: "ipc://\(socketPath)", logger: logger)
        } catch {
            printError("cannot listen on \(socketPath): \(error)")
            throw badInputExitCode
        }
        let dashboard = try await http.startOrExit(monitor, logger: logger)
        let localWorkers = LocalWorkers(
            count: workers, url: server.url, token: token, threads: threadsPerWorker,
            backendArguments: engine.workerArguments, logLevel: workerLogLevel, logger: logger)
        try localWorkers.startAll()

        // Interrupted once: no new leases; the workers finish the units in hand and deliver
        // them, and the coordinator serves until they have left, so nothing scored is lost.
        // Twice (or when the units take longer than `unitsInFlightLimit`): the workers hand
        // their units back unscored and leave, then the coordinator stops. Either way no lease
        // is left open and nobody waits for a coordinator that is gone.
        let interrupted = StopRequest()
        let signals = interrupted.installSignalHandlers { _ in
            if interrupted.isUrgent {
                Task {
                    Self.say("stopping now: the units in flight are handed back unscored")
                    await localWorkers.returnUnitsAndStop(timeout: .seconds(10))
                    server.stop()
                }
                return
            }
            Task {
                let out = await coordinator.stopLeasing()
                Self.say("stopping: no new units; waiting up to \(Self.unitsInFlightLimit.components.seconds / 60) min for the "
                    + "\(out) unit\(out == 1 ? "" : "s") in flight to finish and be committed (Ctrl-C again hands them back and stops now)")
                let allLeft = await localWorkers.finishUnitsAndStop(timeout: Self.unitsInFlightLimit)
                guard !interrupted.isUrgent else { return }
                if !allLeft {
                    Self.say("the units in flight took longer than \(Self.unitsInFlightLimit.components.seconds / 60) min: handing them back")
                    await localWorkers.returnUnitsAndStop(timeout: .seconds(10))
                }
                server.stop()
            }
        }
        defer { signals.cancel() }

        let progress = SweepProgress.follow(monitor, form: .view)
        // Served a heartbeat longer than the sweep: a worker still scoring a speculative copy of
        // the last unit hears "cancel" at its next heartbeat and "finished" on its next lease,
        // instead of waiting for a coordinator that is gone.
        await server.run(linger: .milliseconds(Int((max(1, plan.sweep.heartbeatSeconds) + 1) * 1000)))
        progress.cancel()
        _ = await progress.value
        await dashboard?.stop()
        await localWorkers.finish(timeout: .seconds(interrupted.isRequested ? 5 : 10))
        await coordinator.recordStop(interrupted: interrupted.isRequested)
        return Outcome(status: try await coordinator.status(), interrupted: interrupted.isRequested, alreadyFinished: false)
    }

    /// How long a first Ctrl-C waits for the units in flight before handing them back.
    static let unitsInFlightLimit = Duration.seconds(300)

    /// A line on standard error, at once (the progress view redraws around it).
    static func say(_ line: String) {
        var standardError = StandardError()
        print("\n" + line, to: &standardError)
    }

    /// The summary and the accuracy tables, on standard output.
    static func printSummary(_ outcome: Outcome, plan: Plan, journalPath: String) throws {
        let status = outcome.status
        if outcome.interrupted {
            let left = status.totals.units - status.totals.unitsDone - status.totals.unitsFailed
            print("stopped: \(status.totals.unitsDone) of \(status.totals.units) units done, \(status.totals.unitsFailed) failed, \(left) left; "
                + "the journal \(journalPath) keeps them, the same command resumes")
            return
        }
        print("sweep \(status.sweep): \(status.totals.unitsDone) units done, \(status.totals.unitsFailed) failed"
            + (outcome.alreadyFinished ? " (already finished)" : String(format: " in %.1f s", status.uptimeSeconds ?? 0))
            + "; journal \(journalPath)")
        let journal = try Journal.openForReading(path: journalPath)
        let failed = try journal.unitStates().filter { $0.state == .failed }
        let labels = Dictionary(uniqueKeysWithValues: plan.units.map { ($0.id, $0.label) })
        for unit in failed.prefix(10) {
            print("  failed: \(labels[unit.id] ?? unit.id): \(unit.lastError ?? "no error recorded")")
        }
        if failed.count > 10 { print("  … and \(failed.count - 10) more failed units (medsweep status --journal \(journalPath))") }
        print()
        let report = try BenchmarkReport(source: JournalRecordSource(journal: journal), metric: .accuracy)
        print(report.rendered(.text), terminator: "")
    }
}
