import Foundation
import Logging
import NNG
import Synchronization

/// Serves a coordinator on an nng REP socket: one context per request in flight (nng's async
/// server pattern), so a slow client never holds up the others, and a ticker that expires
/// silent leases.
public final class CoordinatorServer: Sendable {
    public let coordinator: Coordinator
    public let socket: NNGSocket
    public let listener: NNGListener
    let contexts: Int
    let logger: Logger
    private let stopped = Atomic<Bool>(false)

    /// Listens on `url` (tcp://HOST:PORT, ipc://PATH, inproc://NAME, tls+tcp://HOST:PORT with
    /// `tls`). Port 0 takes a free port: `url` tells which.
    public init(
        coordinator: Coordinator, listen url: String, tls: NNGTLSConfiguration? = nil, contexts: Int = 32, logger: Logger
    ) throws(NNGError) {
        self.coordinator = coordinator
        self.contexts = contexts
        self.logger = logger
        socket = try NNGSocket.reply()
        do throws(NNGError) {
            // A connection nng drops (a message over twice the limit) leaves no request to
            // answer: these lines are its trace.
            try socket.onConnectionEvents { event in
                switch event.kind {
                case .opened:
                    logger.info("connection \(event.connection) from \(event.peer) opened")
                case .closed(let seconds):
                    logger.info("connection \(event.connection) from \(event.peer) closed after \(String(format: "%.1f", seconds)) s")
                }
            }
            // nng drops (and disconnects) anything over twice the envelope limit unread; between
            // the two the coordinator reads the size and answers `too_large` with a log line.
            listener = try socket.listen(url, maxMessageBytes: 2 * coordinator.settings.maxMessageBytes, tls: tls)
        } catch {
            socket.close()
            throw error
        }
    }

    /// The address workers dial, with the port the system chose when `url` asked for port 0.
    public var url: String {
        guard let port = listener.boundPort, listener.url.hasSuffix(":0") else { return listener.url }
        return String(listener.url.dropLast(1)) + String(port)
    }

    /// Serves until the sweep is finished and `linger` has passed (so waiting workers hear
    /// `finished`), or until `stop()`.
    public func run(linger: Duration, tick: Duration = .milliseconds(500)) async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0 ..< contexts {
                group.addTask { await self.serve() }
            }
            group.addTask {
                var finishedAt: ContinuousClock.Instant?
                while !self.stopped.load(ordering: .relaxed) {
                    try? await Task.sleep(for: tick)
                    await self.coordinator.expireLeases()
                    if await self.coordinator.isFinished {
                        finishedAt = finishedAt ?? .now
                        if ContinuousClock.now - finishedAt! >= linger { break }
                    }
                }
                self.stop()
            }
            await group.waitForAll()
        }
    }

    /// Closes the socket: every context's receive ends and `run` returns.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        socket.close()
    }

    private func serve() async {
        let context: NNGContext
        do {
            context = try socket.makeContext()
        } catch {
            if !error.isClosed { logger.error("cannot open an nng context: \(error)") }
            return
        }
        defer { context.close() }
        while true {
            let request: [UInt8]
            do {
                request = try await context.receive()
            } catch {
                // Closed: the server stops. Cancelled: the serving task was cancelled, and every
                // further receive would fail the same way.
                if error.isClosed || error.isCancelled { return }
                logger.warning("receive failed: \(error)")
                continue
            }
            let reply = await coordinator.handle(request)
            do {
                try await context.send(reply)
            } catch {
                if error.isClosed || error.isCancelled { return }
                // The requester went away; its worker re-sends on a new connection.
                logger.notice("reply not delivered: \(error)")
            }
        }
    }
}
