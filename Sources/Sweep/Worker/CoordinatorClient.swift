import Foundation
import Logging
import NNG
import Synchronization

/// A worker's side of the wire: requests over an nng REQ socket, one context per request in
/// flight (a heartbeat goes out while a result is still being sent).
///
/// The dial never blocks: nng connects in the background and again, with backoff, whenever the
/// coordinator goes away, and re-sends an unanswered request on the new connection. Every
/// request has an id; a request re-sent (by nng after `resendInterval`, or by `call` after a
/// timeout) carries the same id, so the coordinator answers it once.
public final class CoordinatorClient: Sendable {
    public let url: String
    let workerID: String
    let token: String?
    let socket: NNGSocket
    let logger: Logger
    private let counter = Atomic<Int>(0)
    /// How long one attempt waits for a reply before `call` logs and waits again.
    let attemptTimeout: Duration
    /// With no reply for this long, `call` throws `Unreachable` (nil: it waits forever, as a
    /// coordinator being restarted comes back).
    let giveUpAfter: Duration?
    /// Told of every reply (a readiness file is touched with it).
    let onReply: @Sendable () -> Void

    public init(
        url: String, workerID: String, token: String?, tls: NNGTLSConfiguration? = nil, maxReplyBytes: Int = 256 << 20,
        resendInterval: Duration = .seconds(2), attemptTimeout: Duration = .seconds(10), giveUpAfter: Duration? = nil,
        onReply: @escaping @Sendable () -> Void = {}, logger: Logger
    ) throws(NNGError) {
        self.giveUpAfter = giveUpAfter
        self.onReply = onReply
        self.url = url
        self.workerID = workerID
        self.token = token
        self.logger = logger
        self.attemptTimeout = attemptTimeout
        socket = try NNGSocket.request()
        do throws(NNGError) {
            // nng's default re-sends an unanswered request after a minute; a coordinator answers
            // in milliseconds, so two seconds recovers a lost message quickly, and the request id
            // makes the extra copies harmless.
            try socket.setResendTime(resendInterval)
            try socket.setMaxMessageBytes(maxReplyBytes)
            try socket.dial(url, tls: tls, reconnect: (minimum: .milliseconds(100), maximum: .seconds(2)))
        } catch {
            socket.close()
            throw error
        }
    }

    public func close() {
        socket.close()
    }

    /// A reply: its kind and the whole envelope, to decode the body the kind says.
    public struct Reply: Sendable {
        public var kind: WireKind
        public var bytes: [UInt8]

        public func body<Body: Codable>(_ type: Body.Type) throws -> Body {
            try Envelope.body(type, from: bytes)
        }
    }

    /// The coordinator refused a request.
    public struct Refused: Error, CustomStringConvertible {
        public var code: ErrorBody.Code
        public var message: String
        public var description: String { "coordinator refused the request: \(code.rawValue): \(message)" }
    }

    /// No reply for longer than `giveUpAfter`.
    public struct Unreachable: Error, CustomStringConvertible {
        public var url: String
        public var seconds: Int64
        public var description: String { "no reply from the coordinator at \(url) for \(seconds) s; giving up" }
    }

    /// Sends a request and waits for its reply however long the coordinator is away, unless
    /// `giveUp` says to stop (then throws CancellationError): asked before every attempt, or,
    /// with `tryingOnceFirst`, before every attempt after the first. Error replies throw
    /// `Refused`, except `unavailable`, which is retried.
    public func call<Body: Codable>(
        _ kind: WireKind, _ body: Body, tryingOnceFirst: Bool = false, giveUp: @Sendable () -> Bool = { false }
    ) async throws -> Reply {
        let request = "\(workerID)#\(counter.add(1, ordering: .relaxed).newValue)"
        let bytes = Envelope.encode(kind, request: request, token: token, body: body)
        let started = ContinuousClock.now
        var warned = false
        var nextWarning = started
        var attempts = 0
        while true {
            if (attempts > 0 || !tryingOnceFirst) && giveUp() || Task.isCancelled { throw CancellationError() }
            attempts += 1
            if let giveUpAfter, ContinuousClock.now - started > giveUpAfter {
                throw Unreachable(url: url, seconds: (ContinuousClock.now - started).components.seconds)
            }
            do {
                let context = try socket.makeContext()
                defer { context.close() }
                // An attempt never outlasts the time left before giving up.
                let left = giveUpAfter.map { $0 - (ContinuousClock.now - started) } ?? attemptTimeout
                let replyBytes = try await context.request(bytes, timeout: max(.milliseconds(100), min(attemptTimeout, left)))
                let header = try Envelope.header(replyBytes)
                guard let replyKind = WireKind(rawValue: header.kind) else {
                    logger.error("reply of unknown kind \(header.kind) to \(kind); retrying")
                    try await Task.sleep(for: .seconds(1))
                    continue
                }
                if replyKind == .error {
                    let refusal = try Envelope.body(ErrorBody.self, from: replyBytes)
                    if refusal.code == .unavailable {
                        logger.warning("coordinator unavailable (\(refusal.message)); retrying \(kind)")
                        try await Task.sleep(for: .seconds(1))
                        continue
                    }
                    throw Refused(code: refusal.code, message: refusal.message)
                }
                if warned { logger.notice("coordinator at \(url) answers again") }
                onReply()
                return Reply(kind: replyKind, bytes: replyBytes)
            } catch let error as NNGError where error.isTimeout {
                // Said at the first timeout, then once a minute while the coordinator stays away.
                if ContinuousClock.now >= nextWarning {
                    logger.warning("no reply from the coordinator at \(url) to \(kind) for \((ContinuousClock.now - started).components.seconds) s; still trying")
                    warned = true
                    nextWarning = .now + .seconds(60)
                }
            } catch let error as NNGError where error.isClosed || error.isCancelled {
                throw CancellationError()
            } catch let error as NNGError {
                logger.warning("request \(kind) to \(url) failed: \(error); retrying")
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}
