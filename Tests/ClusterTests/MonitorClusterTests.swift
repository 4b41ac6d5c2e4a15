import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Sweep
import Testing
import TestSupport

extension MultiProcessSweeps {
    /// Watching a real sweep (a coordinator and two workers as processes on loopback): the status
    /// API and the metrics while it runs and at the end, the dashboard in a real browser, and the
    /// terminal view on a pseudo-terminal and through a pipe.
    @Suite struct MonitorClusterTests {
        /// A coordinator serving HTTP on a free port, up and answering /healthz.
        struct MonitoredSweep {
            let fixture: ClusterFixture
            let coordinator: SpawnedProcess
            let http: String

            init(name: String) async throws {
                // F16 and one question per unit: units of a few hundred ms, enough of them for the
                // counts to be seen moving. Leases of 30 s survive workers frozen for a while.
                fixture = try ClusterFixture(name: name, type: .f16, shardSize: 1, leaseSeconds: 30)
                let port = try ClusterFixture.freePort()
                http = "http://127.0.0.1:\(port)/"
                coordinator = try fixture.coordinator(["--http", ":\(port)", "--linger", "60"])
                let deadline = ContinuousClock.now + .seconds(30)
                while (try? await MonitorClusterTests.get(http + "healthz"))?.status != 200 {
                    guard ContinuousClock.now < deadline, coordinator.isRunning else {
                        throw TestFailure("the coordinator did not serve HTTP:\n\(coordinator.standardError.suffix(2000))")
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }

            func status() async throws -> SweepStatus {
                let response = try await MonitorClusterTests.get(http + "api/status")
                return try JSONDecoder().decode(SweepStatus.self, from: Data(response.body.utf8))
            }

            /// Polls until the sweep is finished; every status seen on the way.
            func statusesUntilFinished(timeout: Duration) async throws -> [SweepStatus] {
                var seen: [SweepStatus] = []
                let deadline = ContinuousClock.now + timeout
                while ContinuousClock.now < deadline {
                    let status = try await status()
                    seen.append(status)
                    if status.finished { return seen }
                    try await Task.sleep(for: .milliseconds(100))
                }
                throw TestFailure("the sweep did not finish; last: \(seen.last.map { "\($0.totals)" } ?? "none")")
            }

            func stop() async {
                coordinator.signal(SIGTERM)
                _ = await coordinator.waitForExit(timeout: .seconds(20))
                fixture.remove()
            }
        }

        struct TestFailure: Error, CustomStringConvertible {
            var description: String
            init(_ description: String) { self.description = description }
        }

        static func get(_ url: String) async throws -> (status: Int, body: String) {
            let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }

        @Test(.timeLimit(.minutes(3))) func statusAndMetricsMoveAndEndAtTheTotals() async throws {
            let sweep = try await MonitoredSweep(name: "monitor-api")
            let plan = try sweep.fixture.plan()
            let workers = try ["w1", "w2"].map { try sweep.fixture.worker($0) }
            let statuses = try await sweep.statusesUntilFinished(timeout: .seconds(120))

            // The counts moved: some status was taken with part of the work done, and none went back.
            let done = statuses.map(\.totals.unitsDone)
            #expect(done.contains { $0 > 0 && $0 < plan.units.count }, "units done seen: \(done)")
            #expect(zip(done, done.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(statuses.contains { $0.workers.contains { $0.state == .working && $0.unit != nil } })

            let final = try #require(statuses.last)
            #expect(final.source == .coordinator)
            #expect(final.totals.units == plan.units.count)
            #expect(final.totals.unitsDone == plan.units.count)
            #expect(final.totals.questionsDone == plan.questionCount)
            #expect(final.totals.unitsQueued == 0)
            #expect(final.cells.reduce(0) { $0 + $1.questionsDone } == plan.questionCount)
            #expect(Set(final.workers.map(\.id)) == ["w1", "w2"])
            #expect(final.workers.reduce(0) { $0 + $1.unitsDone } == plan.units.count)
            #expect(final.workers.allSatisfy { ($0.questionsPerSecond ?? 0) > 0 && ($0.tokensPerSecond ?? 0) > 0 })
            #expect(final.events.contains { $0.kind == .sweepFinished })
            #expect(final.events.filter { $0.kind == .workerHello }.count == 2)

            let metrics = try await Self.get(sweep.http + "metrics")
            let samples = try PrometheusExposition.parse(metrics.body)
            #expect(samples["medsweep_units{state=\"done\"}"] == Double(plan.units.count))
            #expect(samples["medsweep_units{state=\"queued\"}"] == 0)
            #expect(samples["medsweep_questions{state=\"done\"}"] == Double(plan.questionCount))
            #expect(samples["medsweep_questions_scored_total"] == Double(plan.questionCount))
            #expect(samples["medsweep_lease_expiries_total"] == 0)
            // Every unit is two journal writes at least (lease and result), each one observed.
            #expect((samples["medsweep_journal_commit_seconds_count"] ?? 0) >= Double(2 * plan.units.count))
            #expect(samples.keys.contains { $0.hasPrefix("medsweep_journal_commit_seconds_bucket{le=") })

            // Each worker logged one line per unit it scored.
            _ = await ClusterFixture.waitForAll(workers, timeout: .seconds(30))
            let unitLines = workers.map { $0.standardError.components(separatedBy: "\n").filter { $0.contains("done: ") && $0.contains(" q/s, ") }.count }
            #expect(unitLines.reduce(0, +) == plan.units.count)

            // The terminal view: piped it is plain text; on a pseudo-terminal it has colours.
            let piped = try await CommandRun.runOffPool(CommandRun.medsweep, ["status", "--url", sweep.http])
            #expect(piped.status == 0)
            #expect(!piped.standardOutput.contains("\u{1B}"))
            #expect(piped.standardOutput.contains("units \(plan.units.count)/\(plan.units.count)"))
            #expect(piped.standardOutput.contains("w1") && piped.standardOutput.contains("w2"))
            let fromJournal = try await CommandRun.runOffPool(CommandRun.medsweep, ["status", "--journal", sweep.fixture.journalPath, "--watch"])
            #expect(fromJournal.status == 0)
            #expect(fromJournal.standardOutput.contains("from the journal"))
            #expect(fromJournal.standardOutput.contains("questions \(plan.questionCount)/\(plan.questionCount)"))
            let terminal = try await CommandRun.runOffPool(
                URL(fileURLWithPath: "/usr/bin/script"),
                ["-qec", "\(CommandRun.medsweep.path) status --watch --url \(sweep.http)", "/dev/null"])
            #expect(terminal.status == 0)
            #expect(terminal.standardOutput.contains("\u{1B}[1m"))
            #expect(terminal.standardOutput.contains("finished"))
            await sweep.stop()
        }

        static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }

