import NNG
import Testing

/// One request and its reply over each transport, through contexts on both sides.
@Suite struct RoundTripTests {
    @Test(arguments: Transport.allCases)
    func requestAndReplyCross(_ transport: Transport) async throws {
        let pair = try ConnectedPair(transport)
        defer { pair.close() }
        let serverContext = try pair.server.makeContext()
        let server = Task {
            let request = try await serverContext.receive()
            try await serverContext.send(Array("reply to ".utf8) + request)
            return request
        }
        let reply = try await within { try await pair.client.request("ping over \(transport)".bytes, timeout: patience) }
        #expect(reply.text == "reply to ping over \(transport)")
        #expect(try await server.value.text == "ping over \(transport)")
    }

    @Test func emptyAndLargeMessagesKeepTheirBytes() async throws {
        let pair = try ConnectedPair(.tcp)
        defer { pair.close() }
        let serverContext = try pair.server.makeContext()
        let server = Task {
            for _ in 0 ..< 2 {
                let request = try await serverContext.receive()
                try await serverContext.send(request.reversed())
            }
        }
        let clientContext = try pair.client.makeContext()
        #expect(try await within { try await clientContext.request([], timeout: patience) } == [])
        let large = (0 ..< 3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        #expect(try await within { try await clientContext.request(large, timeout: patience) } == large.reversed())
        try await server.value
    }
}
