import ArgumentParser
import Engine
import Foundation
import GRDB
import Logging
import NNG
import Sweep

struct FloodBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flood",
        abstract: "A lease flood against a coordinator: what phantoms get, what real workers wait.",
        discussion: """
            Serves the demo sweep's shape (3 model names over one tiny model file, the demo \
            benchmark, shards of 3 questions in its 8 languages: 90 units) from a coordinator in this process, over nng on \
            loopback, with a fresh journal in a temporary folder. --workers workers with \
            placeholder scores (as `bench instant-workers`), each unit taking --unit-ms, work \
            through it while --rounds \
            rounds of --requests requests, each from a new worker id (half say hello first, \
            half ask for a lease at once), arrive --concurrency at a time, a lease apart \
            (--lease-seconds).

            Prints: units failed, leases handed to phantom ids, phantom hellos refused, and the \
            real workers' request latency (median, 99th percentile, maximum) during the flood \
            and after it; then how long the sweep took. Its numbers are the coordinator's \
            defence against the flood of issue 18; --json prints one object.
            """
    )

    @Option(help: "Units of the sweep (the demo sweep's 90 at most).")
    var units: Int = 90

    @Option(help: "Rounds of the flood.")
    var rounds: Int = 3

    @Option(help: "Requests per round, each from a new worker id.")
    var requests: Int = 800

    @Option(help: "Flood requests in flight at once.")
    var concurrency: Int = 32

    @Option(help: "Real (instant) workers.")
    var workers: Int = 4

    @Option(help: "The sweep's lease (the rounds are this far apart).")
    var leaseSeconds: Double = 2

    @Option(help: "Milliseconds a real worker takes per unit (the sweep must outlast the flood).")
    var unitMs: Int = 300

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        if !(1 ... 90).contains(units) { throw ValidationError("--units \(units) is outside 1...90.") }
        if !(1 ... 100).contains(rounds) { throw ValidationError("--rounds \(rounds) is outside 1...100.") }
        if !(1 ... 100_000).contains(requests) { throw ValidationError("--requests \(requests) is outside 1...100000.") }
        if !(1 ... 256).contains(concurrency) { throw ValidationError("--concurrency \(concurrency) is outside 1...256.") }
        if !(1 ... 64).contains(workers) { throw ValidationError("--workers \(workers) is outside 1...64.") }
        if !(0.5 ... 60).contains(leaseSeconds) { throw ValidationError("--lease-seconds \(leaseSeconds) is outside 0.5...60.") }
        if !(0 ... 10_000).contains(unitMs) { throw ValidationError("--unit-ms \(unitMs) is outside 0...10000.") }
    }

    func run() async throws {
        let logger = LogLevelOption.bootstrap("medsweep.bench", level: .critical)
        let folder = NSTemporaryDirectory() + "medsweep-bench-flood-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let modelPath = folder + "/tiny-Q4_0.gguf"
        try SyntheticModel(config: .tiny, fileType: .q4_0, seed: 1).write(to: modelPath)
        let sweep = SweepFile(
            name: "bench-flood", benchmark: .demo, models: (1 ... 3).map { SweepFile.Model(name: "tiny-\($0)", path: modelPath) },
            shardSize: 3, leaseSeconds: leaseSeconds, heartbeatSeconds: leaseSeconds / 4, maxAttempts: 3, source: "bench flood")
        let plan = try Plan.make(sweep).prefix(units)
        let journal = try Journal.openForWriting(path: folder + "/flood.journal")
        let token = UUID().uuidString
        let coordinator = try Coordinator(plan: plan, journal: journal, settings: CoordinatorSettings(token: token), logger: logger)
        let server = try CoordinatorServer(coordinator: coordinator, listen: "tcp://127.0.0.1:0", contexts: 64, logger: logger)
        let serving = Task { await server.run(linger: .milliseconds(500), tick: .milliseconds(100)) }
        note("\(plan.units.count) units; \(rounds) rounds of \(requests) requests from new ids, \(leaseSeconds) s apart; \(workers) real workers")

        let start = ContinuousClock.now
        let latencies = LatencyLog()
        let real = (1 ... workers).map { index in
            Task { [unitMs] in
                try await Self.realWorker(
                    "real-\(index)", url: server.url, token: token, unitTime: .milliseconds(unitMs), latencies: latencies, start: start)
            }
        }
        var floodEnd = 0.0
        var refused = 0
        for round in 0 ..< rounds where !(await coordinator.isFinished) {
            refused += await Self.floodRound(round, count: requests, concurrency: concurrency, url: server.url, token: token)
            floodEnd = (ContinuousClock.now - start).inSeconds
            if round < rounds - 1 { try await Task.sleep(for: .milliseconds(Int(leaseSeconds * 1000))) }
        }
        for worker in real { try await worker.value }
        let seconds = (ContinuousClock.now - start).inSeconds
        await serving.value

        let failed = try journal.unitStates().filter { $0.state == .failed }.count
        let phantomLeases = try Self.leases(journal: journal.path, prefix: "phantom-")
        let during = latencies.percentiles { $0 <= floodEnd }
        let after = latencies.percentiles { $0 > floodEnd }
        if json {
            print(JSONValue.object([
                ("units", .int(Int64(plan.units.count))), ("units_failed", .int(Int64(failed))),
                ("phantom_requests", .int(Int64(rounds * requests))), ("phantom_leases", .int(Int64(phantomLeases))),
                ("phantom_hellos_refused", .int(Int64(refused))), ("flood_seconds", .double(floodEnd)),
                ("latency_during_ms", during.json), ("latency_after_ms", after.json), ("sweep_seconds", .double(seconds)),
            ]).rendered())
        } else {
            print("units failed: \(failed) of \(plan.units.count)")
            print("leases handed to phantom ids: \(phantomLeases) (of \(rounds * requests) phantom requests; \(refused) phantom hellos refused)")
            print("real workers' requests during the flood (\(InspectText.fixed(floodEnd, 1)) s): \(during.text)")
            print("real workers' requests after it: \(after.text)")
            print("the sweep finished in \(InspectText.fixed(seconds, 1)) s")
        }
    }

    private func note(_ text: String) {
        guard !json else { return }
        var standardError = StandardError()
        print(text, to: &standardError)
    }

    /// One round of the flood: `count` requests, each from a new id (even ones say hello
    /// first), `concurrency` at a time, each on a socket of its own as separate machines would.
    /// Returns how many hellos were refused.
    static func floodRound(_ round: Int, count: Int, concurrency: Int, url: String, token: String) async -> Int {
        await withTaskGroup(of: Int.self) { group in
            var next = 0
            var refused = 0
            func add() {
                let n = next
                next += 1
                group.addTask {
                    guard let socket = try? NNGSocket.request() else { return 0 }
                    defer { socket.close() }
                    guard (try? socket.dial(url, reconnect: (minimum: .milliseconds(50), maximum: .milliseconds(200)))) != nil else { return 0 }
                    let id = "phantom-\(round)-\(n)"
                    var refusals = 0
                    if n % 2 == 0 {
                        let hello = HelloBody(worker: id, host: "flood", pid: n, cores: 1, engineVersion: "flood")
                        let reply = try? await socket.request(Envelope.encode(.hello, request: "\(id)#1", token: token, body: hello), timeout: .seconds(2))
                        if let reply, (try? Envelope.body(ErrorBody.self, from: reply))?.code == .unavailable { refusals += 1 }
                    }
                    let lease = LeaseBody(worker: id, loadedModel: nil)
                    _ = try? await socket.request(Envelope.encode(.lease, request: "\(id)#2", token: token, body: lease), timeout: .seconds(2))
                    return refusals
                }
            }
            for _ in 0 ..< min(concurrency, count) { add() }
            while let result = await group.next() {
                refused += result
                if next < count { add() }
            }
            return refused
        }
    }

    /// A worker whose units score at once, timing each request; returns when the sweep is finished.
    static func realWorker(
        _ id: String, url: String, token: String, unitTime: Duration, latencies: LatencyLog, start: ContinuousClock.Instant
    ) async throws {
        let logger = Logger(label: "bench.flood", factory: { _ in SwiftLogNoOpLogHandler() })
        let client = try CoordinatorClient(url: url, workerID: id, token: token, logger: logger)
        defer { client.close() }
        func timed<Body: Codable>(_ kind: WireKind, _ body: Body) async throws -> CoordinatorClient.Reply {
            let sent = ContinuousClock.now
            let reply = try await client.call(kind, body)
            latencies.add(at: (sent - start).inSeconds, milliseconds: (ContinuousClock.now - sent).inSeconds * 1000)
            return reply
        }
        let hello = HelloBody(worker: id, host: "bench", pid: Int(getpid()), cores: 1, engineVersion: "instant")
        _ = try await timed(.hello, hello)
        let scoring = InstantScoringForBenchmark()
        while true {
            let reply: CoordinatorClient.Reply
            do {
                reply = try await timed(.lease, LeaseBody(worker: id, loadedModel: nil))
            } catch let refused as CoordinatorClient.Refused where refused.code == .unknownWorker {
                _ = try await timed(.hello, hello)
                continue
            }
            switch reply.kind {
            case .finished: return
            case .unit:
                // One heartbeat as the unit starts, as a real worker's first one: the lease is
                // then an attempt if it ever expires, not an abandoned one.
                let unit = try reply.body(UnitBody.self)
                _ = try await timed(.heartbeat, HeartbeatBody(worker: id, lease: unit.lease, unit: unit.unit.id, questionsDone: 0))
                let results = try scoring.score(unit, threads: 1, progress: { _ in }, shouldStop: { false }) ?? []
                try await Task.sleep(for: unitTime)
                _ = try await timed(.result, ResultBody(worker: id, lease: unit.lease, unit: unit.unit.id, outcome: .scored, results: results))
            default:
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Leases granted to worker ids starting with `prefix`.
    static func leases(journal path: String, prefix: String) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lease WHERE worker_id LIKE ? || '%'", arguments: [prefix]) ?? 0
        }
    }
}

