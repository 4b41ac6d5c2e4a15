import CNNG
import Synchronization

/// A REQ or REP socket (nng's req0 / rep0 protocols): the coordinator listens with REP and
/// serves many workers at once through contexts; each worker dials it with REQ.
///
/// ```swift
/// // Coordinator: 8 requests served at once, each on its own context.
/// let server = try NNGSocket.reply()
/// let listener = try server.listen("tcp://0.0.0.0:5555", maxMessageBytes: 1 << 20)
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     for _ in 0 ..< 8 {
///         let context = try server.makeContext()
///         group.addTask {
///             while true {
///                 let request = try await context.receive()   // throws isClosed once server.close()
///                 try await context.send(answer(request))
///             }
///         }
///     }
///     try await group.waitForAll()
/// }
///
/// // Worker
/// let client = try NNGSocket.request()
/// try client.setResendTime(.seconds(30))      // nng's default is 60 s; before making contexts
/// try client.dial("tcp://coordinator:5555")  // returns at once; connects in the background
/// let reply = try await client.request(helloBytes, timeout: .seconds(10))
/// ```
///
/// All of nng's socket calls are thread-safe, so a socket, its contexts, listeners and dialers
/// may be used from any Task. The socket is closed by `close()` or when the last reference
/// (including its contexts', listeners' and dialers') goes away.
public final class NNGSocket: Sendable {
    /// Which end of request/reply this socket is.
    public enum Role: String, Sendable {
        /// req0: sends requests, receives replies; resends unanswered requests.
        case request = "req0"
        /// rep0: receives requests, sends replies.
        case reply = "rep0"
    }

    public let role: Role
    let handle: nng_socket
    /// nng's id for this socket.
    public let id: Int
    private let closed = Atomic<Bool>(false)

    private init(role: Role, handle: nng_socket) {
        self.role = role
        self.handle = handle
        self.id = Int(nng_socket_id(handle))
    }

    deinit { close() }

    /// A new REQ (req0) socket.
    public static func request() throws(NNGError) -> NNGSocket {
        var socket = nng_socket()
        try check(nng_req0_open(&socket), "nng_req0_open")
        return NNGSocket(role: .request, handle: socket)
    }

    /// A new REP (rep0) socket.
    public static func reply() throws(NNGError) -> NNGSocket {
        var socket = nng_socket()
        try check(nng_rep0_open(&socket), "nng_rep0_open")
        return NNGSocket(role: .reply, handle: socket)
    }

    /// "req0 socket 3", for error messages.
    var label: String { "\(role.rawValue) socket \(id)" }

    /// One context per in-flight request (nng's asynchronous server pattern): many requests
    /// served at once on one REP socket, or many outstanding on one REQ socket.
    public func makeContext() throws(NNGError) -> NNGContext {
        try NNGContext(socket: self)
    }

    /// REQ: one exchange on a context of its own (opened and closed around it); see
    /// `NNGContext.request(_:timeout:)`.
    public func request(_ bytes: [UInt8], timeout: Duration? = nil) async throws(NNGError) -> [UInt8] {
        let context = try makeContext()
        defer { context.close() }
        return try await context.request(bytes, timeout: timeout)
    }

    /// Closes the socket with its contexts, listeners and dialers; pending operations throw
    /// `isClosed`. Idempotent. nng_close waits for nng's own work on the socket to wind down
    /// (well under a millisecond in the tests); it runs on a thread of its own, waited for at
    /// most 5 s, because libnng 1.5.2 can hang in it (see `BoundedClose`).
    public func close() {
        if !closed.exchange(true, ordering: .acquiringAndReleasing) {
            let handle = handle
            BoundedClose.run("nng_close (\(label))") { nng_close(handle) }
        }
    }
}
