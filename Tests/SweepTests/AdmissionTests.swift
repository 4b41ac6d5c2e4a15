import Benchmark
import Foundation
import Testing
@testable import Sweep

/// Who may lease (issue 18, fault 1): workers that said hello to this coordinator, new ids at a
/// bounded rate; an abandoned lease sends its holder back to hello.
@Suite struct AdmissionTests {
    @Test func newIDsAreLetInAtTheRate() {
        var admission = WorkerAdmission(settings: .init(burst: 3, perSecond: 2), now: 0)
        var admitted: [Bool] = []
        for n in 0 ..< 5 { admitted.append(admission.admit("w\(n)", now: 0)) }
        #expect(admitted == [true, true, true, false, false])
        let reported = admission.refusalsToReport(now: 0)
        let reportedAgain = admission.refusalsToReport(now: 0.5)
        #expect(reported == 2)
        #expect(reportedAgain == nil)
        // Known ids are never refused, whatever the rate; new ones, two a second after the burst.
        let later = [
            admission.admit("w0", now: 0), admission.admit("w5", now: 0.5), admission.admit("w6", now: 0.5),
            admission.admit("w6", now: 1),
        ]
        #expect(later == [true, true, false, true])
        admission.forget("w0")
        #expect(!admission.isKnown("w0"))
    }

    @Test func aLeaseNeedsAHelloFirst() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try SweepFixtures.plan())
        var worker = FakeWorker(coordinator, worker: "w1")
        let refused = await worker.bareLease()
        #expect(Reply.error(refused) == .unknownWorker)
        #expect(Reply.text(refused).contains("say hello first"))
        #expect(try coordinator.journal.leaseCounts().isEmpty)
        #expect(Reply.kind(await worker.hello()) == "welcome")
        #expect(Reply.unit(await worker.bareLease()) != nil)
    }

    @Test func aBurstOfNewIDsIsAnsweredUnavailableAndKnownWorkersAreServed() async throws {
        let plan = try SweepFixtures.plan()
        let coordinator = try Coordinator(
            plan: plan, journal: try Journal.openForWriting(path: SweepFixtures.path("journal.sqlite")),
            settings: CoordinatorSettings(token: "secret", newWorkers: .init(burst: 2, perSecond: 0.001)),
            logger: SweepFixtures.quietLogger)
        var real = FakeWorker(coordinator, worker: "real")
        #expect(Reply.kind(await real.hello()) == "welcome")
        var refused = 0
        for n in 0 ..< 20 {
            var phantom = FakeWorker(coordinator, worker: "phantom-\(n)")
            if Reply.error(await phantom.hello()) == .unavailable { refused += 1 }
        }
        #expect(refused == 19)
        #expect(try coordinator.journal.events(kind: .workerHello).count == 2)
        #expect(Reply.unit(await real.lease()) != nil)
    }

    /// An abandoned lease's holder must say hello again: the id cannot hold units lease after
    /// lease without the admission counting it again.
    @Test func anAbandonedLeaseSendsItsHolderBackToHello() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try SweepFixtures.plan(lease: 0.1, heartbeat: 0.05))
        var phantom = FakeWorker(coordinator, worker: "phantom")
        _ = await phantom.hello()
        #expect(Reply.unit(await phantom.bareLease()) != nil)
        try await Task.sleep(for: .milliseconds(150))
        await coordinator.expireLeases()
        #expect(try coordinator.journal.leaseCounts() == [.abandoned: 1])
        #expect(try coordinator.journal.unitStates().first?.attempts == 0)
        #expect(try coordinator.journal.events(kind: .leaseAbandoned).count == 1)
        #expect(Reply.error(await phantom.bareLease()) == .unknownWorker)
    }

    @Test func theCoordinatorDecidesAndWritesOnItsOwnThread() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try SweepFixtures.plan())
        #expect(!coordinator.isOnItsThread)
        #expect(await coordinator.runsOnItsThread())
    }
}

extension Coordinator {
    /// Whether this actor's code runs on its own thread (not the cooperative pool).
    func runsOnItsThread() -> Bool { isOnItsThread }
}
