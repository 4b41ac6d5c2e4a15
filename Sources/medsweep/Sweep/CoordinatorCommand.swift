import ArgumentParser
import Foundation
import Logging
import NNG
import Sweep

struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Serve a sweep's work units to workers over the network (the cluster form).",
        discussion: """
            Checks the sweep file and everything it names before any work starts, builds the \
            variants it declares (quantize:, merge:) into variants/ beside --journal (once; \
            workers must see that folder at the same path, as they do the model files), opens \
            (or resumes) the journal, and listens at --listen (tcp://HOST:PORT, ipc://PATH, or \
            tls+tcp://HOST:PORT with --tls-cert) for `medsweep worker --connect URL`. Workers \
            may come and go: a unit whose worker stops heartbeating goes back to the queue \
            after lease_seconds; a unit whose leases end without a result max_attempts times \
            is marked failed with its last error.

            Killed or restarted at any moment, the coordinator resumes from the journal: what \
            it acknowledged is kept, leases that were active get a full lease duration for \
            their workers (which reconnect on their own) to deliver. One coordinator writes a \
            journal at a time.

            --http ADDR serves the live dashboard (GET /), the status as JSON (/api/status), \
            Prometheus metrics (/metrics) and a health check (/healthz); :PORT binds to \
            loopback only, HOST:PORT where told (then set --http-token-file). `medsweep \
            status --url http://ADDR` shows the same in a terminal.

            Requests must carry the token of --token-file or MEDSWEEP_TOKEN when one is set \
            (always set one on a shared network). Requests over --max-message-mib get an \
            error; over twice that, nng drops the connection unread. A worker leases only \
            after saying hello; new worker ids are let in --new-worker-burst at once, then 8 a \
            second (the others retry), so a flood of ids cannot take the sweep's units. A \
            lease whose worker was never heard from ends abandoned and costs its unit no \
            attempt. A journal in use by another coordinator (by any name), with a second name \
            (a hard link), or failing SQLite's integrity check is refused at start; a journal \
            in use, and a --listen or --http port in use ("ADDR: the port is in use"), before \
            the models are hashed and the variants built.

            A model file gone missing stops it with the offer of --skip-missing-models: the \
            other models run, the missing one's units stay queued in the journal.

            Odd records of the benchmark data are rendered or skipped with one warning per \
            kind in the log; --strict (or `strict: true` in the sweep file) refuses the first \
            one, before any work starts.

            Exits with status 0 once every unit is done or failed and --linger seconds have \
            passed (workers that ask meanwhile hear the sweep is finished), after printing \
            the accuracy tables; on SIGTERM or SIGINT it stops at once, journal intact.
            """
    )

    @Argument(help: ArgumentHelp("The sweep file.", valueName: "sweep.yaml"))
    var sweep: String

    @Option(help: ArgumentHelp("Where workers connect, e.g. tcp://0.0.0.0:5555.", valueName: "url"))
    var listen: String

    @Option(help: ArgumentHelp("The journal (created when missing, resumed when present).", valueName: "file"))
    var journal: String

    @Option(help: ArgumentHelp("Seconds to keep answering `finished` once the sweep is done.", valueName: "seconds"))
    var linger: Double = 10

    @Option(help: ArgumentHelp("Largest request accepted, in MiB.", valueName: "mib"))
    var maxMessageMib: Int = 4

    @Option(help: "nng contexts serving requests at once.")
    var contexts: Int = 64

    @Option(help: "New worker ids let in at once (then 8 a second): raise it for a cluster of more workers starting together.")
    var newWorkerBurst: Int = CoordinatorSettings.NewWorkerRate.standard.burst

    @OptionGroup var reading: DataReadingOptions
    @OptionGroup var missing: MissingModelOptions
    @OptionGroup var http: HTTPOptions
    @OptionGroup var token: TokenOptions
    @OptionGroup var tls: CoordinatorTLSOptions
    @OptionGroup var log: LogLevelOption

    func validate() throws {
        if !(0 ... 86_400).contains(linger) { throw ValidationError("--linger \(linger) is outside 0...86400 seconds.") }
        if !(1 ... 1024).contains(maxMessageMib) { throw ValidationError("--max-message-mib \(maxMessageMib) is outside 1...1024.") }
        if !(1 ... 4096).contains(contexts) { throw ValidationError("--contexts \(contexts) is outside 1...4096.") }
        if !(1 ... 100_000).contains(newWorkerBurst) { throw ValidationError("--new-worker-burst \(newWorkerBurst) is outside 1...100000.") }
        // Checked before the models are hashed and the journal is touched, which can take minutes.
        do {
            _ = try NNGURL.validate(listen)
        } catch {
            throw ValidationError("--listen \(listen): \(error)")
        }
    }

    func run() async throws {
        let logger = log.bootstrap("medsweep.coordinator", fallback: .info)
        let secret = try token.token()
        let tlsConfiguration = try tls.configuration(for: listen)
        let plan = try loadPlanOrExit(
            sweep, strict: reading.strict, skipMissingModels: missing.skipMissingModels, journal: journal,
            beforePlan: { [listen, http] journalPath in
                // Before the models are hashed and the variants built: minutes on 7B files.
                try checkListenURLOrExit(listen, tls: tlsConfiguration)
                try http.checkOrExit()
                try checkJournalOrExit(journalPath)
            },
            progress: { logger.info("\($0)") }, warning: { logger.warning("\($0)") })
        let journalFile = try openJournalOrExit(journal)
        let (coordinator, monitor) = try makeCoordinatorOrExit(
            plan: plan, journal: journalFile,
            settings: CoordinatorSettings(
                token: secret, maxMessageBytes: maxMessageMib << 20,
                newWorkers: .init(burst: newWorkerBurst, perSecond: CoordinatorSettings.NewWorkerRate.standard.perSecond)),
            logger: logger)
        let alreadyFinished = await coordinator.isFinished
        let server: CoordinatorServer
        do {
            server = try CoordinatorServer(coordinator: coordinator, listen: listen, tls: tlsConfiguration, contexts: contexts, logger: logger)
        } catch {
            printError(listenProblem(error, url: listen))
            throw badInputExitCode
        }
        // Before anything says the coordinator is up: a SIGTERM from then on stops it cleanly.
        let interrupted = StopRequest()
        // The first signal: no new leases, and the units out are waited for (their workers deliver
        // them, up to LocalSweep.unitsInFlightLimit); the second stops at once (results in
        // flight then wait in their workers for a coordinator to come back).
        let signals = interrupted.installSignalHandlers { _ in
            if interrupted.isUrgent { return server.stop() }
            Task {
                let out = await coordinator.stopLeasing()
                logger.notice("stopping: no new leases; waiting up to \(LocalSweep.unitsInFlightLimit.components.seconds / 60) min for the \(out) units out (a second signal stops now)")
                let deadline = ContinuousClock.now + LocalSweep.unitsInFlightLimit
                while await coordinator.unitsOut > 0, ContinuousClock.now < deadline, !interrupted.isUrgent {
                    try? await Task.sleep(for: .milliseconds(100))
                }
                server.stop()
            }
        }
        defer { signals.cancel() }
        if secret == nil, !Self.isLocal(listen) {
            logger.warning("no token set (MEDSWEEP_TOKEN or --token-file): anyone who reaches \(listen) can take part")
        }
        logger.notice("listening on \(server.url)")
        let dashboard = try await http.startOrExit(monitor, logger: logger)
        let progress = SweepProgress.follow(monitor, form: .line)
        await server.run(linger: .milliseconds(Int(linger * 1000)))
        progress.cancel()
        _ = await progress.value
        await dashboard?.stop()
        await coordinator.recordStop(interrupted: interrupted.isRequested)
        let outcome = LocalSweep.Outcome(
            status: try await coordinator.status(), interrupted: interrupted.isRequested, alreadyFinished: alreadyFinished)
        try LocalSweep.printSummary(outcome, plan: plan, journalPath: journalFile.path)
    }

    /// Loopback, ipc and inproc addresses are reachable from this machine only.
    static func isLocal(_ url: String) -> Bool {
        url.hasPrefix("ipc://") || url.hasPrefix("inproc://") || url.contains("://127.0.0.1:") || url.contains("://localhost:")
            || url.contains("://[::1]:")
    }
}
