import NNG
import Testing

/// A listener's receive-size limit (NNG_OPT_RECVMAXSZ): a larger message is dropped by nng's
/// transport and never reaches a receive; the next normal message does.
@Suite struct MessageSizeLimitTests {
    @Test(arguments: [Transport.tcp, .ipc])
    func oversizedRequestNeverArrivesButTheNextOneDoes(_ transport: Transport) async throws {
        let pair = try ConnectedPair(transport, maxMessageBytes: 1024)
        defer { pair.close() }
        #expect(pair.listener.maxMessageBytes == 1024)
        let serverContext = try pair.server.makeContext()
        let firstReceived = Task {
            let request = try await serverContext.receive(timeout: patience)
            try await serverContext.send(request)
            return request
        }

        let oversized = [UInt8](repeating: 0xAB, count: 4096)
        let refused = await #expect(throws: NNGError.self) {
            try await pair.client.request(oversized, timeout: .milliseconds(400))
        }
        #expect(refused?.isTimeout == true, "\(String(describing: refused))")

        // The dialer reconnects (nng closed the connection that carried the oversized message).
        let small = "fits".bytes
        let reply = try await within { try await pair.client.request(small, timeout: patience) }
        #expect(reply == small)
        #expect(try await firstReceived.value == small)
    }

    /// The brief's case: a requester sends more than the listener's limit and gets no reply (its
    /// request times out); the server, untroubled, goes on to serve a new requester's small
    /// message, and never saw the large one.
    @Test func oversizedRequestIsDroppedAndANewRequesterIsStillServed() async throws {
        let server = try NNGSocket.reply()
        defer { server.close() }
        try server.setReceiveTimeout(patience)
        let listener = try server.listen("tcp://127.0.0.1:0", maxMessageBytes: 1024)
        let address = "tcp://127.0.0.1:\(try #require(listener.boundPort))"
        let context = try server.makeContext()
        let received = Task {
            var sizes: [Int] = []
            while true {
                let request: [UInt8]
                do { request = try await context.receive() } catch let error as NNGError where error.isClosed { return sizes }
                sizes.append(request.count)
                try await context.send("served \(request.count) bytes".bytes)
            }
        }

        func requester() throws -> NNGSocket {
            let client = try NNGSocket.request()
            try client.setResendTime(.seconds(30))
            try client.dial(address, reconnectMinimum: .milliseconds(10), reconnectMaximum: .milliseconds(100))
            return client
        }
        let greedy = try requester()
        defer { greedy.close() }
        // 4 KiB: over the limit, yet small enough to leave the sender in one write. A larger
        // message dropped while still being written can wedge libnng 1.5.2's reaper for the
        // whole process (nanomsg/nng#1543; see BoundedClose).
        let dropped = await #expect(throws: NNGError.self) {
            try await within { try await greedy.request([UInt8](repeating: 0xAB, count: 4 << 10), timeout: .milliseconds(500)) }
        }
        #expect(dropped?.isTimeout == true, "\(String(describing: dropped))")

        let modest = try requester()
        defer { modest.close() }
        let reply = try await within { try await modest.request([UInt8](repeating: 1, count: 100), timeout: patience) }
        #expect(reply.text == "served 100 bytes")

        server.close()
        #expect(try await within { try await received.value } == [100])
    }

    /// inproc hands message objects across without a wire: libnng 1.5.2 accepts the option on
    /// an inproc listener (and reports it back) but never checks a message against it.
    @Test func inprocStoresTheLimitButDoesNotEnforceIt() async throws {
        let pair = try ConnectedPair(.inproc, maxMessageBytes: 1024)
        defer { pair.close() }
        #expect(pair.listener.maxMessageBytes == 1024)
        let serverContext = try pair.server.makeContext()
        let server = Task {
            let request = try await serverContext.receive(timeout: patience)
            try await serverContext.send([])
            return request.count
        }
        _ = try await within { try await pair.client.request([UInt8](repeating: 1, count: 4096), timeout: patience) }
        #expect(try await server.value == 4096)
    }

    @Test func theLimitCountsTheProtocolHeader() async throws {
        // REQ puts a 4-byte request id in front of the body; the transport limits the whole.
        let pair = try ConnectedPair(.tcp, maxMessageBytes: 1024)
        defer { pair.close() }
        let serverContext = try pair.server.makeContext()
        let server = Task { () -> [Int] in
            var sizes: [Int] = []
            for _ in 0 ..< 2 {
                let request = try await serverContext.receive(timeout: patience)
                sizes.append(request.count)
                try await serverContext.send([])
            }
            return sizes
        }
        let tooBig = await #expect(throws: NNGError.self) {
            try await pair.client.request([UInt8](repeating: 1, count: 1021), timeout: .milliseconds(400))
        }
        #expect(tooBig?.isTimeout == true)
        _ = try await within { try await pair.client.request([UInt8](repeating: 1, count: 1020), timeout: patience) }
        _ = try await within { try await pair.client.request([UInt8](repeating: 2, count: 10), timeout: patience) }
        #expect(try await server.value == [1020, 10])
    }

    @Test func socketLimitAppliesToRepliesTheClientReceives() async throws {
        let server = try NNGSocket.reply()
        let client = try NNGSocket.request()
        defer {
            client.close()
            server.close()
        }
        let listener = try server.listen("tcp://127.0.0.1:0")
        // Set before dialing: a connection takes its limit from its endpoint when it is made.
        try client.setMaxMessageBytes(100)
        try client.dial(Transport.tcp.dialAddress(for: listener))
        let serverContext = try server.makeContext()
        let served = Task {
            let request = try await serverContext.receive(timeout: patience)
            try await serverContext.send([UInt8](repeating: 7, count: 500) + request)
        }
        let failure = await #expect(throws: NNGError.self) {
            try await client.request("x".bytes, timeout: .milliseconds(500))
        }
        #expect(failure?.isTimeout == true)
        try await served.value
    }
}
