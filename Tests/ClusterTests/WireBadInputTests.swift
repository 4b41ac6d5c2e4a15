import Foundation
import NNG
import Sweep
import Testing

extension MultiProcessSweeps {
    /// A raw nng client sends what no worker should: each gets an error reply (or, too big to
    /// read, a dropped connection) and a log line, and the coordinator keeps serving.
    @Suite struct WireBadInputTests {
        static func hello(_ worker: String) -> HelloBody {
            HelloBody(worker: worker, host: "test", pid: 1, cores: 1, engineVersion: "test", loadedModel: nil)
        }

        @Test(.timeLimit(.minutes(2))) func badRequestsAreRefusedAndTheCoordinatorKeepsServing() async throws {
            let fixture = try ClusterFixture(name: "wire", tasks: ["PubMedQA"], languages: ["en"], sets: [1])
            defer { fixture.remove() }
            let coordinator = try fixture.coordinator(["--max-message-mib", "1"])
            let client = try FakeRawPeer(url: fixture.url)
            defer { client.close() }
            #expect(await client.send(.hello, Self.hello("probe"), token: fixture.token)?.replyKind == "welcome")

            let garbage = await client.send([0xFF, 0x00, 0x13, 0x37] + Array("not json".utf8))
            #expect(garbage?.errorCode == "malformed")

            let future = Array(#"{"v":\#(Envelope.version + 1),"kind":"hello","request":"r1","token":"cluster-test-token","body":{}}"#.utf8)
            #expect(await client.send(future)?.errorCode == "unsupported_version")

            #expect(await client.send(.hello, Self.hello("intruder"), token: "wrong")?.errorCode == "unauthorized")
            #expect(await client.send(.hello, Self.hello("intruder"), token: nil)?.errorCode == "unauthorized")

            // Over the limit but readable: refused with an error.
            let large = Array(repeating: UInt8(ascii: " "), count: (1 << 20) + 10)
            #expect(await client.send(large)?.errorCode == "too_large")

            // Over twice the limit: nng drops the connection on reading the length, before the
            // message (sent by hand: see RawSPConnection for why not by an nng socket).
            let raw = try RawSPConnection(port: fixture.port)
            defer { raw.close() }
            try raw.send(RawSPConnection.lengthHeader(3 << 20) + Array(repeating: UInt8(ascii: " "), count: 4096))
            #expect(raw.peerCloses())
            #expect(await coordinator.waitForLine(matching: "connection [0-9]+ from 127.0.0.1:[0-9]+ closed after", timeout: .seconds(10)) != nil)

            let unknownUnit = ResultBody(worker: "probe", lease: 1, unit: "no-such-unit", outcome: .scored, results: [])
            #expect(await client.send(.result, unknownUnit, token: fixture.token)?.errorCode == "unknown_unit")

            let notARequest = await client.send(.welcome, WelcomeBody(coordinator: "x", sweep: "x", heartbeatSeconds: 1, leaseSeconds: 2), token: fixture.token)
            #expect(notARequest?.errorCode == "unknown_kind")

            let missingField = Array(#"{"v":\#(Envelope.version),"kind":"lease","request":"r2","token":"cluster-test-token","body":{"loadedModel":null}}"#.utf8)
            #expect(await client.send(missingField)?.errorCode == "malformed")

            // Still serving, on a fresh connection too.
            #expect(await client.send(.hello, Self.hello("probe"), token: fixture.token)?.replyKind == "welcome")
            let second = try FakeRawPeer(url: fixture.url)
            defer { second.close() }
            #expect(await second.send(.hello, Self.hello("probe-2"), token: fixture.token)?.replyKind == "welcome")
            #expect(coordinator.isRunning)
            let rejections = coordinator.standardError.components(separatedBy: "rejected a request").count - 1
            #expect(rejections == 8, "coordinator stderr:\n\(coordinator.standardError.suffix(3000))")
            coordinator.signal(SIGTERM)
            #expect(await coordinator.waitForExit(timeout: .seconds(10)) == 0)
        }

        /// A worker's result arriving after its lease expired and the unit went to another worker
        /// is acknowledged as stale and changes nothing.
        @Test(.timeLimit(.minutes(2))) func aLateResultForAReleasedUnitIsIgnored() async throws {
            let fixture = try ClusterFixture(name: "late", tasks: ["PubMedQA"], languages: ["en"], sets: [1], shardSize: 3, leaseSeconds: 1)
            defer { fixture.remove() }
            let coordinator = try fixture.coordinator(["--linger", "60"])
            let late = try FakeRawPeer(url: fixture.url)
            defer { late.close() }
            #expect(await late.send(.hello, Self.hello("late"), token: fixture.token)?.replyKind == "welcome")
            guard let leaseReply = await late.send(.lease, LeaseBody(worker: "late", loadedModel: nil), token: fixture.token),
                let unit = try? Envelope.body(UnitBody.self, from: leaseReply)
            else {
                Issue.record("no unit for the late worker:\n\(coordinator.standardError.suffix(2000))")
                return
            }
            // Heard from once (a lease never heard from is abandoned, not expired), then silent past
            // its deadline: the unit is re-leased to a real worker, which completes it.
            let beat = HeartbeatBody(worker: "late", lease: unit.lease, unit: unit.unit.id, questionsDone: 0)
            #expect(await late.send(.heartbeat, beat, token: fixture.token)?.replyKind == "ok")
            #expect(await coordinator.waitForLine(matching: "lease \(unit.lease) held by late expired", timeout: .seconds(20)) != nil)
            let worker = try fixture.worker("punctual")
            #expect(await coordinator.waitForLine(matching: "done: .* by punctual", timeout: .seconds(30)) != nil)
            let completedBy = try LeaseTable.completedBy(unit: unit.unit.id, journal: fixture.journalPath)
            #expect(completedBy != nil && completedBy != unit.lease)

            let results = unit.questions.map { question in
                QuestionResult(
                    questionID: question.id, index: question.index, language: question.language, topTokenID: 1, topTokenPiece: "late",
                    topTokenText: "late", topTokenProbability: 0.5, topLetter: nil, letterProbabilities: question.letters.map { _ in 0.1 },
                    promptTokens: 10, computedTokens: 10, seconds: 0.1)
            }
            let body = ResultBody(worker: "late", lease: unit.lease, unit: unit.unit.id, outcome: .scored, results: results)
            let ack = await late.send(.result, body, token: fixture.token)
            #expect(ack.flatMap { try? Envelope.body(AckBody.self, from: $0).outcome } == .stale)
            #expect(try LeaseTable.completedBy(unit: unit.unit.id, journal: fixture.journalPath) == completedBy)
            let journal = try Journal.openForReading(path: fixture.journalPath)
            #expect(try journal.results(unitID: unit.unit.id).allSatisfy { $0.topTokenPiece != "late" })
            #expect(try journal.events(kind: .resultStale).count == 1)

            // The worker hears `finished` from the lingering coordinator and leaves; then the
            // coordinator is stopped.
            let workerStatus = await worker.waitForExit(timeout: .seconds(20))
            #expect(workerStatus == 0, "worker stderr:\n\(worker.standardError.suffix(2000))")
            coordinator.signal(SIGTERM)
            let coordinatorStatus = await coordinator.waitForExit(timeout: .seconds(10))
            #expect(coordinatorStatus == 0, "coordinator stderr:\n\(coordinator.standardError.suffix(2000))")
        }
    }
}
