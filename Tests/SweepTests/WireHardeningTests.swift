import Benchmark
import Foundation
import Testing
@testable import Sweep

/// Faults 6, 9 and 10 of issue 18, at the coordinator's door: strings from the wire are
/// bounded and free of control characters, and a result completes only its holder's lease.
@Suite struct WireHardeningTests {
    static func plan() throws -> Plan {
        try SweepFixtures.plan(tasks: [.medQA], languages: [.en], sets: [1], shardSize: 3)
    }

    static func hello(_ worker: String, host: String = "h", engineVersion: String = "t", loadedModel: String? = nil) -> HelloBody {
        HelloBody(worker: worker, host: host, pid: 1, cores: 1, engineVersion: engineVersion, loadedModel: loadedModel)
    }

    @Test func aHugeHostIsRefused() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan())
        var client = FakeWorker(coordinator, worker: "w1")
        let reply = await client.send(.hello, Self.hello("w1", host: String(repeating: "h", count: 3_500_000)))
        #expect(Reply.error(reply) == .malformed, "\(Reply.text(reply))")
        #expect(Reply.text(reply).contains("host"))
        #expect(try coordinator.journal.events(kind: .workerHello).isEmpty)
    }

    @Test(arguments: [
        "w\nINFO forged line", "w\u{1B}[31mred", "w\u{0}x", "w\r", "w\u{7F}", "w\u{85}next",
    ])
    func controlCharactersInWorkerIDsAreRefused(id: String) async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan())
        var client = FakeWorker(coordinator, worker: id)
        let reply = await client.hello()
        #expect(Reply.error(reply) == .malformed, "\(Reply.text(reply))")
        #expect(try coordinator.journal.events(kind: .workerHello).isEmpty)
    }

    @Test func controlCharactersInHostsAndModelsAreRefused() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan())
        var client = FakeWorker(coordinator, worker: "w1")
        #expect(Reply.error(await client.send(.hello, Self.hello("w1", host: "h\u{1B}]0;title\u{7}"))) == .malformed)
        #expect(Reply.error(await client.send(.hello, Self.hello("w1", engineVersion: "t\n"))) == .malformed)
        #expect(Reply.error(await client.send(.hello, Self.hello("w1", loadedModel: "m\u{0}"))) == .malformed)
        #expect(Reply.kind(await client.send(.hello, Self.hello("w1", host: "höst-ü.example"))) == "welcome")
    }

    /// w2 sends a result on w1's lease: it is stale, and w1's lease stays w1's.
    @Test func aResultCompletesOnlyItsHoldersLease() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan())
        var w1 = FakeWorker(coordinator, worker: "w1")
        var w2 = FakeWorker(coordinator, worker: "w2")
        _ = await w1.hello()
        _ = await w2.hello()
        let unit = try #require(Reply.unit(await w1.lease()))
        let forged = ResultBody(
            worker: "w2", lease: unit.lease, unit: unit.unit.id, outcome: .scored, results: SweepFixtures.results(for: unit.questions))
        #expect(Reply.ack(await w2.result(forged)) == .stale)
        #expect(try coordinator.journal.unitStates().first?.state == .leased)
        #expect(try coordinator.journal.counts().results == 0)
        #expect(Reply.kind(await w1.heartbeat(lease: unit.lease, unit: unit.unit.id)) == "ok")
        #expect(Reply.ack(await w1.result(w1.resultBody(unit, results: SweepFixtures.results(for: unit.questions)))) == .committed)
    }
}
