import Benchmark
import Testing
@testable import Sweep

/// The scheduler's rules, in memory, with times given by the test.
@Suite struct SchedulerTests {
    static func unit(_ id: String, model: String, shard: Int = 0) -> WorkUnit {
        WorkUnit(
            id: id, model: model, task: .medQA, slices: [.init(language: .en, questionCount: 1)], fewShotSet: 1, shard: shard,
            firstQuestion: shard)
    }

    /// Units a1…aN of model A then b1…bM of model B, in plan order.
    static func scheduler(
        a: Int = 2, b: Int = 0, states: [String: UnitState] = [:], leaseSeconds: Double = 10, maxAttempts: Int = 3,
        speculationFactor: Double = 2
    ) -> Scheduler {
        let units = (0 ..< a).map { unit("a\($0 + 1)", model: "A", shard: $0) } + (0 ..< b).map { unit("b\($0 + 1)", model: "B", shard: $0) }
        return Scheduler(
            units: units.map { JournalUnit(unit: $0, state: states[$0.id] ?? .queued, attempts: 0, lastError: nil) },
            settings: .init(leaseSeconds: leaseSeconds, maxAttempts: maxAttempts, speculationFactor: speculationFactor))
    }

    /// `choose`, callable inside `#expect`.
    static func choose(_ scheduler: inout Scheduler, for worker: String, loaded model: String?, now: Double) -> Scheduler.Choice {
        scheduler.choose(for: worker, loaded: model, now: now)
    }

    /// `renew`, callable inside `#expect`.
    static func renew(_ scheduler: inout Scheduler, leaseID: Int64, workerID: String, questionsDone: Int, now: Double) -> Bool {
        scheduler.renew(leaseID: leaseID, workerID: workerID, questionsDone: questionsDone, now: now)
    }

    /// Chooses for `worker` and grants what was chosen as lease `id`; returns the unit id.
    @discardableResult
    static func take(
        _ scheduler: inout Scheduler, worker: String, model: String? = nil, id: Int64, now: Double
    ) -> String? {
        guard case .lease(let unitID, let speculative) = scheduler.choose(for: worker, loaded: model, now: now) else { return nil }
        scheduler.grant(.init(
            id: id, unitID: unitID, workerID: worker, speculative: speculative, grantedAt: now,
            deadline: now + scheduler.settings.leaseSeconds))
        return unitID
    }

    /// Ends lease `id` the way the coordinator does: ask, then apply.
    static func end(_ scheduler: inout Scheduler, lease id: Int64, as ending: LeaseOutcome, reason: String = "why") -> Scheduler.Ending? {
        guard let change = scheduler.ending(ofLease: id, as: ending, reason: reason) else { return nil }
        scheduler.apply(change, toLease: id)
        return change
    }

    @Test func unitsGoInPlanOrder() {
        var scheduler = Self.scheduler(a: 3)
        #expect(scheduler.queuedCount == 3)
        #expect(Self.take(&scheduler, worker: "w1", id: 1, now: 0) == "a1")
        #expect(Self.take(&scheduler, worker: "w2", id: 2, now: 0) == "a2")
        #expect(Self.take(&scheduler, worker: "w3", id: 3, now: 0) == "a3")
        #expect(scheduler.queuedCount == 0)
        #expect(scheduler.leases.count == 3)
        #expect(Self.choose(&scheduler, for: "w4", loaded: nil, now: 0) == .wait)
    }

    @Test func choosingDoesNotDequeue() {
        var scheduler = Self.scheduler(a: 2)
        #expect(Self.choose(&scheduler, for: "w1", loaded: nil, now: 0) == .lease(unitID: "a1", speculative: false))
        // The journal could not record that lease: the same unit is chosen again.
        #expect(Self.choose(&scheduler, for: "w1", loaded: nil, now: 0) == .lease(unitID: "a1", speculative: false))
        #expect(scheduler.queuedCount == 2)
    }

    @Test func workerGetsUnitsOfTheModelItHasLoaded() {
        var scheduler = Self.scheduler(a: 2, b: 2)
        #expect(Self.take(&scheduler, worker: "wb", model: "B", id: 1, now: 0) == "b1")
        #expect(Self.take(&scheduler, worker: "wa", model: "A", id: 2, now: 0) == "a1")
        #expect(Self.take(&scheduler, worker: "wb2", model: "B", id: 3, now: 0) == "b2")
        // B is empty: a worker with B loaded gets A's units rather than waiting.
        #expect(Self.take(&scheduler, worker: "wb3", model: "B", id: 4, now: 0) == "a2")
    }

