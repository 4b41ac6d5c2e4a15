import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Monitor
import Sweep

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a sweep's progress: per model and task, every worker, throughput and ETA.",
        discussion: """
            Reads a running coordinator's /api/status (--url, the address of its --http) or a \
            journal file (--journal, while or after a sweep runs; workers' live progress and \
            rates are known to the coordinator only).

            On a terminal the view is drawn with colours, and --watch redraws it in place \
            every --interval seconds until the sweep is finished (or Ctrl-C). When standard \
            output is not a terminal it is plain text, and --watch prints one summary line \
            per interval, then the full view when the sweep is finished.

            With a token on the coordinator's HTTP server, give it by --http-token-file or \
            MEDSWEEP_HTTP_TOKEN. Exit status: 0; 1 when the status cannot be read; 2 for a \
            journal that cannot be opened; 64 for bad arguments.
            """
    )

    @Option(help: ArgumentHelp("A coordinator's HTTP address, e.g. http://127.0.0.1:8080 (a ?token= in it is used as the token).", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("A sweep's journal file.", valueName: "file"))
    var journal: String?

    @Flag(help: "Keep watching until the sweep is finished.")
    var watch = false

    @Option(help: ArgumentHelp("Seconds between refreshes with --watch.", valueName: "seconds"))
    var interval: Double = 1

    @Option(help: ArgumentHelp(
        "A file holding the coordinator's HTTP bearer token (default: MEDSWEEP_HTTP_TOKEN).", valueName: "file"))
    var httpTokenFile: String?

    func validate() throws {
        if (url == nil) == (journal == nil) { throw ValidationError("Give one of --url and --journal.") }
        if let url, URL(string: url)?.host == nil || !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ValidationError("--url \(url) is not an http:// or https:// address.")
        }
        if !(0.1 ... 3600).contains(interval) { throw ValidationError("--interval \(interval) is outside 0.1...3600 seconds.") }
    }

    func run() async throws {
        let source = try makeSource()
        let isTerminal = isatty(1) == 1
        var frame = LiveFrame(descriptor: 1)
        var lastError: String?
        while true {
            let status: SweepStatus
            do {
                status = try await source()
                lastError = nil
            } catch {
                let message = "\(error)"
                guard watch else {
                    printError(message)
                    throw ExitCode.failure
                }
                // A coordinator restarting is normal in a long sweep: say so once, keep trying.
                if message != lastError { printError("\(message) (retrying every \(interval) s)") }
                lastError = message
                try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
                continue
            }
            if isTerminal {
                let size = frame.size
                let lines = StatusView(style: .ansi, width: size.columns, height: watch ? size.rows - 1 : nil).render(status)
                if watch { frame.draw(lines) } else { print(lines.joined(separator: "\n")) }
            } else if !watch || status.finished {
                print(StatusView(style: .plain, width: 120).render(status).joined(separator: "\n"))
            } else {
                // One write per line, so a pipe reader sees each as it comes.
                FileHandle.standardOutput.write(Data((StatusView.summary(status) + "\n").utf8))
            }
            if !watch || status.finished { return }
            try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
        }
    }

    /// Where statuses come from: the coordinator's API, or a journal watched incrementally.
    private func makeSource() throws -> () async throws -> SweepStatus {
        if let journal {
            let file: Journal
            do {
                file = try Journal.openForReading(path: journal)
            } catch {
                printError("\(error)")
                throw badInputExitCode
            }
            let watcher = JournalWatcher(journal: file)
            return { try watcher.status() }
        }
        let token = try readSecret(file: httpTokenFile, flag: "--http-token-file", environment: "MEDSWEEP_HTTP_TOKEN")
        let client = StatusClient(base: url!, token: token)
        return { try await client.fetch() }
    }
}
