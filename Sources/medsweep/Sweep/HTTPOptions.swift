import ArgumentParser
import Logging
import Monitor

/// The monitor's HTTP server: dashboard, /api/status, /metrics, /healthz.
struct HTTPOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Serve the dashboard, /api/status and /metrics here: HOST:PORT, or :PORT for loopback (e.g. :8080, 0.0.0.0:8080).",
        valueName: "addr"))
    var http: String?

    @Option(help: ArgumentHelp(
        "A file holding the bearer token HTTP clients must present (default: the MEDSWEEP_HTTP_TOKEN environment variable; none: open).",
        valueName: "file"))
    var httpTokenFile: String?

    func validate() throws {
        if let http, HTTPAddress(http) == nil {
            throw ValidationError("--http \(http) is not an address: use HOST:PORT, [IPv6]:PORT or :PORT.")
        }
    }

    /// Exits with status 2 when --http names a port in use or an address this machine does not
    /// have: checked before the plan hashes models and builds variants, which takes minutes.
    func checkOrExit() throws {
        guard let http, let address = HTTPAddress(http) else { return }
        do {
            try address.checkCanListen()
        } catch {
            printError(Self.message(error, flag: http))
            throw badInputExitCode
        }
    }

    /// The problem as the user wrote the address ("--http :8080" is 127.0.0.1:8080).
    private static func message(_ problem: ListenProblem, flag: String) -> String {
        switch problem {
        case .portInUse: "--http \(flag): the port is in use"
        case .cannotListen(_, let reason): "--http \(flag): cannot listen: \(reason)"
        }
    }

    /// Starts the server when --http is given; exits with status 2 when it cannot listen.
    func startOrExit(_ monitor: SweepMonitor, logger: Logger) async throws -> MonitorServer.Running? {
        guard let http, let address = HTTPAddress(http) else { return nil }
        let token = try readSecret(file: httpTokenFile, flag: "--http-token-file", environment: "MEDSWEEP_HTTP_TOKEN")
        let server = MonitorServer(monitor: monitor, address: address, token: token, logger: logger)
        let running: MonitorServer.Running
        do {
            running = try await server.start()
        } catch {
            // Taken since `checkOrExit`: the same words, not SwiftNIO's socket-call text.
            do {
                try address.checkCanListen()
                printError("--http \(http): \(error)")
            } catch {
                printError(Self.message(error, flag: http))
            }
            throw badInputExitCode
        }
        if token == nil, !address.isLoopback {
            logger.warning("the dashboard at \(running.url) is open to anyone who reaches it: set --http-token-file or MEDSWEEP_HTTP_TOKEN")
        }
        var standardError = StandardError()
        print("dashboard: \(running.url)  (status: \(running.url)api/status, metrics: \(running.url)metrics)", to: &standardError)
        return running
    }
}
