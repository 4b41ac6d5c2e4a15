import CNNG
import Synchronization

/// A started listener (`nng_listener`) on one address of a socket.
///
/// Dropping the listener does not stop it (it lives as long as its socket); `close()` does.
public final class NNGListener: Sendable {
    let handle: nng_listener
    /// The address as given to `listen` (with port 0 if the kernel chose it; see `boundPort`).
    public let url: String
    /// The socket listening here; kept open at least as long as this object.
    public let socket: NNGSocket
    private let closed = Atomic<Bool>(false)

    init(handle: nng_listener, url: String, socket: NNGSocket) {
        self.handle = handle
        self.url = url
        self.socket = socket
    }

    /// tcp:// and tls+tcp://: the port actually bound (NNG_OPT_TCP_BOUND_PORT), which is how a
    /// `tcp://127.0.0.1:0` listener learns its kernel-chosen port. nil for other transports.
    public var boundPort: Int? {
        var port: Int32 = 0
        guard nng_listener_get_int(handle, NNG_OPT_TCP_BOUND_PORT, &port) == 0 else { return nil }
        return Int(port)
    }

    /// The receive-size limit of connections this listener accepts (NNG_OPT_RECVMAXSZ), or nil
    /// where the transport has none.
    public var maxMessageBytes: Int? {
        var bytes = 0
        guard nng_listener_get_size(handle, NNG_OPT_RECVMAXSZ, &bytes) == 0 else { return nil }
        return bytes
    }

    /// Stops listening; connections already accepted stay up. Idempotent.
    public func close() {
        if !closed.exchange(true, ordering: .acquiringAndReleasing) {
            nng_listener_close(handle)
        }
    }
}

extension NNGSocket {
    /// Listens on a URL: `tcp://host:port` (port 0: kernel-chosen, see `NNGListener.boundPort`),
    /// `ipc:///path`, `inproc://name`, `tls+tcp://host:port` (with `tls`). See `NNGURL`.
    ///
    /// The listener is created, configured (receive limit, TLS) and only then started, so no
    /// connection is ever accepted without its limit or its TLS.
    ///
    /// - Parameters:
    ///   - maxMessageBytes: the largest message accepted from peers connected through this
    ///     listener (NNG_OPT_RECVMAXSZ on the listener, before it starts; 0: no limit; nil: the
    ///     socket's `setMaxMessageBytes`, else libnng's default, no limit). Set it: without a
    ///     limit one peer can make the server allocate whatever size its message header claims.
    ///     nng drops a larger message in the transport and closes that connection (the peer's
    ///     dialer reconnects), so it never reaches a receive and the sender only sees its
    ///     request time out. The limit counts the protocol header too: a REQ request carries 4
    ///     bytes of request id, so its body may be at most `maxMessageBytes - 4`. inproc://
    ///     (no wire) stores the limit but does not enforce it.
    ///   - tls: the server side of `tls+tcp://`; required there, refused on other schemes.
    /// - Throws: `NNGError`, e.g. `isAddressInUse` for an address that is taken,
    ///   `isAddressInvalid` / `isNotSupported` for a bad URL.
    @discardableResult
    public func listen(_ url: String, maxMessageBytes: Int? = nil, tls: NNGTLSConfiguration? = nil) throws(NNGError) -> NNGListener {
        try Endpoint.check(url, tls: tls, expected: .server, operation: "nng_listen \(url)")
        var listener = nng_listener()
        let created = nng_listener_create(&listener, handle, url)
        if created != 0 { throw NNGError(code: created, operation: "nng_listener_create \(url)\(Endpoint.noTransport(url, created))") }
        do throws(NNGError) {
            if let maxMessageBytes {
                try check(
                    nng_listener_set_size(listener, NNG_OPT_RECVMAXSZ, max(0, maxMessageBytes)),
                    "set \(NNG_OPT_RECVMAXSZ) \(maxMessageBytes) on listener \(url)")
            }
            if let tls { try TLSConfigHandle(tls, url: url).attach(to: listener, url: url) }
            try check(nng_listener_start(listener, 0), "nng_listen \(url)")
        } catch {
            nng_listener_close(listener)
            throw error
        }
        return NNGListener(handle: listener, url: url, socket: self)
    }
}