    @Test func newWorkerGoesToTheModelWithTheMostQueuedWorkPerWorker() {
        var scheduler = Self.scheduler(a: 2, b: 2)
        // Worker 1 has A loaded and is busy on a1; A has 1 queued unit for 1 worker, B has 2 for none.
        #expect(Self.take(&scheduler, worker: "w1", model: "A", id: 1, now: 0) == "a1")
        #expect(Self.take(&scheduler, worker: "w2", model: nil, id: 2, now: 0) == "b1")
    }

    @Test func askingTwiceReturnsTheHeldLease() {
        var scheduler = Self.scheduler(a: 2)
        Self.take(&scheduler, worker: "w1", id: 7, now: 0)
        let choice = scheduler.choose(for: "w1", loaded: "A", now: 1)
        guard case .held(let lease) = choice else {
            Issue.record("expected held, got \(choice)")
            return
        }
        #expect(lease.id == 7)
        #expect(lease.unitID == "a1")
        #expect(scheduler.queuedCount == 1)
        #expect(Self.choose(&scheduler, for: "w1", loaded: "A", now: 2) == choice)
    }

    @Test func renewingExtendsOnlyTheHoldersLease() {
        var scheduler = Self.scheduler(a: 1, leaseSeconds: 10)
        Self.take(&scheduler, worker: "w1", id: 1, now: 0)
        #expect(!Self.renew(&scheduler, leaseID: 1, workerID: "w2", questionsDone: 1, now: 5))
        #expect(!Self.renew(&scheduler, leaseID: 99, workerID: "w1", questionsDone: 1, now: 5))
        #expect(Self.renew(&scheduler, leaseID: 1, workerID: "w1", questionsDone: 1, now: 8))
        #expect(scheduler.lease(1)?.deadline == 18)
        #expect(scheduler.lease(1)?.questionsDone == 1)
        #expect(scheduler.expired(now: 15).isEmpty)
        #expect(scheduler.expired(now: 18.5).map(\.id) == [1])
    }

    @Test func expiredLeaseRequeuesItsUnitWithAnAttempt() {
        var scheduler = Self.scheduler(a: 2, leaseSeconds: 10)
        Self.take(&scheduler, worker: "w1", id: 1, now: 0)
        #expect(scheduler.expired(now: 9.9).isEmpty)
        #expect(scheduler.expired(now: 10.1).map(\.id) == [1])
        let change = Self.end(&scheduler, lease: 1, as: .expired, reason: "silent")
        #expect(change == Scheduler.Ending(unitID: "a1", state: .queued, attempts: 1, lastError: "silent"))
        #expect(scheduler.entry("a1")?.state == .queued)
        #expect(scheduler.entry("a1")?.attempts == 1)
        #expect(scheduler.lease(1) == nil)
        #expect(scheduler.queuedCount == 2)
        #expect(scheduler.expired(now: 100).isEmpty)
        // The worker holds nothing now; the retried unit goes first.
        #expect(Self.take(&scheduler, worker: "w1", id: 2, now: 11) == "a1")
        #expect(!Self.renew(&scheduler, leaseID: 1, workerID: "w1", questionsDone: 0, now: 12))
    }

    @Test func endingIsOnlyAProposalUntilApplied() {
        var scheduler = Self.scheduler(a: 1)
        Self.take(&scheduler, worker: "w1", id: 1, now: 0)
        _ = scheduler.ending(ofLease: 1, as: .expired, reason: "x")
        #expect(scheduler.lease(1) != nil)
        #expect(scheduler.entry("a1")?.attempts == 0)
        #expect(scheduler.entry("a1")?.state == .leased)
        #expect(scheduler.ending(ofLease: 99, as: .expired, reason: "x") == nil)
    }

