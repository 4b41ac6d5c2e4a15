import CNNG
import Synchronization

/// A context (`nng_ctx`): its own request/reply state machine on a socket, so one socket can
/// have many exchanges in flight. A REP server runs one context per request it serves at once;
/// a REQ client one per outstanding request.
///
/// ```swift
/// // REP: serve one request after another on this context.
/// let context = try server.makeContext()
/// while true {
///     let request = try await context.receive()
///     try await context.send(answer(request))
/// }
///
/// // REQ: one exchange, resent every resend time until answered or timed out.
/// let reply = try await client.makeContext().request(bytes, timeout: .seconds(30))
/// ```
///
/// A context copies the socket's send/receive timeouts and (REQ) resend time when it is made:
/// set those on the socket first.
///
/// Each call runs on its own `nng_aio`. Cancelling the awaiting Task cancels the aio: the call
/// then throws `NNGError` with `isCancelled` (NNG_ECANCELED), not Swift's `CancellationError`.
/// Closing the context or its socket makes pending calls throw `isClosed`.
///
/// One operation of each direction at a time per context: a second concurrent `receive` on the
/// same context is nng's business (it fails or replaces the first, by protocol); use more
/// contexts instead.
public final class NNGContext: Sendable {
    let handle: nng_ctx
    /// The socket this context runs on; kept open at least as long as the context.
    public let socket: NNGSocket
    private let closed = Atomic<Bool>(false)

    init(socket: NNGSocket) throws(NNGError) {
        var context = nng_ctx()
        try check(nng_ctx_open(&context, socket.handle), "nng_ctx_open (\(socket.label))")
        self.handle = context
        self.socket = socket
        self.id = Int(nng_ctx_id(context))
    }

    deinit { close() }

    /// nng's id for this context.
    public let id: Int

    var label: String { "\(socket.label), context \(id)" }

    /// REP: waits for the next request on this context. REQ: waits for the reply to the request
    /// this context sent last.
    ///
    /// - Parameter timeout: nil follows the context's receive timeout (the socket's
    ///   NNG_OPT_RECVTIMEO when the context was made, infinite unless set).
    public func receive(timeout: Duration? = nil) async throws(NNGError) -> [UInt8] {
        let operation = try AsyncOperation(.receive, operation: "nng_ctx_recv (\(label))")
        return try await operation.run(timeout: timeout.map(\.nngMilliseconds) ?? nng_duration(NNG_DURATION_DEFAULT)) { aio in
            nng_ctx_recv(handle, aio)
        }
    }

    /// REP: replies to the request this context received last (NNG_ESTATE if it has none).
    /// REQ: sends a request (replacing any earlier one on this context); `receive` then waits
    /// for its reply.
    ///
    /// - Parameter timeout: nil follows the context's send timeout.
    public func send(_ bytes: [UInt8], timeout: Duration? = nil) async throws(NNGError) {
        let operation = "nng_ctx_send (\(label), \(bytes.count) bytes)"
        let message = try MessageBytes.message(bytes, operation: operation)
        let send: AsyncOperation
        do throws(NNGError) {
            send = try AsyncOperation(.send, operation: operation)
        } catch {
            nng_msg_free(message)
            throw error
        }
        _ = try await send.run(timeout: timeout.map(\.nngMilliseconds) ?? nng_duration(NNG_DURATION_DEFAULT), message: message) { aio in
            nng_ctx_send(handle, aio)
        }
    }

    /// REQ: sends `request` and waits for its reply. While no reply comes, nng sends the
    /// request again every resend time (`NNGSocket.setResendTime`), keeping its request id, so
    /// the server may see it more than once.
    ///
    /// - Parameter timeout: a deadline for the whole exchange (sending and the reply); nil
    ///   follows the context's send and receive timeouts.
    public func request(_ bytes: [UInt8], timeout: Duration? = nil) async throws(NNGError) -> [UInt8] {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        func remaining() -> Duration? {
            deadline.map { max(.zero, $0 - ContinuousClock.now) }
        }
        try await send(bytes, timeout: remaining())
        return try await receive(timeout: remaining())
    }

    /// Closes the context; pending calls on it throw `isClosed`. Idempotent; also done when the
    /// context is released or its socket closed.
    public func close() {
        if !closed.exchange(true, ordering: .acquiringAndReleasing) {
            nng_ctx_close(handle)
        }
    }
}
