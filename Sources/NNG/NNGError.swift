import CNNG

/// A failed nng call: nng's error number and what we were doing when it failed.
///
/// ```swift
/// do {
///     try socket.listen("tcp://0.0.0.0:5555")
/// } catch {
///     print(error)  // nng_listen tcp://0.0.0.0:5555: Address in use (10)
///     if error.isAddressInUse { ... }
/// }
/// ```
///
/// Cancellation of a pending `receive`, `send` or `request` (the Task was cancelled) is reported
/// as an `NNGError` with `code` NNG_ECANCELED (`isCancelled`), not as Swift's `CancellationError`,
/// so every asynchronous call throws one typed error.
public struct NNGError: Error, Sendable, Equatable, CustomStringConvertible {
    /// nng's error number (`nng_errno_enum`; NNG_ESYSERR or NNG_ETRANERR or'ed with a system or
    /// transport number for errors from below nng).
    public let code: Int32
    /// What failed, with its arguments: `"nng_listen tcp://0.0.0.0:5555"`.
    public let operation: String

    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    init(_ code: nng_errno_enum, operation: String) {
        self.init(code: Int32(code.rawValue), operation: operation)
    }

    /// `"nng_dial tcp://127.0.0.1:5555: Connection refused (6)"`: what we did, nng's own words
    /// (`nng_strerror`), and the number, which is what nng's documentation and logs use.
    /// `codeName` has the symbolic name.
    public var description: String { "\(operation): \(message) (\(code))" }

    /// nng's own text for `code` (`nng_strerror`).
    public var message: String { String(cString: nng_strerror(code)) }

    /// The symbolic name of `code`: `"NNG_ETIMEDOUT"`, `"NNG_ESYSERR+32"`, or the number.
    public var codeName: String {
        if code & Int32(NNG_ESYSERR.rawValue) != 0 { return "NNG_ESYSERR+\(code & ~Int32(NNG_ESYSERR.rawValue))" }
        if code & Int32(NNG_ETRANERR.rawValue) != 0 { return "NNG_ETRANERR+\(code & ~Int32(NNG_ETRANERR.rawValue))" }
        return Self.names[code] ?? "nng error \(code)"
    }

    /// The operation's deadline passed (an aio timeout, NNG_OPT_RECVTIMEO or NNG_OPT_SENDTIMEO).
    public var isTimeout: Bool { has(NNG_ETIMEDOUT) }
    /// The socket, context, listener or dialer was closed, before or during the call.
    public var isClosed: Bool { has(NNG_ECLOSED) }
    /// The waiting Task was cancelled (the aio completed with NNG_ECANCELED).
    public var isCancelled: Bool { has(NNG_ECANCELED) }
    /// Nobody listens at the address (a synchronous dial; asynchronous dials retry instead).
    public var isConnectionRefused: Bool { has(NNG_ECONNREFUSED) }
    /// The URL is malformed or names no transport this library speaks (`NNGURL.validate`).
    public var isAddressInvalid: Bool { has(NNG_EADDRINVAL) }
    /// The address is taken (listening twice on one port or path).
    public var isAddressInUse: Bool { has(NNG_EADDRINUSE) }
    /// The operation does not fit the socket's state (a REP reply with no request received).
    public var isWrongState: Bool { has(NNG_ESTATE) }
    /// Not supported: an option the protocol or transport lacks, or TLS where libnng has none.
    public var isNotSupported: Bool { has(NNG_ENOTSUP) }

    private func has(_ expected: nng_errno_enum) -> Bool { code == Int32(expected.rawValue) }

    private static let names: [Int32: String] = {
        let all: [(nng_errno_enum, String)] = [
            (NNG_EINTR, "NNG_EINTR"), (NNG_ENOMEM, "NNG_ENOMEM"), (NNG_EINVAL, "NNG_EINVAL"),
            (NNG_EBUSY, "NNG_EBUSY"), (NNG_ETIMEDOUT, "NNG_ETIMEDOUT"), (NNG_ECONNREFUSED, "NNG_ECONNREFUSED"),
            (NNG_ECLOSED, "NNG_ECLOSED"), (NNG_EAGAIN, "NNG_EAGAIN"), (NNG_ENOTSUP, "NNG_ENOTSUP"),
            (NNG_EADDRINUSE, "NNG_EADDRINUSE"), (NNG_ESTATE, "NNG_ESTATE"), (NNG_ENOENT, "NNG_ENOENT"),
            (NNG_EPROTO, "NNG_EPROTO"), (NNG_EUNREACHABLE, "NNG_EUNREACHABLE"), (NNG_EADDRINVAL, "NNG_EADDRINVAL"),
            (NNG_EPERM, "NNG_EPERM"), (NNG_EMSGSIZE, "NNG_EMSGSIZE"), (NNG_ECONNABORTED, "NNG_ECONNABORTED"),
            (NNG_ECONNRESET, "NNG_ECONNRESET"), (NNG_ECANCELED, "NNG_ECANCELED"), (NNG_ENOFILES, "NNG_ENOFILES"),
            (NNG_ENOSPC, "NNG_ENOSPC"), (NNG_EEXIST, "NNG_EEXIST"), (NNG_EREADONLY, "NNG_EREADONLY"),
            (NNG_EWRITEONLY, "NNG_EWRITEONLY"), (NNG_ECRYPTO, "NNG_ECRYPTO"), (NNG_EPEERAUTH, "NNG_EPEERAUTH"),
            (NNG_ENOARG, "NNG_ENOARG"), (NNG_EAMBIGUOUS, "NNG_EAMBIGUOUS"), (NNG_EBADTYPE, "NNG_EBADTYPE"),
            (NNG_ECONNSHUT, "NNG_ECONNSHUT"), (NNG_EINTERNAL, "NNG_EINTERNAL"),
        ]
        return Dictionary(uniqueKeysWithValues: all.map { (Int32($0.0.rawValue), $0.1) })
    }()
}

/// Throws an `NNGError` for a nonzero nng return value.
@inline(__always)
func check(_ result: Int32, _ operation: @autoclosure () -> String) throws(NNGError) {
    if result != 0 { throw NNGError(code: result, operation: operation()) }
}