    @Test func unitFailsAfterMaxAttempts() {
        var scheduler = Self.scheduler(a: 2, maxAttempts: 2)
        Self.take(&scheduler, worker: "w1", id: 1, now: 0)
        #expect(Self.end(&scheduler, lease: 1, as: .expired)?.state == .queued)
        #expect(Self.take(&scheduler, worker: "w1", id: 2, now: 20) == "a1")
        #expect(Self.end(&scheduler, lease: 2, as: .failed, reason: "bad prompt")
            == Scheduler.Ending(unitID: "a1", state: .failed, attempts: 2, lastError: "bad prompt"))
        #expect(scheduler.finishedCount == 1)
        #expect(!scheduler.isFinished)
        #expect(scheduler.queuedCount == 1)
        // The failed unit is never handed out again.
        #expect(Self.take(&scheduler, worker: "w1", id: 3, now: 21) == "a2")
        #expect(Self.choose(&scheduler, for: "w2", loaded: nil, now: 21) == .wait)
        scheduler.complete(unitID: "a2", leaseID: 3, now: 22)
        #expect(scheduler.finishedCount == 2)
        #expect(scheduler.isFinished)
        #expect(Self.choose(&scheduler, for: "w2", loaded: nil, now: 23) == .finished)
    }

    @Test func returnedUnitCountsNoAttempt() {
        var scheduler = Self.scheduler(a: 1, maxAttempts: 1)
        Self.take(&scheduler, worker: "w1", id: 1, now: 0)
        let change = Self.end(&scheduler, lease: 1, as: .returned, reason: "shutting down")
        #expect(change == Scheduler.Ending(unitID: "a1", state: .queued, attempts: 0, lastError: nil))
        #expect(scheduler.queuedCount == 1)
        #expect(Self.take(&scheduler, worker: "w2", id: 2, now: 1) == "a1")
        // With max_attempts 1, the first real failure fails it.
        #expect(Self.end(&scheduler, lease: 2, as: .expired)?.state == .failed)
        #expect(scheduler.isFinished)
    }

    @Test func endingOneOfTwoLeasesKeepsTheUnitLeased() {
        var scheduler = Self.scheduler(a: 2, maxAttempts: 1)
        Self.take(&scheduler, worker: "w1", id: 1, now: 0)
        Self.take(&scheduler, worker: "w2", id: 2, now: 0)
        scheduler.complete(unitID: "a2", leaseID: 2, now: 1)
        guard case .lease("a1", true) = scheduler.choose(for: "w3", loaded: nil, now: 5) else {
            Issue.record("expected a speculative lease")
            return
        }
        scheduler.grant(.init(id: 3, unitID: "a1", workerID: "w3", speculative: true, grantedAt: 5, deadline: 15))
        // The copy fails; the first lease still holds the unit, which stays leased and not queued.
        #expect(Self.end(&scheduler, lease: 3, as: .failed)?.state == .leased)
        #expect(scheduler.entry("a1")?.state == .leased)
        #expect(scheduler.queuedCount == 0)
        #expect(scheduler.lease(1) != nil)
        #expect(!scheduler.isFinished)
    }

    // MARK: - Speculation

    /// a1 (lease 1, w1) and a2 (lease 2, w2) granted at 0; a2 completes at 1 (median 1).
    func stragglerSetup() -> Scheduler {
        var scheduler = Self.scheduler(a: 2, speculationFactor: 2)
        Self.take(&scheduler, worker: "w1", model: "A", id: 1, now: 0)
        Self.take(&scheduler, worker: "w2", model: "A", id: 2, now: 0)
        scheduler.complete(unitID: "a2", leaseID: 2, now: 1)
        return scheduler
    }

    @Test func noSpeculationBeforeTheUnitIsAStraggler() {
        var scheduler = stragglerSetup()
        #expect(Self.choose(&scheduler, for: "w3", loaded: "A", now: 1.9) == .wait)
    }

    @Test func noSpeculationWithoutACompletedUnit() {
        var scheduler = Self.scheduler(a: 1)
        Self.take(&scheduler, worker: "w1", id: 1, now: 0)
        #expect(Self.choose(&scheduler, for: "w2", loaded: nil, now: 1000) == .wait)
    }

    @Test(arguments: [Int64(1), Int64(3)])
    func stragglerIsLeasedSpeculativelyAndEitherLeaseEndsBoth(winner: Int64) {
        var scheduler = stragglerSetup()
        #expect(Self.choose(&scheduler, for: "w3", loaded: "A", now: 2.5) == .lease(unitID: "a1", speculative: true))
        scheduler.grant(.init(id: 3, unitID: "a1", workerID: "w3", speculative: true, grantedAt: 2.5, deadline: 12.5))
        #expect(scheduler.leases.count == 2)
        // Never a third copy.
        #expect(Self.choose(&scheduler, for: "w4", loaded: "A", now: 100) == .wait)
        scheduler.complete(unitID: "a1", leaseID: winner, now: 3)
        #expect(scheduler.leases.count == 0)
        #expect(scheduler.lease(1) == nil)
        #expect(scheduler.lease(3) == nil)
        #expect(!Self.renew(&scheduler, leaseID: 1, workerID: "w1", questionsDone: 1, now: 3))
        #expect(!Self.renew(&scheduler, leaseID: 3, workerID: "w3", questionsDone: 1, now: 3))
        #expect(scheduler.entry("a1")?.state == .done)
        #expect(scheduler.isFinished)
        #expect(scheduler.finishedCount == 2)
        // Both workers are free and told the sweep is finished.
        #expect(Self.choose(&scheduler, for: "w1", loaded: "A", now: 4) == .finished)
        #expect(Self.choose(&scheduler, for: "w3", loaded: "A", now: 4) == .finished)
        // A second completion (the losing copy's result) changes nothing.
        scheduler.complete(unitID: "a1", leaseID: winner == 1 ? 3 : 1, now: 5)
        #expect(scheduler.finishedCount == 2)
    }

    @Test func sameModelStragglerFirst() {
        var scheduler = Self.scheduler(a: 2, b: 1)
        Self.take(&scheduler, worker: "w1", model: "A", id: 1, now: 0)   // a1
        Self.take(&scheduler, worker: "w2", model: "B", id: 2, now: 1)   // b1
        Self.take(&scheduler, worker: "w3", model: "A", id: 3, now: 1)   // a2
        scheduler.complete(unitID: "a2", leaseID: 3, now: 2)             // median 1
        #expect(Self.choose(&scheduler, for: "w4", loaded: "B", now: 10) == .lease(unitID: "b1", speculative: true))
        #expect(Self.choose(&scheduler, for: "w4", loaded: "A", now: 10) == .lease(unitID: "a1", speculative: true))
        // No model loaded: the oldest straggler.
        #expect(Self.choose(&scheduler, for: "w4", loaded: nil, now: 10) == .lease(unitID: "a1", speculative: true))
    }

    // MARK: - Restoring and finishing

    static func restored(
        states: [String: UnitState], leases: [JournalLease], leaseSeconds: Double = 10, wallNow: Double
    ) -> Scheduler {
        let units = (1 ... 2).map { unit("a\($0)", model: "A", shard: $0) }
        return Scheduler(
            units: units.map { JournalUnit(unit: $0, state: states[$0.id] ?? .queued, attempts: 0, lastError: nil) },
            activeLeases: leases, settings: .init(leaseSeconds: leaseSeconds, maxAttempts: 3), now: 0, wallNow: wallNow)
    }

    @Test func restoredLeaseIsHeldWithAFullDuration() {
        var scheduler = Self.restored(
            states: ["a1": .leased],
            leases: [JournalLease(id: 41, unitID: "a1", workerID: "w1", speculative: false, grantedAt: 970, deadline: 980)],
            wallNow: 1000)
        let lease = scheduler.lease(41)
        #expect(lease?.grantedAt == -30)
        #expect(lease?.deadline == 10)
        #expect(scheduler.queuedCount == 1)
        #expect(scheduler.entry("a1")?.state == .leased)
        #expect(Self.choose(&scheduler, for: "w1", loaded: nil, now: 1) == .held(lease!))
        // The restored lease's unit is not handed to anyone else.
        #expect(Self.take(&scheduler, worker: "w2", id: 42, now: 1) == "a2")
        #expect(Self.choose(&scheduler, for: "w3", loaded: nil, now: 1) == .wait)
        #expect(Self.renew(&scheduler, leaseID: 41, workerID: "w1", questionsDone: 1, now: 2))
        scheduler.complete(unitID: "a1", leaseID: 41, now: 3)
        #expect(scheduler.entry("a1")?.state == .done)
    }

    @Test func restoredLeaseExpiresLikeAnyOther() {
        var scheduler = Self.restored(
            states: ["a1": .leased],
            leases: [JournalLease(id: 41, unitID: "a1", workerID: "w1", speculative: false, grantedAt: 970, deadline: 980)],
            wallNow: 1000)
        #expect(scheduler.expired(now: 9).isEmpty)
        #expect(scheduler.expired(now: 11).map(\.id) == [41])
        #expect(Self.end(&scheduler, lease: 41, as: .expired)?.state == .queued)
        #expect(Self.take(&scheduler, worker: "w2", id: 42, now: 12) == "a1")
        #expect(Self.take(&scheduler, worker: "w3", id: 43, now: 12) == "a2")
        #expect(Self.choose(&scheduler, for: "w4", loaded: nil, now: 12) == .wait)
    }

    @Test func leasedUnitWithoutAnActiveLeaseIsQueuedAgain() {
        var scheduler = Self.restored(states: ["a1": .leased], leases: [], wallNow: 1000)
        #expect(scheduler.entry("a1")?.state == .queued)
        #expect(scheduler.queuedCount == 2)
        #expect(Self.take(&scheduler, worker: "w1", id: 1, now: 0) == "a1")
        #expect(Self.take(&scheduler, worker: "w2", id: 2, now: 0) == "a2")
    }

    @Test func restoreIgnoresDoneAndUnknownUnits() {
        var scheduler = Self.restored(
            states: ["a1": .done],
            leases: [
                JournalLease(id: 1, unitID: "a1", workerID: "w1", speculative: false, grantedAt: 0, deadline: 10),
                JournalLease(id: 2, unitID: "zz", workerID: "w2", speculative: false, grantedAt: 0, deadline: 10),
            ], wallNow: 1)
        #expect(scheduler.leases.count == 0)
        #expect(scheduler.finishedCount == 1)
        #expect(Self.take(&scheduler, worker: "w1", id: 3, now: 0) == "a2")
    }

    @Test func forgettingTheOnlyLeaseQueuesTheUnitAgain() {
        var scheduler = Self.scheduler(a: 2)
        Self.take(&scheduler, worker: "w1", id: 1, now: 0)
        scheduler.forget(leaseID: 1)
        #expect(scheduler.lease(1) == nil)
        #expect(scheduler.entry("a1")?.state == .queued)
        #expect(scheduler.entry("a1")?.attempts == 0)
        #expect(Self.take(&scheduler, worker: "w1", id: 2, now: 1) == "a1")
        scheduler.forget(leaseID: 99)
        #expect(scheduler.leases.count == 1)
    }

    @Test func finishedWhenEveryUnitIsDoneOrFailed() {
        var scheduler = Self.scheduler(a: 2, b: 1, states: ["a1": .done, "b1": .failed])
        #expect((scheduler.doneCount, scheduler.failedCount, scheduler.questionsDone) == (1, 1, 1))
        #expect(!scheduler.isFinished)
        #expect(Self.take(&scheduler, worker: "w1", id: 1, now: 0) == "a2")
        #expect(Self.choose(&scheduler, for: "w2", loaded: nil, now: 0) == .wait)
        scheduler.complete(unitID: "a2", leaseID: 1, now: 1)
        // Completing a done unit again (a duplicate result) changes no count.
        scheduler.complete(unitID: "a2", leaseID: 1, now: 2)
        #expect((scheduler.doneCount, scheduler.failedCount, scheduler.questionsDone) == (2, 1, 2))
        #expect(scheduler.isFinished)
        #expect(Self.choose(&scheduler, for: "w1", loaded: nil, now: 2) == .finished)
        #expect(Self.scheduler(a: 1, states: ["a1": .done]).isFinished)
    }

    @Test func completingAFailedUnitKeepsTheCountRight() {
        var scheduler = Self.scheduler(a: 1, maxAttempts: 1)
        Self.take(&scheduler, worker: "w1", id: 1, now: 0)
        #expect(Self.end(&scheduler, lease: 1, as: .expired)?.state == .failed)
        #expect(scheduler.finishedCount == 1)
        scheduler.complete(unitID: "a1", leaseID: 1, now: 5)
        #expect(scheduler.finishedCount == 1)
        #expect((scheduler.doneCount, scheduler.failedCount, scheduler.questionsDone) == (1, 0, 1))
        #expect(scheduler.entry("a1")?.state == .done)
        #expect(scheduler.isFinished)
    }
}