        @Test(
            .timeLimit(.minutes(3)),
            .enabled(if: chromium != nil, "chromium is not installed (.ci/run installs Debian's; apt-get install chromium)"))
        func theDashboardShowsRealNumbersInABrowser() async throws {
            let sweep = try await MonitoredSweep(name: "monitor-browser")
            let plan = try sweep.fixture.plan()
            let workers = try ["w1", "w2"].map { try sweep.fixture.worker($0) }
            // Part of the work done, then both workers frozen: the page is loaded while the sweep
            // is running, whatever the machine's speed.
            var status = try await sweep.status()
            let deadline = ContinuousClock.now + .seconds(60)
            while status.totals.unitsDone < 3, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                status = try await sweep.status()
            }
            workers.forEach { $0.signal(SIGSTOP) }
            defer { workers.forEach { $0.signal(SIGKILL) } }
            let frozen = try await sweep.status()
            #expect(!frozen.finished)

            let page = try await CommandRun.runOffPool(
                URL(fileURLWithPath: Self.chromium!),
                ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--virtual-time-budget=5000",
                 "--dump-dom", sweep.http])
            workers.forEach { $0.signal(SIGCONT) }
            let dom = page.standardOutput
            #expect(dom.contains("data-state=\"running\""), "chromium: \(page.standardError.suffix(1000))\n\(dom.prefix(2000))")
            let units = SpawnedProcess.capture(#"id="overall-units"[^>]*>units (\d+) / \d+"#, in: dom)
            #expect(units.flatMap(Int.init).map { $0 >= frozen.totals.unitsDone && $0 < plan.units.count } == true, "\(units ?? "none")")
            #expect(dom.contains("units \(units ?? "?") / \(plan.units.count)"))
            for id in ["w1", "w2"] {
                let row = SpawnedProcess.capture(#"(<tr[^>]*data-worker=""# + id + #""[^>]*>.*?</tr>)"#, in: dom) ?? ""
                #expect(row.contains("working") || row.contains("idle"), "row of \(id): \(row.prefix(800))")
                #expect(row.range(of: #">\d+<"#, options: .regularExpression) != nil, "row of \(id) has no numbers")
            }
            _ = try await sweep.statusesUntilFinished(timeout: .seconds(120))
            await sweep.stop()
        }

        @Test(.timeLimit(.minutes(2))) func runDrawsTheStatusViewOnATerminal() async throws {
            let fixture = try ClusterFixture(name: "monitor-run", tasks: ["MedQA"], languages: ["en"], sets: [1])
            defer { fixture.remove() }
            let journal = fixture.folder + "/run.journal"
            let run = try await CommandRun.runOffPool(
                URL(fileURLWithPath: "/usr/bin/script"),
                ["-qec", "\(CommandRun.medsweep.path) run \(fixture.sweepPath) --workers 1 --threads 1 --journal \(journal)", "/dev/null"])
            #expect(run.status == 0, "\(run.standardOutput.suffix(2000))")
            #expect(run.standardOutput.contains("model / task"))
            #expect(run.standardOutput.contains("\u{1B}[1mworkers"))
            #expect(run.standardOutput.contains("units done, 0 failed"))
        }
    }
}
