import Foundation
import Sweep
import Testing
import TestSupport

extension MultiProcessSweeps {
    /// Ctrl-C on `run`: the first stops leasing and lets the units in flight finish and be
    /// committed, the second hands them back; no lease is left open, no scored unit is lost,
    /// the journal's status says "stopped", and the same command resumes saying what is left.
    @Suite struct InterruptTests {
        /// The labels of the units the workers said they scored ("done: LABEL: …").
        static func scoredLabels(in log: String) -> Set<String> {
            Set(log.split(separator: "\n").compactMap { line -> String? in
                guard let start = line.range(of: "done: ")?.upperBound, let end = line.range(of: "): ", range: start ..< line.endIndex)
                else { return nil }
                return String(line[start ..< end.lowerBound]) + ")"
            })
        }

        /// The labels of the journal's done units.
        static func doneLabels(_ journal: Journal, plan: Plan) throws -> Set<String> {
            let labels = Dictionary(uniqueKeysWithValues: plan.units.map { ($0.id, $0.label) })
            return Set(try journal.unitStates().filter { $0.state == .done }.compactMap { labels[$0.id] })
        }

        @Test(.timeLimit(.minutes(3))) func oneSigintFinishesTheUnitsInFlightAndKeepsThem() async throws {
            let fixture = try ClusterFixture(name: "interrupt", type: .f16, shardSize: 3)
            defer { fixture.remove() }
            let run = try SpawnedProcess(
                "run", ["run", fixture.sweepPath, "--workers", "2", "--threads", "1", "--journal", fixture.journalPath, "--log-level", "info"])
            #expect(await run.waitForLine(matching: "lease [0-9]+: .* to local-", timeout: .seconds(60)) != nil)
            run.signal(SIGINT)
            let status = await run.waitForExit(timeout: .seconds(90))
            #expect(status == 130, "run stderr:\n\(run.standardError.suffix(3000))")
            let log = run.standardError
            #expect(log.contains("stopping: no new units; waiting up to 5 min for the "), "\(log.suffix(3000))")
            #expect(!log.contains("results not delivered"), "\(log.suffix(3000))")
            #expect(!log.contains("handing lease"), "\(log.suffix(3000))")

            // Every unit a worker scored is in the journal, and nothing is left leased.
            let journal = try Journal.openForReading(path: fixture.journalPath)
            #expect(try journal.counts().activeLeases == 0)
            let scored = Self.scoredLabels(in: log)
            let done = try Self.doneLabels(journal, plan: try fixture.plan())
            #expect(!scored.isEmpty && scored.isSubset(of: done), "scored \(scored.sorted()), done \(done.sorted())")
            #expect(done.count < (try fixture.plan().units.count))

            // The journal says stopped, not running.
            let statusRun = try CommandRun.medsweep("status", "--journal", fixture.journalPath)
            #expect(statusRun.status == 0, "\(statusRun.standardError)")
            let title = statusRun.standardOutput.split(separator: "\n").first ?? ""
            #expect(title.hasPrefix("sweep interrupt · stopped · "), "\(statusRun.standardOutput.prefix(600))")

            // Resuming says what is done and left, and finishes.
            let again = try await CommandRun.medsweepOffPool(
                "run", fixture.sweepPath, "--workers", "2", "--threads", "1", "--journal", fixture.journalPath)
            #expect(again.status == 0, "\(again.standardError.suffix(2000))")
            let total = try fixture.plan().units.count
            #expect(again.standardOutput.contains("resuming from \(fixture.journalPath): \(done.count) of \(total) units done, 0 failed, \(total - done.count) left"),
                    "\(again.standardOutput.prefix(600))")
        }

        @Test(.timeLimit(.minutes(2))) func aSecondSigintHandsTheUnitsBackAndLeavesNoLeaseOpen() async throws {
            let fixture = try ClusterFixture(name: "interrupt-twice", type: .f16, shardSize: 6)
            defer { fixture.remove() }
            let run = try SpawnedProcess(
                "run", ["run", fixture.sweepPath, "--workers", "2", "--threads", "1", "--journal", fixture.journalPath, "--log-level", "info"])
            #expect(await run.waitForLine(matching: "lease [0-9]+: .* to local-", timeout: .seconds(60)) != nil)
            run.signal(SIGINT)
            #expect(await run.waitForLine(matching: "stopping: no new units", timeout: .seconds(10)) != nil)
            run.signal(SIGINT)
            let status = await run.waitForExit(timeout: .seconds(60))
            #expect(status == 130, "run stderr:\n\(run.standardError.suffix(3000))")
            #expect(run.standardError.contains("stopping now: the units in flight are handed back unscored"))
            let counts = try Journal.openForReading(path: fixture.journalPath).counts()
            #expect(counts.activeLeases == 0, "\(counts)")
            #expect(!run.standardError.contains("results not delivered"), "\(run.standardError.suffix(3000))")
        }
    }
}
