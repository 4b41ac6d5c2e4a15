import Benchmark
import Testing
@testable import Sweep

/// The scheduler's rules added by issue 18: a lease its holder was never heard from on ends
/// abandoned and costs no attempt; a lease is copied speculatively once; a worker holds one
/// lease at a time.
@Suite struct SchedulerAbandonmentTests {
    typealias Helpers = SchedulerTests

    @Test func aLeaseNeverHeardFromIsAbandonedAndCostsNoAttempt() {
        var scheduler = Helpers.scheduler(a: 1, maxAttempts: 1)
        Helpers.take(&scheduler, worker: "phantom", id: 1, now: 0)
        let lease = scheduler.expired(now: 11).first
        #expect(lease?.expiry == .abandoned)
        let change = Helpers.end(&scheduler, lease: 1, as: .abandoned)
        #expect(change?.state == .queued)
        #expect(change?.attempts == 0)
        #expect(change?.lastError == nil)
        #expect(scheduler.failedCount == 0)
    }

    @Test func aLeaseHeardFromThenSilentExpiresAsAnAttempt() {
        var scheduler = Helpers.scheduler(a: 1, maxAttempts: 1)
        Helpers.take(&scheduler, worker: "w1", id: 1, now: 0)
        #expect(Helpers.renew(&scheduler, leaseID: 1, workerID: "w1", questionsDone: 0, now: 1))
        let lease = scheduler.expired(now: 12).first
        #expect(lease?.expiry == .expired)
        #expect(Helpers.end(&scheduler, lease: 1, as: .expired)?.state == .failed)
    }

    /// A restarted coordinator has not heard from a restored lease's holder yet.
    @Test func aRestoredLeaseIsAbandonedUnlessItsHolderCalls() {
        let unit = Helpers.unit("a1", model: "A")
        let restored = JournalLease(id: 5, unitID: "a1", workerID: "w1", speculative: false, grantedAt: 100, deadline: 220)
        let scheduler = Scheduler(
            units: [JournalUnit(unit: unit, state: .leased, attempts: 0, lastError: nil)], activeLeases: [restored],
            settings: .init(leaseSeconds: 10, maxAttempts: 3), now: 0, wallNow: 150)
        #expect(scheduler.expired(now: 11).first?.expiry == .abandoned)
    }

    @Test func aStragglerIsCopiedOnceEvenWhenItsCopyFails() {
        var scheduler = Helpers.scheduler(a: 2)
        Helpers.take(&scheduler, worker: "fast", id: 1, now: 0)
        scheduler.complete(unitID: "a1", leaseID: 1, now: 1)
        Helpers.take(&scheduler, worker: "slow", id: 2, now: 1)
        #expect(Helpers.take(&scheduler, worker: "fast", id: 3, now: 10) == "a2")
        #expect(scheduler.lease(3)?.speculative == true)
        #expect(scheduler.lease(2)?.copied == true)
        #expect(Helpers.end(&scheduler, lease: 3, as: .failed)?.state == .leased)
        // The straggler is still running, and straggling: no second copy, for anyone.
        #expect(Helpers.choose(&scheduler, for: "fast", loaded: nil, now: 20) == .wait)
        #expect(Helpers.choose(&scheduler, for: "other", loaded: nil, now: 20) == .wait)
    }

    @Test func aWorkerHoldsOneLeaseAtATime() {
        var scheduler = Helpers.scheduler(a: 3)
        Helpers.take(&scheduler, worker: "w1", id: 1, now: 0)
        guard case .held(let lease) = Helpers.choose(&scheduler, for: "w1", loaded: nil, now: 1) else {
            Issue.record("a second lease for w1")
            return
        }
        #expect(lease.id == 1)
        #expect(scheduler.lease(heldBy: "w1")?.id == 1)
        #expect(scheduler.queuedCount == 2)
    }

    @Test func progressIsBoundedByTheUnitAndNeverGoesBack() {
        var scheduler = Helpers.scheduler(a: 1)
        Helpers.take(&scheduler, worker: "w1", id: 1, now: 0)
        #expect(Helpers.renew(&scheduler, leaseID: 1, workerID: "w1", questionsDone: 1_000_000, now: 1))
        #expect(scheduler.lease(1)?.questionsDone == 1)
        #expect(Helpers.renew(&scheduler, leaseID: 1, workerID: "w1", questionsDone: 0, now: 2))
        #expect(scheduler.lease(1)?.questionsDone == 1)
    }
}
