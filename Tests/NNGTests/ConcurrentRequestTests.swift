import NNG
import Testing

/// The coordinator's pattern: one REP socket, a handful of contexts served in parallel tasks,
/// many REQ sockets (workers) each with requests of their own.
@Suite struct ConcurrentRequestTests {
    static let clients = 8
    static let requestsPerClient = 50
    static let serverContexts = 8

    @Test func everyReplyMatchesItsRequest() async throws {
        let server = try NNGSocket.reply()
        defer { server.close() }
        try server.setReceiveTimeout(patience)
        let listener = try server.listen("tcp://127.0.0.1:0")
        let address = "tcp://127.0.0.1:\(try #require(listener.boundPort))"

        let clients = try (0 ..< Self.clients).map { _ in
            let client = try NNGSocket.request()
            try client.setResendTime(.seconds(30))
            try client.dial(address, reconnectMinimum: .milliseconds(10), reconnectMaximum: .milliseconds(100))
            return client
        }
        defer { clients.forEach { $0.close() } }

        let served = try await within(patience * 2, "400 requests") {
            try await withThrowingTaskGroup(of: Int.self) { group in
                // Servers: each context answers until its socket is closed, then says how many it served.
                for _ in 0 ..< Self.serverContexts {
                    let context = try server.makeContext()
                    group.addTask {
                        var count = 0
                        while true {
                            let request: [UInt8]
                            do { request = try await context.receive() } catch let error as NNGError where error.isClosed { return count }
                            try await context.send(Array("answer to ".utf8) + request)
                            count += 1
                        }
                    }
                }
                // Clients: several requests of one client are in flight at once, on contexts of their own.
                try await withThrowingTaskGroup(of: Void.self) { clientGroup in
                    for (index, client) in clients.enumerated() {
                        for slice in 0 ..< 5 {
                            clientGroup.addTask {
                                let context = try client.makeContext()
                                for request in stride(from: slice, to: Self.requestsPerClient, by: 5) {
                                    let text = "client \(index) request \(request)"
                                    let reply = try await context.request(text.bytes, timeout: patience)
                                    #expect(reply.text == "answer to " + text)
                                }
                            }
                        }
                    }
                    try await clientGroup.waitForAll()
                }
                server.close()
                return try await group.reduce(0, +)
            }
        }
        #expect(served == Self.clients * Self.requestsPerClient)
    }

    /// 32 requesters, each its own REQ socket (as 32 workers would be), all asking at once of a
    /// REP socket that serves 8 requests at a time on 8 contexts: every requester gets the echo
    /// of its own request, nothing crosses over, and the 8 contexts share the work.
    @Test func eightContextsServeThirtyTwoRequesters() async throws {
        let requesters = 32
        let server = try NNGSocket.reply()
        defer { server.close() }
        try server.setReceiveTimeout(patience)
        try server.setSendTimeout(patience)
        let listener = try server.listen("tcp://127.0.0.1:0", maxMessageBytes: 64 << 10)
        let address = "tcp://127.0.0.1:\(try #require(listener.boundPort))"
        let contexts = try (0 ..< 8).map { _ in try server.makeContext() }

        let (replies, servedPerContext) = try await within(patience * 2, "32 requesters") {
            try await withThrowingTaskGroup(of: Int.self) { servers in
                for context in contexts {
                    servers.addTask {
                        var served = 0
                        while true {
                            let request: [UInt8]
                            do { request = try await context.receive() } catch let error as NNGError where error.isClosed { return served }
                            // A little work, so requests overlap and several contexts are busy at once.
                            try await Task.sleep(for: .milliseconds(5))
                            try await context.send(request + " (echoed)".bytes)
                            served += 1
                        }
                    }
                }
                let replies = try await withThrowingTaskGroup(of: (Int, String).self) { clients in
                    for index in 0 ..< requesters {
                        clients.addTask {
                            let client = try NNGSocket.request()
                            defer { client.close() }
                            try client.setResendTime(.seconds(30))
                            try client.dial(address, reconnectMinimum: .milliseconds(10), reconnectMaximum: .milliseconds(100))
                            let reply = try await client.request("requester \(index)".bytes, timeout: patience)
                            return (index, reply.text)
                        }
                    }
                    return try await clients.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
                }
                server.close()  // ends the serving loops with isClosed
                var served: [Int] = []
                for try await count in servers { served.append(count) }
                return (replies, served)
            }
        }
        #expect(replies.count == requesters)
        for index in 0 ..< requesters {
            #expect(replies[index] == "requester \(index) (echoed)")
        }
        #expect(servedPerContext.reduce(0, +) == requesters)
        #expect(servedPerContext.filter { $0 > 0 }.count > 1, "one context did all the work: \(servedPerContext)")
    }
}
