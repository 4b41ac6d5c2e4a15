import NNG
import Testing

/// Errors say which call failed, on what, and nng's own words for why.
@Suite struct ErrorDescriptionTests {
    @Test func listeningTwiceOnOnePortNamesTheAddressAndTheReason() throws {
        let first = try NNGSocket.reply()
        let second = try NNGSocket.reply()
        defer {
            first.close()
            second.close()
        }
        let port = try #require(try first.listen("tcp://127.0.0.1:0").boundPort)
        let error = #expect(throws: NNGError.self) { try second.listen("tcp://127.0.0.1:\(port)") }
        #expect(error?.isAddressInUse == true)
        #expect(error?.operation == "nng_listen tcp://127.0.0.1:\(port)")
        #expect(error?.description == "nng_listen tcp://127.0.0.1:\(port): Address in use (10)")
        #expect(error?.codeName == "NNG_EADDRINUSE")
    }

    @Test func anUnknownSchemeIsNamed() throws {
        let socket = try NNGSocket.reply()
        defer { socket.close() }
        let error = #expect(throws: NNGError.self) { try socket.listen("carrier-pigeon://loft") }
        #expect(error?.isNotSupported == true)
        #expect(error?.description.hasPrefix("nng_listen carrier-pigeon://loft: unsupported scheme \"carrier-pigeon\"") == true, "\(String(describing: error))")
    }

    /// The brief's example, exactly: a blocking dial to a port nobody listens on.
    @Test func aRefusedBlockingDialSaysWhatWhereAndWhy() throws {
        // A port the kernel just handed out and took back: nobody listens there now.
        let probe = try NNGSocket.reply()
        let port = try #require(try probe.listen("tcp://127.0.0.1:0").boundPort)
        probe.close()
        let client = try NNGSocket.request()
        defer { client.close() }
        let error = #expect(throws: NNGError.self) { try client.dial("tcp://127.0.0.1:\(port)", blocking: true) }
        #expect(error?.isConnectionRefused == true)
        #expect(error?.operation == "nng_dial tcp://127.0.0.1:\(port)")
        #expect(error?.description == "nng_dial tcp://127.0.0.1:\(port): Connection refused (6)")
        // The same dial without blocking succeeds at once and keeps retrying in the background.
        #expect(throws: Never.self) { try client.dial("tcp://127.0.0.1:\(port)") }
    }

    @Test func resendTimeOnAReplySocketIsNotSupported() throws {
        let socket = try NNGSocket.reply()
        defer { socket.close() }
        let error = #expect(throws: NNGError.self) { try socket.setResendTime(.seconds(1)) }
        #expect(error?.isNotSupported == true)
        #expect(error?.description.contains("req:resend-time") == true)
        #expect(error?.description.contains("rep0 socket") == true)
    }

    @Test func replyingWithoutARequestIsAStateError() async throws {
        let socket = try NNGSocket.reply()
        defer { socket.close() }
        let context = try socket.makeContext()
        let error = await #expect(throws: NNGError.self) { try await within { try await context.send("unasked".bytes) } }
        #expect(error?.isWrongState == true, "\(String(describing: error))")
        #expect(error?.description.contains("nng_ctx_send") == true)
    }

    @Test func tlsConfigurationAndAddressMustAgree() throws {
        let socket = try NNGSocket.request()
        defer { socket.close() }
        let tls = NNGTLSConfiguration.client(caFile: "/nonexistent/ca.pem")
        let plain = #expect(throws: NNGError.self) { try socket.dial("tcp://127.0.0.1:1", tls: tls) }
        #expect(plain?.description.contains("needs a tls+tcp:// address") == true)
        let missing = #expect(throws: NNGError.self) { try socket.dial("tls+tcp://127.0.0.1:1") }
        #expect(missing?.description.contains("needs a TLS configuration") == true)
        let wrongSide = #expect(throws: NNGError.self) {
            try socket.dial("tls+tcp://127.0.0.1:1", tls: .server(certificateFile: "/nonexistent/cert.pem"))
        }
        #expect(wrongSide?.description.contains("for a server, not a client") == true)
    }

    @Test func systemAndTransportErrorsAreNamed() {
        #expect(NNGError(code: 0x1000_0000 | 13, operation: "x").codeName == "NNG_ESYSERR+13")
        #expect(NNGError(code: 5, operation: "x").codeName == "NNG_ETIMEDOUT")
        #expect(NNGError(code: 5, operation: "x").isTimeout)
    }
}
