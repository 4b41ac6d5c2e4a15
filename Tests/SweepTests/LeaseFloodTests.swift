import Benchmark
import Foundation
import Testing
@testable import Sweep

/// Fault 1 of issue 18: requests from a crowd of worker ids that never work (phantoms) must
/// neither fail units nor keep them from real workers.
@Suite struct LeaseFloodTests {
    /// MedQA and PubMedQA in English and French, set 1, one question per unit: 24 units.
    static func plan(maxAttempts: Int = 3) throws -> Plan {
        try SweepFixtures.plan(
            tasks: [.medQA, .pubMedQA], languages: [.en, .fr], sets: [1], shardSize: 1, lease: 0.2, heartbeat: 0.05,
            maxAttempts: maxAttempts)
    }

    /// Three rounds of lease requests, each from a new worker id (half of them say hello
    /// first), a lease apart: the flood the issue describes, in miniature.
    @Test func aFloodOfNewWorkerIDsFailsNoUnit() async throws {
        let plan = try Self.plan()
        let coordinator = try SweepFixtures.coordinator(plan: plan)
        var real = FakeWorker(coordinator, worker: "real")
        #expect(Reply.kind(await real.hello()) == "welcome")
        var phantomLeases = 0
        for round in 0 ..< 3 {
            for n in 0 ..< 120 {
                var phantom = FakeWorker(coordinator, worker: "phantom-\(round)-\(n)")
                if n % 2 == 0 { _ = await phantom.hello() }
                if Reply.unit(await phantom.bareLease()) != nil { phantomLeases += 1 }
            }
            try await Task.sleep(for: .milliseconds(250))
            await coordinator.expireLeases()
        }
        let failed = try coordinator.journal.unitStates().filter { $0.state == .failed }
        #expect(failed.isEmpty, "\(failed.count) of \(plan.units.count) units failed; \(phantomLeases) leases went to phantoms")

        // The real worker scores every unit, waiting out what phantoms still hold.
        var rounds = 0
        while !(await coordinator.isFinished), rounds < 400 {
            rounds += 1
            let reply = await real.lease()
            if let unit = Reply.unit(reply) {
                _ = await real.result(real.resultBody(unit, results: SweepFixtures.results(for: unit.questions)))
            } else {
                try await Task.sleep(for: .milliseconds(20))
                await coordinator.expireLeases()
            }
        }
        let states = try coordinator.journal.unitStates()
        #expect(states.filter { $0.state == .done }.count == plan.units.count)
    }
}
