import Foundation
import Sweep
import Testing

extension MultiProcessSweeps {
    /// The coordinator is killed mid-sweep and started again on the same journal: the workers
    /// reconnect on their own, no completed unit is run again, none is lost.
    @Suite struct CoordinatorRestartTests {
        @Test(.timeLimit(.minutes(3))) func aKilledCoordinatorResumesFromItsJournal() async throws {
            let fixture = try ClusterFixture(name: "restart", type: .f16, languages: ["en", "fr", "de"], shardSize: 1)
            defer { fixture.remove() }
            let first = try fixture.coordinator(name: "coordinator-1")
            let workers = try (1 ... 2).map { try fixture.worker("w\($0)") }
            // Let a few units complete, then kill the coordinator without warning.
            let done = await first.waitForLine(matching: "done: ", after: 0, timeout: .seconds(60))
            #expect(done != nil)
            try await Task.sleep(for: .milliseconds(600))
            first.signal(SIGKILL)
            #expect(await first.waitForExit(timeout: .seconds(10)) != nil)

            let journal = try Journal.openForReading(path: fixture.journalPath)
            let doneBefore = try journal.unitStates().filter { $0.state == .done }.map(\.id)
            let resultsBefore = try Dictionary(uniqueKeysWithValues: doneBefore.map { ($0, try journal.results(unitID: $0)) })
            let lastLeaseBefore = try LeaseTable.maxLease(journal: fixture.journalPath)
            let plan = try fixture.plan()
            #expect(!doneBefore.isEmpty)
            #expect(doneBefore.count < plan.units.count, "the sweep finished before the kill; nothing was tested")

            // Workers keep trying while no coordinator answers.
            try await Task.sleep(for: .milliseconds(500))
            #expect(workers.allSatisfy { $0.isRunning })
            let second = try fixture.coordinator(name: "coordinator-2")
            let statuses = await ClusterFixture.waitForAll([second] + workers, timeout: .seconds(120))
            #expect(statuses == [0, 0, 0], "second coordinator stderr:\n\(second.standardError.suffix(3000))")

            #expect(second.standardError.contains(" units, \(doneBefore.count) done, "), "\(second.standardError.suffix(2000))")
            #expect(try journal.unitStates().allSatisfy { $0.state == .done })
            #expect(try journal.counts().results == plan.questionCount)
            // Units done before the kill were never leased again, and their results are untouched.
            #expect(try LeaseTable.leases(on: Set(doneBefore), after: lastLeaseBefore, journal: fixture.journalPath) == 0)
            for unit in doneBefore {
                #expect(try journal.results(unitID: unit) == resultsBefore[unit]!)
            }
            #expect(try journal.counts()[.completed] == plan.units.count)
        }
    }
}
