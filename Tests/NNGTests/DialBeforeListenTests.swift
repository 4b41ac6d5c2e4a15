import NNG
import Testing

/// Workers may start before the coordinator: a dial returns at once and keeps retrying, and a
/// request made meanwhile is delivered once the listener appears.
@Suite struct DialBeforeListenTests {
    @Test func ipcDialerConnectsOnceTheListenerAppears() async throws {
        try await exchangeAfterLateListen(address: "ipc://" + temporaryNNGPath("late.ipc"))
    }

    @Test func tcpDialerConnectsOnceTheListenerAppears() async throws {
        // A port the kernel just handed out and took back: free, as far as anyone can tell.
        let probe = try NNGSocket.reply()
        let port = try #require(try probe.listen("tcp://127.0.0.1:0").boundPort)
        probe.close()
        try await exchangeAfterLateListen(address: "tcp://127.0.0.1:\(port)")
    }

    private func exchangeAfterLateListen(address: String) async throws {
        let client = try NNGSocket.request()
        let server = try NNGSocket.reply()
        defer {
            client.close()
            server.close()
        }
        try client.setResendTime(.seconds(30))
        // Nobody listens yet: an asynchronous dial does not fail.
        try client.dial(address, reconnect: (minimum: .milliseconds(10), maximum: .milliseconds(50)))
        let reply = Task { try await client.request("anyone there?".bytes, timeout: patience) }

        try await Task.sleep(for: .milliseconds(150))  // a few failed attempts
        try server.listen(address)
        let context = try server.makeContext()
        let request = try await within { try await context.receive(timeout: patience) }
        #expect(request.text == "anyone there?")
        try await context.send("here".bytes)
        #expect(try await within { try await reply.value }.text == "here")
    }
}
