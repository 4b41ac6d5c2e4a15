import Benchmark
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Sweep
import Synchronization

/// The coordinator's read-only HTTP face:
///
///     GET /             the live dashboard (one self-contained page)
///     GET /api/status   SweepStatus as JSON
///     GET /metrics      Prometheus text format
///     GET /healthz      "ok" while the process serves (no token needed: probes have none)
///
/// With a token, every other path needs `Authorization: Bearer TOKEN` (or `?token=TOKEN`, so a
/// browser can open the dashboard; the page passes it on).
public final class MonitorServer: Sendable {
    public let monitor: SweepMonitor
    public let address: HTTPAddress
    let token: String?
    let logger: Logger

    public init(monitor: SweepMonitor, address: HTTPAddress, token: String?, logger: Logger) {
        self.monitor = monitor
        self.address = address
        self.token = token
        self.logger = logger
    }

    /// A server that is listening until `stop()`.
    public struct Running: Sendable {
        /// The address with the port the system chose when asked for port 0.
        public var address: HTTPAddress
        let group: ServiceGroup
        let task: Task<Void, Never>

        public var url: String { "http://\(address)/" }

        /// Stops accepting connections and lets requests in progress finish.
        public func stop() async {
            await group.triggerGracefulShutdown()
            await task.value
        }
    }

    public struct StartError: Error, CustomStringConvertible {
        public var address: HTTPAddress
        public var reason: String
        public var description: String { "cannot serve HTTP on \(address): \(reason)" }
    }

    /// Binds and starts serving; throws when the address cannot be bound.
    public func start() async throws -> Running {
        let bound = AsyncStream<Result<Int, Error>>.makeStream()
        let listening = Atomic<Bool>(false)
        let application = Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port), serverName: "medsweep"),
            onServerRunning: { channel in
                listening.store(true, ordering: .relaxed)
                bound.continuation.yield(.success(channel.localAddress?.port ?? 0))
            },
            logger: logger)
        let logger = logger
        // A service group of our own, so that stopping is a graceful shutdown rather than a
        // cancellation (which the server reports as an error).
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [application], logger: logger))
        let task = Task {
            do {
                try await group.run()
            } catch {
                bound.continuation.yield(.failure(error))
                // A failure to listen is thrown by `start`; only a later one needs a log line.
                if listening.load(ordering: .relaxed) { logger.error("HTTP server stopped: \(error)") }
            }
            bound.continuation.finish()
        }
        var iterator = bound.stream.makeAsyncIterator()
        switch await iterator.next() {
        case .success(let port)?:
            return Running(address: HTTPAddress(host: address.host, port: port), group: group, task: task)
        case .failure(let error)?:
            throw StartError(address: address, reason: "\(error)")
        case nil:
            throw StartError(address: address, reason: "the server stopped before it listened")
        }
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: BearerTokenMiddleware(token: token))
        let monitor = monitor
        router.get("/") { _, _ in
            Self.response(DashboardPage.html, contentType: "text/html; charset=utf-8")
        }
        let logger = logger
        router.get("/api/status") { _, _ in
            do {
                let status = try await monitor.status()
                return Self.response(String(decoding: try StatusJSON.bytes(status), as: UTF8.self), contentType: "application/json")
            } catch {
                return Self.unavailable(error, logger: logger)
            }
        }
        router.get("/metrics") { _, _ in
            do {
                _ = try await monitor.status()
            } catch {
                return Self.unavailable(error, logger: logger)
            }
            return Self.response(monitor.metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/healthz") { _, _ in
            Self.response("ok\n", contentType: "text/plain; charset=utf-8")
        }
        return router
    }

    /// A status that could not be made (the journal could not be read): 503 with the reason,
    /// and the server serves on; the next request tries again.
    static func unavailable(_ error: any Error, logger: Logger) -> Response {
        logger.warning("status not available: \(error)")
        return Response(
            status: .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "status not available: \(error)\n")))
    }

    static func response(_ text: String, contentType: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: contentType, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Refuses requests without the token (all but `/healthz`), in constant time.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token, request.uri.path != "/healthz" else { return try await next(request, context) }
        let header = request.headers[.authorization] ?? ""
        let presented = header.hasPrefix("Bearer ") ? String(header.dropFirst(7)) : request.uri.queryParameters.get("token") ?? ""
        guard SharedSecret.matches(presented, token) else {
            return Response(
                status: .unauthorized,
                headers: [.wwwAuthenticate: "Bearer realm=\"medsweep\"", .contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "a bearer token is required (Authorization: Bearer TOKEN)\n")))
        }
        return try await next(request, context)
    }
}
