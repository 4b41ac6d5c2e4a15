import ArgumentParser
import Engine
import Foundation
import GRDB
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Monitor
import Sweep

struct CoordinatorBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Units per second a coordinator sustains, with the engine replaced by instant workers.",
        discussion: """
            Plans a sweep of --units units (3 demo questions each, with real prompts, over one \
            tiny model file listed under as many names as needed), serves it from a coordinator \
            in this process with a fresh journal in a temporary folder, and starts `medsweep \
            bench instant-workers` as a separate process with --workers workers that answer \
            each unit at once. Every unit still costs the coordinator what a real one does: a \
            lease written to the journal, its prompts rendered and sent, the results checked, \
            committed with the unit's state in one synced transaction, and acknowledged.

            Prints units per second over the run, the coordinator's CPU time per unit (this \
            process's user + system time, the workers excluded), and, as the reference measured \
            in the same run, the rate of synced SQLite transactions on the same disk: a unit \
            needs two (lease and result), so half that rate bounds a coordinator that syncs \
            every decision. --json prints one object.

            --with-monitor measures what watching costs: the same sweep is run again with the \
            HTTP monitor serving, a dashboard polling /api/status and Prometheus scraping \
            /metrics once a second each (clients in this process), and the ratio of the two \
            runs' units per second is printed.
            """
    )

    @Option(help: "Concurrent workers.")
    var workers: Int = 16

    @Option(help: "Units in the sweep.")
    var units: Int = 20_000

    @Option(help: ArgumentHelp("Where the throwaway journal goes (default: a temporary folder).", valueName: "dir"))
    var dir: String?

    @Flag(help: "Run again with the monitor serving a dashboard and a Prometheus scrape, and compare.")
    var withMonitor = false

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        if !(1 ... 1024).contains(workers) { throw ValidationError("--workers \(workers) is outside 1...1024.") }
        if !(1 ... 10_000_000).contains(units) { throw ValidationError("--units \(units) is outside 1...10000000.") }
    }

    func run() async throws {
        let logger = LogLevelOption.bootstrap("medsweep.bench", level: .error)
        let folder = dir ?? (NSTemporaryDirectory() + "medsweep-bench-coordinator-\(getpid())")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(atPath: folder) } }

        let modelPath = folder + "/tiny-Q4_0.gguf"
        try SyntheticModel(config: .tiny, fileType: .q4_0, seed: 1).write(to: modelPath)
        let unitsPerModel = 10 * 8 * 3
        let models = (1 ... (units + unitsPerModel - 1) / unitsPerModel).map {
            SweepFile.Model(name: "model-\($0)", path: modelPath)
        }
        let sweep = SweepFile(
            name: "bench-coordinator", benchmark: .demo, models: models, shardSize: 3, leaseSeconds: 60, heartbeatSeconds: 5,
            source: "bench coordinator")
        note("planning \(units) units over \(models.count) model names")
        let plan = try Plan.make(sweep).prefix(units)

        let syncedCommitsPerSecond = try Self.syncedCommitRate(path: folder + "/reference.sqlite")
        let bound = syncedCommitsPerSecond / 2
        let plain = try await measure(plan, journalPath: folder + "/bench.journal", monitored: false, logger: logger)
        let monitored = withMonitor
            ? try await measure(plan, journalPath: folder + "/bench-monitored.journal", monitored: true, logger: logger) : nil
        if json {
            var fields: [(String, JSONValue)] = [
                ("units", .int(Int64(plan.units.count))), ("questions", .int(Int64(plan.questionCount))),
                ("workers", .int(Int64(workers))), ("seconds", .double(plain.seconds)),
                ("units_per_second", .double(plain.unitsPerSecond)), ("coordinator_cpu_seconds", .double(plain.cpuSeconds)),
                ("cpu_ms_per_unit", .double(plain.cpuMillisecondsPerUnit)),
                ("synced_commits_per_second", .double(syncedCommitsPerSecond)),
                ("ratio_to_sync_bound", .double(plain.unitsPerSecond / bound)),
            ]
            if let monitored {
                fields += [
                    ("monitored_units_per_second", .double(monitored.unitsPerSecond)),
                    ("monitored_cpu_ms_per_unit", .double(monitored.cpuMillisecondsPerUnit)),
                    ("monitored_ratio", .double(monitored.unitsPerSecond / plain.unitsPerSecond)),
                    ("status_requests", .int(Int64(monitored.statusRequests))),
                    ("metrics_requests", .int(Int64(monitored.metricsRequests))),
                ]
            }
            print(JSONValue.object(fields).rendered())
        } else {
            print("\(plan.units.count) units (\(plan.questionCount) questions) to \(workers) instant workers in \(InspectText.fixed(plain.seconds, 2)) s")
            print("coordinator: \(InspectText.fixed(plain.unitsPerSecond, 1)) units/s, CPU \(InspectText.fixed(plain.cpuMillisecondsPerUnit, 3)) ms per unit (\(InspectText.fixed(plain.cpuSeconds, 2)) s in all)")
            print("reference: \(InspectText.fixed(syncedCommitsPerSecond, 1)) synced SQLite commits/s on this disk, so \(InspectText.fixed(bound, 1)) units/s at 2 per unit; ratio \(InspectText.fixed(plain.unitsPerSecond / bound, 2))")
            if let monitored {
                print("with the monitor (\(monitored.statusRequests) /api/status and \(monitored.metricsRequests) /metrics requests, 1/s each): \(InspectText.fixed(monitored.unitsPerSecond, 1)) units/s, CPU \(InspectText.fixed(monitored.cpuMillisecondsPerUnit, 3)) ms per unit; ratio to the run without \(InspectText.fixed(monitored.unitsPerSecond / plain.unitsPerSecond, 3))")
            }
        }
    }

    struct Measurement {
        var seconds: Double
        var unitsPerSecond: Double
        var cpuSeconds: Double
        var cpuMillisecondsPerUnit: Double
        var statusRequests = 0
        var metricsRequests = 0
    }

    /// Serves `plan` from a fresh journal to the instant workers; with `monitored`, the HTTP
    /// monitor serves too, polled as a dashboard and a Prometheus server would.
    private func measure(_ plan: Plan, journalPath: String, monitored: Bool, logger: Logger) async throws -> Measurement {
        let journal = try Journal.openForWriting(path: journalPath)
        let token = UUID().uuidString
        let metrics = SweepMetrics()
        // Every instant worker says hello at once: let them all in (the rate is for strangers).
        let settings = CoordinatorSettings(
            token: token, newWorkers: .init(burst: max(workers, CoordinatorSettings.NewWorkerRate.standard.burst), perSecond: 8),
            journalWriteObserver: monitored ? metrics.journalWriteObserver : nil)
        let coordinator = try Coordinator(plan: plan, journal: journal, settings: settings, logger: logger)
        let server = try CoordinatorServer(coordinator: coordinator, listen: "tcp://127.0.0.1:0", contexts: 64, logger: logger)
        var dashboard: MonitorServer.Running?
        var pollers: [Task<Int, Never>] = []
        if monitored {
            let monitor = SweepMonitor(journal: journal, coordinator: coordinator, metrics: metrics)
            let running = try await MonitorServer(
                monitor: monitor, address: HTTPAddress(host: "127.0.0.1", port: 0), token: nil, logger: logger
            ).start()
            dashboard = running
            pollers = ["api/status", "metrics"].map { path in Self.poll(URL(string: running.url + path)!) }
        }

        let load = Process()
        load.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        load.arguments = ["bench", "instant-workers", "--connect", server.url, "--workers", String(workers)]
        var environment = ProcessInfo.processInfo.environment
        environment["MEDSWEEP_TOKEN"] = token
        load.environment = environment
        note("serving \(plan.units.count) units to \(workers) instant workers at \(server.url)\(monitored ? ", monitored at \(dashboard!.url)" : "")")
        let cpuBefore = Self.processCPUSeconds()
        let start = ContinuousClock.now
        try load.run()
        await server.run(linger: .milliseconds(1500), tick: .milliseconds(100))
        let cpu = Self.processCPUSeconds() - cpuBefore
        let status = try await coordinator.status()
        pollers.forEach { $0.cancel() }
        var requests: [Int] = []
        for poller in pollers { requests.append(await poller.value) }
        await dashboard?.stop()
        load.waitUntilExit()
        // The run ends at the last commit; the linger that lets workers hear `finished` is not work.
        let seconds = (ContinuousClock.now - start).inSeconds - 1.5
        let results = try journal.counts().results
        guard status.totals.unitsDone == plan.units.count, results == plan.questionCount else {
            printError("the run is incomplete: \(status.totals.unitsDone) of \(plan.units.count) units, \(results) results")
            throw ExitCode.failure
        }
        return Measurement(
            seconds: seconds, unitsPerSecond: Double(plan.units.count) / seconds, cpuSeconds: cpu,
            cpuMillisecondsPerUnit: cpu / Double(plan.units.count) * 1000, statusRequests: requests.first ?? 0,
            metricsRequests: requests.last ?? 0)
    }

    /// GETs `url` once a second until cancelled; returns how many answered 200.
    private static func poll(_ url: URL) -> Task<Int, Never> {
        Task {
            var answered = 0
            while !Task.isCancelled {
                if let (_, response) = try? await URLSession.shared.data(from: url),
                    (response as? HTTPURLResponse)?.statusCode == 200
                {
                    answered += 1
                }
                try? await Task.sleep(for: .seconds(1))
            }
            return answered
        }
    }

    private func note(_ text: String) {
        if !json {
            var standardError = StandardError()
            print(text, to: &standardError)
        }
    }

    /// Small synced transactions per second, as the journal writes them (WAL, synchronous FULL).
    static func syncedCommitRate(path: String, count: Int = 400) throws -> Double {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { db in try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)") }
        let start = ContinuousClock.now
        for index in 0 ..< count {
            try pool.write { db in try db.execute(sql: "INSERT INTO t (id, v) VALUES (?, 'x')", arguments: [index]) }
        }
        return Double(count) / (ContinuousClock.now - start).inSeconds
    }

    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
