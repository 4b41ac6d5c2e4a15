import NNG
import Testing

/// How a pending receive ends other than with a message: timeouts, closing, Task cancellation.
/// No test asserts how long it took (a loaded CI machine can stall any of them for seconds);
/// the error's kind says which mechanism ended the wait, and the time limit catches a hang.
@Suite(.timeLimit(.minutes(1))) struct TimeoutAndCancellationTests {
    @Test func socketReceiveTimeoutThrowsTimeout() async throws {
        let server = try NNGSocket.reply()
        defer { server.close() }
        try server.setReceiveTimeout(.milliseconds(50))
        let context = try server.makeContext()  // copies the socket's timeout
        let error = await #expect(throws: NNGError.self) { try await within { try await context.receive() } }
        #expect(error?.isTimeout == true, "\(String(describing: error))")
        #expect(error?.description.contains("nng_ctx_recv") == true)
    }

    @Test func perCallTimeoutOverridesTheSocket() async throws {
        let server = try NNGSocket.reply()
        defer { server.close() }
        try server.setReceiveTimeout(.seconds(60))
        let context = try server.makeContext()
        let error = await #expect(throws: NNGError.self) { try await within { try await context.receive(timeout: .milliseconds(30)) } }
        #expect(error?.isTimeout == true)
    }

    @Test func requestTimeoutCoversTheWholeExchange() async throws {
        // Nobody listens: the request waits for a connection, then times out.
        let client = try NNGSocket.request()
        defer { client.close() }
        // A resend time far beyond the timeout: only the timeout can end this request.
        try client.setResendTime(.seconds(30))
        try client.dial("ipc://" + temporaryNNGPath("nobody.ipc"))
        let error = await #expect(throws: NNGError.self) { try await within { try await client.request("hello?".bytes, timeout: .milliseconds(100)) } }
        #expect(error?.isTimeout == true, "\(String(describing: error))")
    }

    @Test func closingTheSocketEndsAPendingReceive() async throws {
        let server = try NNGSocket.reply()
        let context = try server.makeContext()
        let receive = Task { try await context.receive() }
        try await Task.sleep(for: .milliseconds(30))
        server.close()
        let error = await #expect(throws: NNGError.self) { try await within { try await receive.value } }
        #expect(error?.isClosed == true, "\(String(describing: error))")
        server.close()  // idempotent
    }

    @Test func closingTheContextEndsAPendingReceive() async throws {
        let server = try NNGSocket.reply()
        defer { server.close() }
        let context = try server.makeContext()
        let receive = Task { try await context.receive() }
        try await Task.sleep(for: .milliseconds(30))
        context.close()
        let error = await #expect(throws: NNGError.self) { try await within { try await receive.value } }
        #expect(error?.isClosed == true)
        // A closed context refuses new work the same way.
        let again = await #expect(throws: NNGError.self) { try await within { try await context.receive() } }
        #expect(again?.isClosed == true)
    }

    @Test func cancellingTheTaskEndsAPendingReceivePromptly() async throws {
        let server = try NNGSocket.reply()
        defer { server.close() }
        let context = try server.makeContext()  // no timeout: only cancellation can end it
        let receive = Task { try await context.receive() }
        try await Task.sleep(for: .milliseconds(30))
        receive.cancel()
        let error = await #expect(throws: NNGError.self) { try await within { try await receive.value } }
        #expect(error?.isCancelled == true, "\(String(describing: error))")
    }

    @Test func aTaskCancelledBeforeReceivingFailsAtOnce() async throws {
        let server = try NNGSocket.reply()
        defer { server.close() }
        let context = try server.makeContext()
        let receive = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await context.receive()
        }
        let error = await #expect(throws: NNGError.self) { try await within { try await receive.value } }
        #expect(error?.isCancelled == true)
        // The context is still usable afterwards.
        let timedOut = await #expect(throws: NNGError.self) { try await context.receive(timeout: .milliseconds(10)) }
        #expect(timedOut?.isTimeout == true)
    }

    @Test func cancellingManyPendingOperationsLeavesNothingBehind() async throws {
        let pair = try ConnectedPair(.inproc)
        defer { pair.close() }
        for _ in 0 ..< 200 {
            let context = try pair.server.makeContext()
            let receive = Task { try await context.receive() }
            receive.cancel()
            let error = await #expect(throws: NNGError.self) { try await within { try await receive.value } }
            #expect(error?.isCancelled == true)
        }
        // The socket still serves requests.
        let context = try pair.server.makeContext()
        let server = Task {
            let request = try await context.receive()
            try await context.send(request)
        }
        #expect(try await within { try await pair.client.request("still here".bytes, timeout: patience) }.text == "still here")
        try await server.value
    }
}
