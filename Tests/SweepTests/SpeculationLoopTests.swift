import Benchmark
import Foundation
import Testing
@testable import Sweep

/// Fault 3 of issue 18: a unit that runs long on one worker and fails fast on another is
/// copied once, not thousands of times a second, and `max_attempts` still holds.
@Suite struct SpeculationLoopTests {
    @Test func aStragglerFailingFastElsewhereIsCopiedOnce() async throws {
        // MedQA en, shards of 2: two units (2 questions and 1).
        let plan = try SweepFixtures.plan(tasks: [.medQA], languages: [.en], sets: [1], shardSize: 2, maxAttempts: 3)
        let coordinator = try SweepFixtures.coordinator(plan: plan)
        var slow = FakeWorker(coordinator, worker: "slow")
        var quick = FakeWorker(coordinator, worker: "quick")
        _ = await slow.hello()
        _ = await quick.hello()
        // A first unit done at once: the median unit takes no time, so the next one straggles.
        let clock = ContinuousClock()
        let leasedAt = clock.now
        let first = try #require(Reply.unit(await slow.lease()))
        #expect(Reply.ack(await slow.result(slow.resultBody(first, results: SweepFixtures.results(for: first.questions)))) == .committed)
        let firstUnitTook = clock.now - leasedAt
        let long = try #require(Reply.unit(await slow.lease()))
        // Long enough to be a straggler (twice the median unit) however slowly a loaded machine
        // ran the first unit: the coordinator's measure of it lies within this one.
        try await Task.sleep(for: .milliseconds(20) + firstUnitTook * 3)

        var copies = 0
        for _ in 0 ..< 50 {
            guard let copy = Reply.unit(await quick.lease()) else { continue }
            #expect(copy.speculative)
            copies += 1
            let failed = ResultBody(worker: "quick", lease: copy.lease, unit: copy.unit.id, outcome: .failed, error: "out of memory")
            #expect(Reply.ack(await quick.result(failed)) == .committed)
        }
        #expect(copies == 1)
        let attempts = try coordinator.journal.unitStates().first { $0.id == long.unit.id }?.attempts ?? -1
        #expect(attempts <= plan.sweep.maxAttempts)
        // The first lease still lives, and its result completes the unit.
        #expect(Reply.kind(await slow.heartbeat(lease: long.lease, unit: long.unit.id)) == "ok")
        #expect(Reply.ack(await slow.result(slow.resultBody(long, results: SweepFixtures.results(for: long.questions)))) == .committed)
        #expect(await coordinator.isFinished)
    }
}
