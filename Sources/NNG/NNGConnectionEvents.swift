import CNNG
import Synchronization

/// A connection (an nng pipe) joining or leaving a socket.
public struct NNGConnectionEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case opened
        /// Closed by either side, for any reason: the peer went away, or nng dropped the
        /// connection (a message over the receive-size limit, a protocol error).
        case closed(afterSeconds: Double)
    }

    public let kind: Kind
    /// nng's id for the pipe, unique within the process.
    public let connection: Int
    /// The peer's address: "10.0.0.7:51234", "ipc:///tmp/x.sock", or "" where nng has none.
    public let peer: String
}

extension NNGSocket {
    /// Calls `handler` on one of nng's threads whenever a connection opens or closes; the
    /// handler must not block. Register once per socket, before listening or dialing.
    ///
    /// The registration lives as long as the process: nng may call back while a close is
    /// still winding down, so the state the callback reaches is never freed.
    public func onConnectionEvents(_ handler: @escaping @Sendable (NNGConnectionEvent) -> Void) throws(NNGError) {
        let watcher = Unmanaged.passRetained(ConnectionWatcher(handler)).toOpaque()
        let callback: nng_pipe_cb = { pipe, event, argument in
            guard let argument else { return }
            Unmanaged<ConnectionWatcher>.fromOpaque(argument).takeUnretainedValue().notice(pipe, event)
        }
        // ADD_PRE too: a connection nng drops at once (a message over the limit read before
        // ADD_POST runs) gets REM_POST without ADD_POST, and would leave no trace.
        try check(nng_pipe_notify(handle, NNG_PIPE_EV_ADD_PRE, callback, watcher), "nng_pipe_notify (\(label))")
        try check(nng_pipe_notify(handle, NNG_PIPE_EV_ADD_POST, callback, watcher), "nng_pipe_notify (\(label))")
        try check(nng_pipe_notify(handle, NNG_PIPE_EV_REM_POST, callback, watcher), "nng_pipe_notify (\(label))")
    }
}

/// Remembers each open connection's peer and start: a closed pipe can no longer be asked.
private final class ConnectionWatcher: Sendable {
    private let handler: @Sendable (NNGConnectionEvent) -> Void
    private let open = Mutex<[Int: (peer: String, since: ContinuousClock.Instant)]>([:])

    init(_ handler: @escaping @Sendable (NNGConnectionEvent) -> Void) {
        self.handler = handler
    }

    func notice(_ pipe: nng_pipe, _ event: nng_pipe_ev) {
        let id = Int(nng_pipe_id(pipe))
        switch event {
        case NNG_PIPE_EV_ADD_PRE:
            let peer = Self.peer(of: pipe)
            open.withLock { $0[id] = (peer, .now) }
        case NNG_PIPE_EV_ADD_POST:
            guard let entry = open.withLock({ $0[id] }) else { return }
            handler(NNGConnectionEvent(kind: .opened, connection: id, peer: entry.peer))
        case NNG_PIPE_EV_REM_POST:
            guard let entry = open.withLock({ $0.removeValue(forKey: id) }) else { return }
            let open = ContinuousClock.now - entry.since
            let seconds = Double(open.components.seconds) + Double(open.components.attoseconds) / 1e18
            handler(NNGConnectionEvent(kind: .closed(afterSeconds: seconds), connection: id, peer: entry.peer))
        default:
            break
        }
    }

    private static func peer(of pipe: nng_pipe) -> String {
        var address = nng_sockaddr()
        guard nng_pipe_get_addr(pipe, NNG_OPT_REMADDR, &address) == 0 else { return "" }
        switch Int32(address.s_family) {
        case Int32(NNG_AF_INET.rawValue):
            let ip = UInt32(bigEndian: address.s_in.sa_addr)
            let port = UInt16(bigEndian: address.s_in.sa_port)
            return "\(ip >> 24).\((ip >> 16) & 0xFF).\((ip >> 8) & 0xFF).\(ip & 0xFF):\(port)"
        case Int32(NNG_AF_IPC.rawValue):
            let path = withUnsafeBytes(of: address.s_ipc.sa_path) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            return "ipc://" + path
        default:
            return ""
        }
    }
}
