import CNNG
import Synchronization

/// A started dialer (`nng_dialer`): keeps one connection to its address up, reconnecting
/// with nng's backoff whenever it drops or cannot be made.
///
/// Dropping the dialer does not stop it (it lives as long as its socket); `close()` does.
public final class NNGDialer: Sendable {
    let handle: nng_dialer
    public let url: String
    /// The socket dialing out; kept open at least as long as this object.
    public let socket: NNGSocket
    private let closed = Atomic<Bool>(false)

    init(handle: nng_dialer, url: String, socket: NNGSocket) {
        self.handle = handle
        self.url = url
        self.socket = socket
    }

    /// Stops dialing and closes its connection. Idempotent.
    public func close() {
        if !closed.exchange(true, ordering: .acquiringAndReleasing) {
            nng_dialer_close(handle)
        }
    }
}

extension NNGSocket {
    /// Dials a URL (see `NNGURL` for the forms). By default without waiting: the first attempt
    /// and every retry run in the background until the peer is up, so a worker may start
    /// before its coordinator, and nng reconnects on its own whenever the connection drops.
    /// Requests sent meanwhile wait (or time out) until a connection is made.
    ///
    /// - Parameters:
    ///   - tls: the client side of `tls+tcp://`; required there, refused on other schemes.
    ///   - blocking: wait for the first connection and throw if it fails (e.g.
    ///     `isConnectionRefused`). Even then nng keeps the dialer reconnecting afterwards.
    ///   - reconnectMinimum: the first pause between attempts (NNG_OPT_RECONNMINT); nil keeps
    ///     the socket's, by default libnng 1.5.2's 1 s, so a worker started first connects up to
    ///     a second after its coordinator appears.
    ///   - reconnectMaximum: the pause doubles after each failure up to this
    ///     (NNG_OPT_RECONNMAXT); zero keeps it at the minimum; nil keeps the socket's (0).
    @discardableResult
    public func dial(
        _ url: String, tls: NNGTLSConfiguration? = nil, blocking: Bool = false,
        reconnectMinimum: Duration? = nil, reconnectMaximum: Duration? = nil
    ) throws(NNGError) -> NNGDialer {
        let operation = "nng_dial \(url)"
        try Endpoint.check(url, tls: tls, expected: .client, operation: operation)
        var dialer = nng_dialer()
        let created = nng_dialer_create(&dialer, handle, url)
        if created != 0 { throw NNGError(code: created, operation: "nng_dialer_create \(url)\(Endpoint.noTransport(url, created))") }
        do throws(NNGError) {
            // Options go on the dialer before it starts: the first attempt already uses them.
            if let reconnectMinimum {
                try check(nng_dialer_set_ms(dialer, NNG_OPT_RECONNMINT, reconnectMinimum.nngMilliseconds), "set \(NNG_OPT_RECONNMINT) on dialer \(url)")
            }
            if let reconnectMaximum {
                try check(nng_dialer_set_ms(dialer, NNG_OPT_RECONNMAXT, reconnectMaximum.nngMilliseconds), "set \(NNG_OPT_RECONNMAXT) on dialer \(url)")
            }
            if let tls { try TLSConfigHandle(tls, url: url).attach(to: dialer, url: url) }
            try check(nng_dialer_start(dialer, blocking ? 0 : Int32(NNG_FLAG_NONBLOCK)), operation)
        } catch {
            nng_dialer_close(dialer)
            throw error
        }
        return NNGDialer(handle: dialer, url: url, socket: self)
    }

    /// `dial(_:tls:blocking:reconnectMinimum:reconnectMaximum:)` with the backoff as one pair,
    /// non-blocking.
    @discardableResult
    public func dial(
        _ url: String, tls: NNGTLSConfiguration? = nil, reconnect: (minimum: Duration, maximum: Duration)
    ) throws(NNGError) -> NNGDialer {
        try dial(url, tls: tls, reconnectMinimum: reconnect.minimum, reconnectMaximum: reconnect.maximum)
    }
}
