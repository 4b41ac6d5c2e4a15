import Benchmark
import Foundation
import Testing
@testable import Sweep

/// A coordinator answering envelopes in process (no sockets): bad requests get the right error
/// and leave it serving; a worker's whole exchange; late and re-sent messages.
@Suite struct CoordinatorRequestTests {
    /// MedQA in English, set 1: one unit of 3 questions (or 2 units with shards of 2).
    static func plan(shardSize: Int = 3, lease: Double = 120, heartbeat: Double = 10, maxAttempts: Int = 3) throws -> Plan {
        try SweepFixtures.plan(
            tasks: [.medQA], languages: [.en], sets: [1], shardSize: shardSize, lease: lease, heartbeat: heartbeat,
            maxAttempts: maxAttempts)
    }

    static func raw(_ json: String) -> [UInt8] { Array(json.utf8) }

    static let helloJSON = #"{"worker":"w9","host":"h","pid":1,"cores":2,"engineVersion":"t"}"#

    /// A valid hello still gets a welcome.
    func expectStillServing(_ coordinator: Coordinator, sourceLocation: SourceLocation = #_sourceLocation) async {
        var client = FakeWorker(coordinator, worker: "w-check")
        let reply = await client.hello()
        #expect(Reply.kind(reply) == "welcome", "\(Reply.text(reply))", sourceLocation: sourceLocation)
    }

    func expectError(
        _ reply: [UInt8], _ code: ErrorBody.Code, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(Reply.error(reply) == code, "\(Reply.text(reply))", sourceLocation: sourceLocation)
    }

    // MARK: - Bad requests

