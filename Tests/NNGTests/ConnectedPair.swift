import NNG

/// A REP socket listening and a REQ socket dialing it, both with 5 s nng timeouts and a
/// resend time longer than any test, so nothing is resent unless a test asks for it.
struct ConnectedPair: Sendable {
    let server: NNGSocket
    let client: NNGSocket
    let listener: NNGListener
    let dialer: NNGDialer

    init(_ transport: Transport, maxMessageBytes: Int? = 16 << 20, resendTime: Duration = .seconds(30)) throws {
        server = try NNGSocket.reply()
        client = try NNGSocket.request()
        for socket in [server, client] {
            try socket.setReceiveTimeout(patience)
            try socket.setSendTimeout(patience)
        }
        try client.setResendTime(resendTime)
        listener = try server.listen(transport.listenAddress(), maxMessageBytes: maxMessageBytes)
        dialer = try client.dial(
            transport.dialAddress(for: listener), reconnectMinimum: .milliseconds(10), reconnectMaximum: .milliseconds(100))
    }

    func close() {
        client.close()
        server.close()
    }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}
