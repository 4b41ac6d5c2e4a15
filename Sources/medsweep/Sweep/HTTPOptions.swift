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

    /// Starts the server when --http is given; exits with status 2 when it cannot listen.
    func startOrExit(_ monitor: SweepMonitor, logger: Logger) async throws -> MonitorServer.Running? {
        guard let http, let address = HTTPAddress(http) else { return nil }
        let token = try readSecret(file: httpTokenFile, flag: "--http-token-file", environment: "MEDSWEEP_HTTP_TOKEN")
        let server = MonitorServer(monitor: monitor, address: address, token: token, logger: logger)
        let running: MonitorServer.Running
        do {
            running = try await server.start()
        } catch {
            printError("--http \(http): \(error)")
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
