import ArgumentParser
import Engine
import Foundation
import Logging
import Sweep

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Score work units a coordinator leases, until the sweep is finished.",
        discussion: """
            Dials the coordinator at --connect (tcp://HOST:PORT, ipc://PATH, tls+tcp://HOST:PORT \
            with --tls-ca) and need not wait for it: the connection is made, and remade after a \
            coordinator restart, in the background with backoff. The worker says hello, asks \
            for a unit, loads the unit's model (checking its sha256 against the coordinator's; \
            one model stays loaded, a unit of another model replaces it), scores the questions \
            with medsweep's engine while heartbeats keep the lease, sends the results and asks \
            again. Model paths are the sweep file's: every worker must see the files at the \
            same paths (a shared volume).

            Threads: --threads, else the sweep's `threads`, else all cores.

            Exits with status 0 when the coordinator says the sweep is finished, or after a \
            SIGTERM or SIGINT: the first lets the unit in hand finish and its results be \
            delivered, a second hands the unit back unscored. A worker waits for its \
            coordinator however long it is away (it may be restarting), unless \
            --give-up-after says how long: then it exits with status 3 (for batch jobs whose \
            coordinator is gone for good).

            --ready-file FILE is rewritten each time the coordinator answers (at most once a \
            second): a readiness probe checks its age (see cluster/kubernetes/).
            """
    )

    @Option(help: ArgumentHelp("The coordinator's address.", valueName: "url"))
    var connect: String

    @Option(help: "Threads per unit (default: the sweep's, else all cores).")
    var threads: Int?

    @Option(help: ArgumentHelp("This worker's name in the journal and logs (default: HOST-PID-RANDOM).", valueName: "name"))
    var id: String?

    @Option(help: ArgumentHelp("Memory for the engine's prefix cache, in MiB.", valueName: "mib"))
    var prefixCacheMib: Int = 1024

    @Option(help: ArgumentHelp("Exit with status 3 after this long without an answer from the coordinator (default: never).", valueName: "seconds"))
    var giveUpAfter: Double?

    @Option(help: ArgumentHelp("A file rewritten whenever the coordinator answers, for readiness probes.", valueName: "file"))
    var readyFile: String?

    @OptionGroup var engine: BackendOptions
    @OptionGroup var token: TokenOptions
    @OptionGroup var tls: WorkerTLSOptions
    @OptionGroup var log: LogLevelOption

    func validate() throws {
        if let threads, !(1 ... 1024).contains(threads) { throw ValidationError("--threads \(threads) is outside 1...1024.") }
        if prefixCacheMib < 0 { throw ValidationError("--prefix-cache-mib must be 0 or more.") }
        if let giveUpAfter, !(1 ... 31_536_000).contains(giveUpAfter) {
            throw ValidationError("--give-up-after \(giveUpAfter) is outside 1...31536000 seconds.")
        }
        if let readyFile {
            let folder = URL(fileURLWithPath: readyFile).deletingLastPathComponent().path
            guard FileManager.default.isWritableFile(atPath: folder) else {
                throw ValidationError("--ready-file \(readyFile): folder \(folder) does not exist or cannot be written.")
            }
        }
        if let id, id.isEmpty || id.contains(where: \.isWhitespace) || PrintableText.problem(in: id, limit: WireLimits.workerID) != nil {
            throw ValidationError(
                "--id \"\(PrintableText.escaped(id, limit: 80))\" must be a name without spaces or control characters, of at most \(WireLimits.workerID) bytes.")
        }
    }

    func run() async throws {
        let logger = log.bootstrap("medsweep.worker", fallback: .info)
        // No usable device for --backend vulkan: a clear error before anything is leased.
        let backendSummary = try engine.deviceOrExit()
        logger.info("backend: \(backendSummary)")
        let identity = WorkerIdentity(id: id, cores: ThreadPool.availableCores)
        let stop = StopRequest()
        let signals = stop.installSignalHandlers { number in
            logger.notice("signal \(number): \(stop.isUrgent ? "handing the unit back and exiting" : "finishing the unit in hand, then exiting")")
        }
        defer { signals.cancel() }
        let client: CoordinatorClient
        do {
            let ready = readyFile.map(ReadyFile.init(path:))
            client = try CoordinatorClient(
                url: connect, workerID: identity.id, token: token.token(), tls: tls.configuration(for: connect),
                giveUpAfter: giveUpAfter.map { .milliseconds(Int($0 * 1000)) }, onReply: { ready?.touch() }, logger: logger)
        } catch let error as ValidationError {
            throw error
        } catch {
            printError("cannot dial \(connect): \(error)")
            throw badInputExitCode
        }
        defer { client.close() }
        let scoring = EngineUnitScoring(prefixCacheBytes: prefixCacheMib << 20, backend: engine.settings(threads: threads ?? ThreadPool.availableCores)) {
            logger.info("\($0)")
        }
        let worker = Worker(
            client: client, identity: identity, scoring: scoring, threads: ThreadPool.availableCores, threadsOverride: threads,
            engineVersion: "medsweep \(Medsweep.version)", backend: backendSummary, stop: stop, logger: logger)
        do {
            try await worker.run()
        } catch let unreachable as CoordinatorClient.Unreachable {
            logger.error("\(unreachable)")
            throw ExitCode(3)
        }
    }
}