    @Test func garbageIsMalformed() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan())
        let inputs: [[UInt8]] = [
            [], [0xFF, 0xFE, 0x00, 0x01], Self.raw("hello"), Self.raw("[1, 2, 3]"), Self.raw(#"{"v": 3}"#),
            Self.raw(#"{"v": "one", "kind": "hello"}"#), Self.raw(#"{"v": 3, "kind": "hello", "token": "secret""#),
        ]
        for bytes in inputs {
            expectError(await coordinator.handle(bytes), .malformed)
        }
        // A valid envelope whose body does not fit its kind: the reply names the field.
        let missing = await coordinator.handle(Self.raw(#"{"v":4,"kind":"hello","request":"r1","token":"secret","body":{"worker":"w"}}"#))
        expectError(missing, .malformed)
        #expect(Reply.text(missing).contains("hello body: field body.host is missing"), "\(Reply.text(missing))")
        let mistyped = await coordinator.handle(Self.raw(
            #"{"v":4,"kind":"hello","request":"r2","token":"secret","body":{"worker":"w","host":"h","pid":1,"cores":"two","engineVersion":"t"}}"#))
        expectError(mistyped, .malformed)
        #expect(Reply.text(mistyped).contains("hello body: field body.cores has the wrong type (expected Int)"), "\(Reply.text(mistyped))")
        expectError(await coordinator.handle(Self.raw(#"{"v":4,"kind":"lease","token":"secret"}"#)), .malformed)
        await expectStillServing(coordinator)
        #expect(try await coordinator.status().rejectedMessages == inputs.count + 3)
    }

    @Test func otherProtocolVersion() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan())
        for version in [Envelope.version - 1, Envelope.version + 1] {
            let reply = await coordinator.handle(Self.raw(
                #"{"v":\#(version),"kind":"hello","request":"r-\#(version)","token":"secret","body":\#(Self.helloJSON)}"#))
            expectError(reply, .unsupportedVersion)
            #expect(Reply.request(reply) == "r-\(version)")
        }
        await expectStillServing(coordinator)
    }

    @Test func wrongOrMissingToken() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan())
        for token in ["wrong!", "secre", "secret2", "", "SECRET"] as [String?] + [nil] {
            var client = FakeWorker(coordinator, worker: "w1", token: token)
            expectError(await client.hello(), .unauthorized)
            expectError(await client.lease(), .unauthorized)
        }
        // Refused requests granted nothing.
        #expect(try await coordinator.status().leaseIDs.isEmpty)
        #expect(try coordinator.journal.events(kind: .workerHello).isEmpty)
        await expectStillServing(coordinator)
    }

    @Test func noTokenConfiguredAcceptsAny() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan(), token: nil)
        for token in ["anything", nil] as [String?] {
            var client = FakeWorker(coordinator, worker: "w1", token: token)
            #expect(Reply.kind(await client.hello()) == "welcome")
        }
    }

    @Test func messageOverTheLimit() async throws {
        let hello = Envelope.encode(
            .hello, request: "r1", token: "secret", body: HelloBody(worker: "w1", host: "h", pid: 1, cores: 1, engineVersion: "t"))
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan(), maxMessageBytes: hello.count)
        #expect(Reply.kind(await coordinator.handle(hello)) == "welcome")
        expectError(await coordinator.handle(hello + Self.raw(" ")), .tooLarge)
        expectError(await coordinator.handle([UInt8](repeating: 0x20, count: 10 * hello.count)), .tooLarge)
        // Still serving (a message exactly at the limit).
        #expect(Reply.kind(await coordinator.handle(hello)) == "welcome")
    }

    @Test func kindsThatAreNotRequests() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan())
        for kind in ["frobnicate", "welcome", "unit", "ack", "error", "HELLO", ""] {
            let reply = await coordinator.handle(Self.raw(#"{"v":4,"kind":"\#(kind)","request":"k","token":"secret","body":{}}"#))
            expectError(reply, .unknownKind)
        }
        await expectStillServing(coordinator)
    }

    @Test func resultForAUnitNotInTheSweep() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan())
        var client = FakeWorker(coordinator, worker: "w1")
        let results = SweepFixtures.results(for: try coordinator.plan.questions(for: coordinator.plan.units[0]))
        let body = ResultBody(worker: "w1", lease: 1, unit: "0123456789abcdef0123456789abcdef", outcome: .scored, results: results, error: nil)
        expectError(await client.result(body), .unknownUnit)
        var failed = body
        failed.outcome = .failed
        failed.results = nil
        expectError(await client.result(failed), .unknownUnit)
        await expectStillServing(coordinator)
    }

    /// Results that do not answer the unit's questions, each refused without touching the unit.
    @Test func resultsThatDoNotAnswerTheUnit() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan())
        var client = FakeWorker(coordinator, worker: "w1")
        guard let unit = Reply.unit(await client.lease()) else {
            Issue.record("no unit leased")
            return
        }
        let good = SweepFixtures.results(for: unit.questions)
        var bad: [(String, [QuestionResult]?)] = []
        bad.append(("one result missing", Array(good.dropLast())))
        bad.append(("one result too many", good + [good[0]]))
        bad.append(("no results", nil))
        bad.append(("order swapped", [good[1], good[0]] + good.dropFirst(2)))
        var edited = good
        edited[1].questionID = "not-a-question"
        bad.append(("wrong question id", edited))
        edited = good
        edited[0].letterProbabilities[2] = 1.5
        bad.append(("probability over 1", edited))
        edited = good
        edited[2].letterProbabilities[0] = -0.25
        bad.append(("negative probability", edited))
        edited = good
        edited[0].topTokenProbability = 1.0000000000000002
        bad.append(("top probability just over 1", edited))
        edited = good
        edited[1].letterProbabilities.removeLast()
        bad.append(("a letter without probability", edited))
        edited = good
        edited[0].topLetter = "Z"
        bad.append(("top letter not an option", edited))
        edited = good
        edited[0].promptTokens = 0
        bad.append(("no prompt tokens", edited))
        edited = good
        edited[2].seconds = -1
        bad.append(("negative seconds", edited))
        for (label, results) in bad {
            let reply = await client.result(ResultBody(worker: "w1", lease: unit.lease, unit: unit.unit.id, outcome: .scored, results: results, error: nil))
            #expect(Reply.error(reply) == .invalidResult, "\(label): \(Reply.text(reply))")
        }
        #expect(try coordinator.journal.counts().results == 0)

        // NaN cannot be written in JSON: a worker's envelope carrying it is not JSON at all.
        let valid = String(decoding: client.bytes(.result, client.resultBody(unit, results: good), request: "nan"), as: UTF8.self)
        let withNaN = valid.replacingOccurrences(of: #""topTokenProbability":0.5"#, with: #""topTokenProbability":NaN"#)
        #expect(withNaN != valid)
        expectError(await coordinator.handle(Self.raw(withNaN)), .malformed)
        let withHuge = valid.replacingOccurrences(of: #""topTokenProbability":0.5"#, with: #""topTokenProbability":1e999"#)
        #expect(Reply.kind(await coordinator.handle(Self.raw(withHuge))) == "error")

        await expectStillServing(coordinator)
        // The lease is still active and the right results commit.
        #expect(Reply.kind(await client.heartbeat(lease: unit.lease, unit: unit.unit.id)) == "ok")
        #expect(Reply.ack(await client.result(client.resultBody(unit, results: good))) == .committed)
    }

    // MARK: - A worker's exchange

    @Test func fullExchange() async throws {
        let plan = try Self.plan()
        #expect(plan.units.count == 1)
        let coordinator = try SweepFixtures.coordinator(plan: plan)
        var client = FakeWorker(coordinator, worker: "w1")

        let welcome = await client.hello()
        #expect(Reply.kind(welcome) == "welcome")
        #expect(Reply.request(welcome) == "w1#1")
        let welcomeBody = try Envelope.body(WelcomeBody.self, from: welcome)
        #expect(welcomeBody.sweep == plan.sweep.name)
        #expect(welcomeBody.leaseSeconds == plan.sweep.leaseSeconds)
        #expect(welcomeBody.heartbeatSeconds == plan.sweep.heartbeatSeconds)
        #expect(welcomeBody.coordinator == coordinator.settings.instanceID)
        #expect(try coordinator.journal.events(kind: .workerHello).count == 1)

        guard let unit = Reply.unit(await client.lease()) else {
            Issue.record("no unit leased")
            return
        }
        #expect(unit.unit == plan.units[0])
        #expect(!unit.speculative)
        #expect(unit.lease > 0)
        #expect(unit.model == ModelReference(name: "tiny-a", path: SweepFixtures.modelA, sha256: plan.modelDigests["tiny-a"]!))
        #expect(unit.questions.map(\.id) == (try plan.questions(for: plan.units[0])).map(\.id))
        #expect(unit.threads == plan.sweep.threads)
        #expect(try coordinator.journal.unitCounts() == [.leased: 1])

        let ok = await client.heartbeat(lease: unit.lease, unit: unit.unit.id, questionsDone: 2)
        #expect(Reply.kind(ok) == "ok")
        #expect(try Envelope.body(OkBody.self, from: ok).leaseSeconds == plan.sweep.leaseSeconds)
        #expect(try await coordinator.status().workers.first { $0.id == "w1" }?.questionsDone == 2)

        let resultBytes = client.bytes(.result, client.resultBody(unit, results: SweepFixtures.results(for: unit.questions)), request: "w1#result")
        let ack = await coordinator.handle(resultBytes)
        #expect(Reply.ack(ack) == .committed)
        #expect(Reply.request(ack) == "w1#result")
        #expect(try coordinator.journal.counts().results == 3)

        // The same request again (its reply was lost): the same reply, handled once.
        let again = await coordinator.handle(resultBytes)
        #expect(again == ack)
        #expect(try coordinator.journal.events(kind: .resultDuplicate).isEmpty)
        // The same result as a new request: acknowledged as a duplicate.
        let duplicate = await client.result(client.resultBody(unit, results: SweepFixtures.results(for: unit.questions)))
        #expect(Reply.ack(duplicate) == .duplicate)
        #expect(try coordinator.journal.counts().results == 3)

        let finished = await client.lease()
        #expect(Reply.kind(finished) == "finished")
        #expect(try Envelope.body(FinishedBody.self, from: finished) == FinishedBody(unitsDone: 1, unitsFailed: 0))
        #expect(await coordinator.isFinished)
        let status = try await coordinator.status()
        #expect(status.totals.unitsDone == 1)
        #expect(status.totals.questionsDone == 3)
        #expect(status.finished)
        // A heartbeat on the completed lease: stop.
        #expect(Reply.kind(await client.heartbeat(lease: unit.lease, unit: unit.unit.id)) == "cancel")
    }

    @Test func reSentLeaseRequestGrantsOneLease() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan(shardSize: 1))
        var client = FakeWorker(coordinator, worker: "w1")
        _ = await client.hello()
        let request = client.bytes(.lease, LeaseBody(worker: "w1", loadedModel: nil), request: "w1#5")
        let first = await coordinator.handle(request)
        let second = await coordinator.handle(request)
        #expect(first == second)
        #expect(try coordinator.journal.leaseCounts() == [nil: 1])
        // A new lease request (the reply was lost and the worker gave up on it): the lease it holds.
        var again = client
        let held = Reply.unit(await again.lease())
        #expect(held?.lease == Reply.unit(first)?.lease)
        #expect(held?.unit.id == Reply.unit(first)?.unit.id)
        #expect(try coordinator.journal.leaseCounts() == [nil: 1])
        #expect(try await coordinator.status().totals.unitsQueued == 2)
    }

    @Test func workersWaitWhileEverythingIsLeased() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan())
        var first = FakeWorker(coordinator, worker: "w1")
        var second = FakeWorker(coordinator, worker: "w2")
        #expect(Reply.unit(await first.lease()) != nil)
        let wait = await second.lease()
        #expect(Reply.kind(wait) == "wait")
        #expect(try Envelope.body(WaitBody.self, from: wait).seconds == 1)
    }

    /// L1 expires; the unit goes to w2 as L2; w1's late result and heartbeat on L1 change nothing.
    @Test func lateResultOnAnExpiredLease() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan(lease: 0.2, heartbeat: 0.05))
        var w1 = FakeWorker(coordinator, worker: "w1")
        var w2 = FakeWorker(coordinator, worker: "w2")
        guard let first = Reply.unit(await w1.lease()) else {
            Issue.record("no unit for w1")
            return
        }
        // Heard from once, then silent: the lease expires (an abandoned one costs no attempt).
        #expect(Reply.kind(await w1.heartbeat(lease: first.lease, unit: first.unit.id)) == "ok")
        try await Task.sleep(for: .milliseconds(260))
        await coordinator.expireLeases()
        #expect(try coordinator.journal.leaseCounts() == [.expired: 1])
        #expect(try coordinator.journal.unitStates().first?.attempts == 1)
        guard let second = Reply.unit(await w2.lease()) else {
            Issue.record("no unit for w2")
            return
        }
        #expect(second.unit.id == first.unit.id)
        #expect(second.lease != first.lease)

        let late = await w1.result(w1.resultBody(first, results: SweepFixtures.results(for: first.questions)))
        #expect(Reply.ack(late) == .stale, "\(Reply.text(late))")
        #expect(try coordinator.journal.counts().results == 0)
        #expect(Reply.kind(await w2.heartbeat(lease: second.lease, unit: second.unit.id)) == "ok")
        let cancel = await w1.heartbeat(lease: first.lease, unit: first.unit.id)
        #expect(Reply.kind(cancel) == "cancel")
        #expect(try Envelope.body(CancelBody.self, from: cancel).reason.contains("no longer active"))
        // w2's result is the one that counts.
        #expect(Reply.ack(await w2.result(w2.resultBody(second, results: SweepFixtures.results(for: second.questions)))) == .committed)
        // w1 may ask for work again: nothing it held is left.
        #expect(Reply.kind(await w1.lease()) == "finished")
    }

    @Test func expiringTooOftenFailsTheUnit() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan(lease: 0.1, heartbeat: 0.05, maxAttempts: 1))
        var w1 = FakeWorker(coordinator, worker: "w1")
        let unit = try #require(Reply.unit(await w1.lease()))
        #expect(Reply.kind(await w1.heartbeat(lease: unit.lease, unit: unit.unit.id)) == "ok")
        try await Task.sleep(for: .milliseconds(150))
        await coordinator.expireLeases()
        #expect(try coordinator.journal.unitStates().first?.state == .failed)
        let finished = await w1.lease()
        #expect(try Envelope.body(FinishedBody.self, from: finished) == FinishedBody(unitsDone: 0, unitsFailed: 1))
    }

    @Test func failedAndReturnedUnits() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan(maxAttempts: 2))
        var w1 = FakeWorker(coordinator, worker: "w1")
        guard let unit = Reply.unit(await w1.lease()) else {
            Issue.record("no unit leased")
            return
        }
        // Returned unscored: no attempt counted, queued again.
        let returned = ResultBody(worker: "w1", lease: unit.lease, unit: unit.unit.id, outcome: .returned, results: nil, error: nil)
        #expect(Reply.ack(await w1.result(returned)) == .committed)
        #expect(try coordinator.journal.unitStates().first?.attempts == 0)
        #expect(try coordinator.journal.unitStates().first?.state == .queued)
        // The same return again: the lease has ended.
        #expect(Reply.ack(await w1.result(returned)) == .stale)

        guard let retry = Reply.unit(await w1.lease()) else {
            Issue.record("no unit leased again")
            return
        }
        // Another worker cannot fail w1's lease.
        var w2 = FakeWorker(coordinator, worker: "w2")
        let foreign = ResultBody(worker: "w2", lease: retry.lease, unit: retry.unit.id, outcome: .failed, results: nil, error: "not mine")
        #expect(Reply.ack(await w2.result(foreign)) == .stale)
        let failed = ResultBody(worker: "w1", lease: retry.lease, unit: retry.unit.id, outcome: .failed, results: nil, error: "prompt too long")
        #expect(Reply.ack(await w1.result(failed)) == .committed)
        let state = try coordinator.journal.unitStates().first
        #expect(state?.attempts == 1)
        #expect(state?.lastError == "prompt too long")
        #expect(state?.state == .queued)
    }

    /// A coordinator restarted on the journal honours the lease its predecessor granted, and does
    /// not hand that unit to another worker.
    @Test func restartKeepsActiveLeases() async throws {
        let plan = try Self.plan(shardSize: 2)
        #expect(plan.units.count == 2)
        let path = SweepFixtures.path("journal.sqlite")
        let unit: UnitBody
        do {
            // The first coordinator leases a unit to w1, then stops (its journal is released).
            var w1 = FakeWorker(try SweepFixtures.coordinator(plan: plan, journalPath: path), worker: "w1")
            guard let leased = Reply.unit(await w1.lease()) else {
                Issue.record("no unit leased")
                return
            }
            unit = leased
        }
        #expect(unit.unit.id == plan.units[0].id)

        let restarted = try SweepFixtures.coordinator(plan: plan, journalPath: path)
        var w1 = FakeWorker(restarted, worker: "w1")
        var w2 = FakeWorker(restarted, worker: "w2")
        #expect(try await restarted.status().leaseIDs == [unit.lease])
        #expect(try await restarted.status().totals.unitsQueued == 1)
        #expect(Reply.kind(await w1.heartbeat(lease: unit.lease, unit: unit.unit.id)) == "ok")
        let other = Reply.unit(await w2.lease())
        #expect(other?.unit.id == plan.units[1].id, "the restored lease's unit was leased again")
        #expect(Reply.ack(await w1.result(w1.resultBody(unit, results: SweepFixtures.results(for: unit.questions)))) == .committed)
        #expect(try restarted.journal.unitCounts()[.done] == 1)
    }

    /// A result naming another unit's lease (a confused or hostile worker) is stale, and must
    /// not end that lease: its holder keeps working and its heartbeat is still ok.
    @Test func resultOnAnotherUnitsLeaseLeavesThatLeaseAlone() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try Self.plan(shardSize: 2))
        var w1 = FakeWorker(coordinator, worker: "w1")
        var w2 = FakeWorker(coordinator, worker: "w2")
        guard let mine = Reply.unit(await w1.lease()), let theirs = Reply.unit(await w2.lease()) else {
            Issue.record("no units leased")
            return
        }
        #expect(mine.unit.id != theirs.unit.id)
        var body = w1.resultBody(mine, results: SweepFixtures.results(for: mine.questions))
        body.lease = theirs.lease
        #expect(Reply.ack(await w1.result(body)) == .stale)
        #expect(Reply.kind(await w2.heartbeat(lease: theirs.lease, unit: theirs.unit.id)) == "ok")
        #expect(try await coordinator.status().leaseIDs == [mine.lease, theirs.lease].sorted())
        // Nobody else is given w2's unit.
        var w3 = FakeWorker(coordinator, worker: "w3")
        #expect(Reply.kind(await w3.lease()) == "wait")
        // Both real results commit.
        #expect(Reply.ack(await w2.result(w2.resultBody(theirs, results: SweepFixtures.results(for: theirs.questions)))) == .committed)
        #expect(Reply.ack(await w1.result(w1.resultBody(mine, results: SweepFixtures.results(for: mine.questions)))) == .committed)
    }
}
