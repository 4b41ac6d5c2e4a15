import Foundation
import Sweep
import Testing

extension MultiProcessSweeps {
    /// Workers that die, freeze or are asked to stop: no unit is lost and none is counted twice.
    @Suite struct WorkerFaultTests {
        /// The unit and lease of the first lease granted to `worker`, from the coordinator's log;
        /// `then` runs the moment the line appears (from a thread of its own, see `whenLine`).
        static func firstLease(
            of worker: String, in coordinator: SpawnedProcess, then action: @escaping @Sendable () -> Void = {}
        ) async -> (lease: Int64, line: String)? {
            guard let line = await coordinator.whenLine(matching: "lease [0-9]+: .* to \(worker)$", timeout: .seconds(30), { _ in action() }),
                let lease = SpawnedProcess.capture("lease ([0-9]+):", in: line).flatMap(Int64.init)
            else { return nil }
            return (lease, line)
        }

        static func leaseOutcome(_ lease: Int64, journal: String) throws -> LeaseOutcome? {
            try LeaseTable.outcome(of: lease, journal: journal)
        }

        @Test(.timeLimit(.minutes(2))) func aKilledWorkersUnitIsLeasedAgainAndCompletedOnce() async throws {
            // One unit: with nothing completed there is no median to call it a straggler by, so
            // the victim's lease ends by expiry, never by a speculative copy finishing first.
            let fixture = try ClusterFixture(name: "sigkill", type: .f16, tasks: ["MedQA"], languages: ["en"], sets: [1], shardSize: 3)
            defer { fixture.remove() }
            let coordinator = try fixture.coordinator()
            let victim = try fixture.worker("victim")
            guard let (lease, _) = await Self.firstLease(of: "victim", in: coordinator, then: { victim.signal(SIGKILL) }) else {
                Issue.record("no lease to the victim:\n\(coordinator.standardError.suffix(2000))")
                return
            }
            let survivor = try fixture.worker("survivor")
            let statuses = await ClusterFixture.waitForAll([coordinator, survivor], timeout: .seconds(90))
            #expect(statuses == [0, 0], "coordinator stderr:\n\(coordinator.standardError.suffix(3000))")

            let plan = try fixture.plan()
            let journal = try Journal.openForReading(path: fixture.journalPath)
            #expect(try journal.unitStates().allSatisfy { $0.state == .done })
            #expect(try journal.counts().results == plan.questionCount)
            // Killed as the lease was granted, before a heartbeat: abandoned, which costs the unit
            // no attempt (a heartbeat first would make it expired, one attempt).
            let ending = try Self.leaseOutcome(lease, journal: fixture.journalPath)
            #expect(ending == .abandoned || ending == .expired)
            #expect(try journal.counts()[.completed] == plan.units.count)
            #expect(coordinator.standardError.contains("lease \(lease) held by victim"))
        }

        @Test(.timeLimit(.minutes(2))) func aFrozenWorkerLosesItsLeaseAndIsToldToStop() async throws {
            // One unit, as above: the frozen worker's lease can only end by expiry.
            let fixture = try ClusterFixture(name: "sigstop", type: .f16, tasks: ["MedQA"], languages: ["en"], sets: [1], shardSize: 3)
            defer { fixture.remove() }
            // Lingering long enough for the woken worker to hear that the sweep is finished.
            let coordinator = try fixture.coordinator(["--linger", "60"])
            let frozen = try fixture.worker("frozen")
            guard let (lease, _) = await Self.firstLease(of: "frozen", in: coordinator, then: { frozen.signal(SIGSTOP) }) else {
                Issue.record("no lease to the frozen worker:\n\(coordinator.standardError.suffix(2000))")
                return
            }
            let other = try fixture.worker("other")
            let expired = await coordinator.waitForLine(
                matching: "lease \(lease) held by frozen (expired|was abandoned)", timeout: .seconds(30))
            #expect(expired != nil)
            frozen.signal(SIGCONT)
            let workers = await ClusterFixture.waitForAll([other, frozen], timeout: .seconds(60))
            #expect(workers == [0, 0], "coordinator stderr:\n\(coordinator.standardError.suffix(3000))")
            coordinator.signal(SIGTERM)
            #expect(await coordinator.waitForExit(timeout: .seconds(10)) == 0)

            let plan = try fixture.plan()
            let journal = try Journal.openForReading(path: fixture.journalPath)
            #expect(try journal.unitStates().allSatisfy { $0.state == .done })
            #expect(try journal.counts().results == plan.questionCount)
            let ending = try Self.leaseOutcome(lease, journal: fixture.journalPath)
            #expect(ending == .abandoned || ending == .expired)
            // Woken, the frozen worker heard its lease was gone (a heartbeat answered `cancel`) or
            // had its late result ignored; either way nothing of it was committed.
            let told = frozen.standardError.contains("lease \(lease) cancelled") || frozen.standardError.contains("lease \(lease): coordinator says stale")
            #expect(told, "frozen worker stderr:\n\(frozen.standardError.suffix(2000))")
        }

        @Test(.timeLimit(.minutes(2))) func sigtermLetsTheUnitInHandFinishThenExitsCleanly() async throws {
            let fixture = try ClusterFixture(name: "sigterm", type: .f16, shardSize: 3)
            defer { fixture.remove() }
            let coordinator = try fixture.coordinator()
            let leaving = try fixture.worker("leaving")
            guard let (lease, _) = await Self.firstLease(of: "leaving", in: coordinator) else {
                Issue.record("no lease to the leaving worker:\n\(coordinator.standardError.suffix(2000))")
                return
            }
            leaving.signal(SIGTERM)
            #expect(await leaving.waitForExit(timeout: .seconds(30)) == 0)
            // Its unit was finished and delivered before it left.
            #expect(try Self.leaseOutcome(lease, journal: fixture.journalPath) == .completed)
            let stayer = try fixture.worker("stayer")
            let statuses = await ClusterFixture.waitForAll([coordinator, stayer], timeout: .seconds(90))
            #expect(statuses == [0, 0])
            let journal = try Journal.openForReading(path: fixture.journalPath)
            #expect(try journal.unitStates().allSatisfy { $0.state == .done })
        }
    }
}
