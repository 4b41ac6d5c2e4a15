import NNG
import Synchronization
import Testing

/// Connection events: what the coordinator logs when a worker connects, leaves, or is dropped.
@Suite(.timeLimit(.minutes(1))) struct ConnectionEventTests {
    final class Recorder: Sendable {
        let events = Mutex<[NNGConnectionEvent]>([])
        func record(_ event: NNGConnectionEvent) { events.withLock { $0.append(event) } }
        var all: [NNGConnectionEvent] { events.withLock { $0 } }

        /// Polls until `count` events have arrived (nng calls back on its own threads).
        func waitFor(_ count: Int) async throws -> [NNGConnectionEvent] {
            for _ in 0 ..< 500 where all.count < count {
                try await Task.sleep(for: .milliseconds(10))
            }
            return all
        }
    }

    @Test func aTCPConnectionOpensAndClosesWithItsPeerAddress() async throws {
        let server = try NNGSocket.reply()
        defer { server.close() }
        let recorder = Recorder()
        try server.onConnectionEvents { recorder.record($0) }
        let listener = try server.listen("tcp://127.0.0.1:0")
        let client = try NNGSocket.request()
        try client.dial("tcp://127.0.0.1:\(try #require(listener.boundPort))")

        let opened = try await recorder.waitFor(1)
        #expect(opened.count == 1)
        #expect(opened.first?.kind == .opened)
        #expect(opened.first?.peer.hasPrefix("127.0.0.1:") == true, "\(opened)")

        client.close()
        let both = try await recorder.waitFor(2)
        #expect(both.count == 2)
        guard both.count == 2, case .closed(let seconds) = both[1].kind else {
            Issue.record("no close event: \(both)")
            return
        }
        #expect(seconds >= 0)
        #expect(both[1].connection == both[0].connection)
        #expect(both[1].peer == both[0].peer)
    }

    @Test func anIPCPeerIsNamedByItsPath() async throws {
        let server = try NNGSocket.reply()
        defer { server.close() }
        let recorder = Recorder()
        try server.onConnectionEvents { recorder.record($0) }
        let path = temporaryNNGPath("events.ipc")
        _ = try server.listen("ipc://" + path)
        let client = try NNGSocket.request()
        defer { client.close() }
        try client.dial("ipc://" + path)
        let opened = try await recorder.waitFor(1)
        #expect(opened.first?.peer.hasPrefix("ipc://") == true, "\(opened)")
    }
}