/// Request latencies of the real workers, with when each request was sent.
final class LatencyLog: @unchecked Sendable {
    // @unchecked: `samples` is only touched with `lock` held.
    private let lock = NSLock()
    private var samples: [(at: Double, milliseconds: Double)] = []

    func add(at: Double, milliseconds: Double) {
        lock.withLock { samples.append((at, milliseconds)) }
    }

    struct Percentiles {
        var count: Int
        var median: Double
        var p99: Double
        var max: Double

        var text: String {
            count == 0 ? "none"
                : "\(count) requests, median \(InspectText.fixed(median, 2)) ms, p99 \(InspectText.fixed(p99, 2)) ms, max \(InspectText.fixed(max, 2)) ms"
        }

        var json: JSONValue {
            .object([("requests", .int(Int64(count))), ("median", .double(median)), ("p99", .double(p99)), ("max", .double(max))])
        }
    }

    /// Median, 99th percentile and maximum of the requests sent when `when` holds.
    func percentiles(_ when: (Double) -> Bool) -> Percentiles {
        let values = lock.withLock { samples.filter { when($0.at) }.map(\.milliseconds) }.sorted()
        guard !values.isEmpty else { return Percentiles(count: 0, median: 0, p99: 0, max: 0) }
        func at(_ fraction: Double) -> Double { values[min(values.count - 1, Int(Double(values.count - 1) * fraction))] }
        return Percentiles(count: values.count, median: at(0.5), p99: at(0.99), max: values.last!)
    }
}
