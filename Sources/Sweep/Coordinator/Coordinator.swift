import Benchmark
import Foundation
import Logging

/// The sweep's single source of decisions: answers workers' requests, writes every decision
/// to the journal before the reply that announces it, and expires silent leases.
///
/// An actor on a thread of its own (`OwnThreadExecutor`): requests from many nng contexts are
/// handled one at a time, each without a suspension point, so no two requests ever interleave;
/// and the synced journal writes happen there too, never on Swift's shared cooperative pool.
public actor Coordinator {
    public nonisolated let plan: Plan
    public nonisolated let journal: Journal
    public nonisolated let settings: CoordinatorSettings
    /// Builds the status from the journal and this coordinator's live view (`status()`).
    public nonisolated let watcher: JournalWatcher
    let logger: Logger
    private nonisolated let executor = OwnThreadExecutor(name: "medsweep-coordinator")
    var scheduler: Scheduler
    var replies: ReplyCache
    /// Who may lease: workers that said hello, new ids at a bounded rate.
    var admission: WorkerAdmission
    /// Rendered questions of leased units (rendering is the costly part of a `unit` reply).
    var questionCache: [String: [UnitQuestion]] = [:]
    /// When each worker was last heard from, what it has loaded, how fast it goes.
    var workers: [String: WorkerPresence] = [:]
    /// A `sweep-finished` event was journaled (once per coordinator run).
    var announcedFinish = false
    /// Set by `stopLeasing()`: lease requests are told to wait, so the units out are the last.
    var isStopping = false
    var rejectedMessages = 0
    /// Lease requests from ids that had not said hello, since the last log line about them
    /// (one line a second, however many: a flood of them is logged, not echoed).
    var unknownLeases = 0
    var unknownLeasesReportedAt = -Double.infinity
    let questionsTotal: Int
    private let start = ContinuousClock.now

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Opens the sweep on `journal`: records it the first time, resumes it after a restart
    /// (done units stay done; leases that were active get a full lease duration from now).
    public init(plan: Plan, journal: Journal, settings: CoordinatorSettings, logger: Logger) throws {
        self.plan = plan
        self.journal = journal
        self.settings = settings
        self.logger = logger
        self.watcher = JournalWatcher(journal: journal)
        let snapshot = try journal.prepare(
            sweepName: plan.sweep.name, tasks: plan.tasks, source: plan.sweep.source, models: plan.models, units: plan.units,
            now: Date().timeIntervalSince1970)
        self.scheduler = Scheduler(
            units: snapshot.units, activeLeases: snapshot.activeLeases,
            settings: Scheduler.Settings(leaseSeconds: plan.sweep.leaseSeconds, maxAttempts: plan.sweep.maxAttempts),
            now: 0, wallNow: Date().timeIntervalSince1970)
        self.replies = ReplyCache(capacity: settings.replyCacheSize, maxBytes: settings.replyCacheBytes)
        self.admission = WorkerAdmission(settings: settings.newWorkers, now: 0)
        self.questionsTotal = plan.questionCount
        let (done, failed) = (scheduler.doneCount, scheduler.failedCount)
        logger.info(
            "sweep \(plan.sweep.name): \(plan.units.count) units, \(done) done, \(failed) failed, \(snapshot.activeLeases.count) leases resumed",
            metadata: ["journal": "\(journal.path)"])
    }

    /// Monotonic seconds since this coordinator started.
    var now: Double {
        (ContinuousClock.now - start).inSeconds
    }

    var wallNow: Double { Date().timeIntervalSince1970 }

    public var isFinished: Bool { scheduler.isFinished }

    /// Leases no more units (requests are told to wait); the units out may still deliver.
    /// Returns how many units are out.
    @discardableResult
    public func stopLeasing() -> Int {
        if !isStopping { logger.notice("stopping: no new leases; \(scheduler.leases.count) leases out") }
        isStopping = true
        return unitsOut
    }

    /// Units leased and not yet delivered.
    public var unitsOut: Int { Set(scheduler.leases.values.map(\.unitID)).count }

    /// Records in the journal that this coordinator stops serving, with what is done and left.
    public func recordStop(interrupted: Bool) {
        let left = plan.units.count - scheduler.doneCount - scheduler.failedCount
        let detail = (interrupted ? "interrupted" : "stopped") + ": \(scheduler.doneCount) units done, \(scheduler.failedCount) failed, \(left) left"
        do {
            try journal.recordCoordinatorStop(detail: detail, now: wallNow)
        } catch {
            logger.error("cannot record the stop in the journal: \(error)")
        }
    }


    /// Whether the caller runs on the coordinator's own thread (tests check the writes do).
    nonisolated var isOnItsThread: Bool { executor.isCurrent }

    /// Answers one request. Never throws and never trusts the bytes: anything it cannot accept
    /// gets an `error` reply and a log line.
    public func handle(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count <= settings.maxMessageBytes else {
            return reject(.tooLarge, "message of \(bytes.count) bytes is over the limit of \(settings.maxMessageBytes)", request: nil)
        }
        let header: Envelope.Header
        do {
            header = try Envelope.header(bytes)
        } catch {
            return reject(.malformed, "not a medsweep envelope (\(bytes.count) bytes): \(Self.describe(error))", request: nil)
        }
        if let request = header.request, let problem = PrintableText.problem(in: request, limit: WireLimits.requestID) {
            return reject(.malformed, "field request \(problem)", request: nil)
        }
        guard header.v == Envelope.version else {
            return reject(.unsupportedVersion, "protocol version \(header.v); this coordinator speaks \(Envelope.version)",
                          request: header.request)
        }
        if let token = settings.token, !SharedSecret.matches(header.token ?? "", token) {
            return reject(.unauthorized, "wrong or missing token", request: header.request)
        }
        guard let kind = WireKind(rawValue: header.kind), [.hello, .lease, .heartbeat, .result].contains(kind) else {
            return reject(
                .unknownKind, "\"\(PrintableText.escaped(header.kind, limit: 40))\" is not a request (hello, lease, heartbeat, result)",
                request: header.request)
        }
        if let request = header.request, let cached = replies[request] {
            logger.debug("re-sent request \(request) answered from the reply cache")
            return cached
        }
        let answer: [UInt8]
        do {
            switch kind {
            case .hello: answer = try hello(checked(HelloBody.self, from: bytes), request: header.request)
            case .lease: answer = try lease(checked(LeaseBody.self, from: bytes), request: header.request)
            case .heartbeat: answer = heartbeat(try checked(HeartbeatBody.self, from: bytes), request: header.request)
            case .result: answer = try result(checked(ResultBody.self, from: bytes), request: header.request)
            default: answer = reject(.unknownKind, "\(kind) is not a request", request: header.request)
            }
        } catch let error as DecodingError {
            return reject(.malformed, "\(kind) body: \(Self.describe(error))", request: header.request)
        } catch let violation as WireLimits.Violation {
            return reject(.malformed, "\(kind) body: \(violation.description)", request: header.request)
        } catch let rejection as Rejection {
            return reject(rejection.code, rejection.message, request: header.request)
        } catch let busy as Busy {
            return reply(.error, ErrorBody(code: .unavailable, message: busy.message), request: header.request, cache: false)
        } catch {
            // The journal could not record the decision: nothing was promised, the worker retries.
            logger.error("journal write failed: \(error)")
            return reply(.error, ErrorBody(code: .unavailable, message: "journal: \(error)"), request: header.request, cache: false)
        }
        return answer
    }

    /// A body decoded and checked against `WireLimits`.
    private func checked<Body: Codable & BoundedRequest>(_ type: Body.Type, from bytes: [UInt8]) throws -> Body {
        let body = try Envelope.body(type, from: bytes)
        try body.checkBounds()
        return body
    }

    /// A request refused for a reason the worker caused.
    struct Rejection: Error {
        var code: ErrorBody.Code
        var message: String
    }

    /// A request the coordinator cannot take now (too many new workers at once): the worker
    /// retries, as it does when the journal cannot write.
    struct Busy: Error {
        var message: String
    }

    func reject(_ code: ErrorBody.Code, _ message: String, request: String?) -> [UInt8] {
        rejectedMessages += 1
        logger.warning("rejected a request: \(code.rawValue): \(message)")
        return reply(.error, ErrorBody(code: code, message: message), request: request, cache: false)
    }

    func reply<Body: Codable>(_ kind: WireKind, _ body: Body, request: String?, cache: Bool = true) -> [UInt8] {
        let bytes = Envelope.encode(kind, request: request, body: body)
        if cache, let request { replies.store(bytes, for: request) }
        return bytes
    }

    /// Runs a journal write, telling the settings' observer how long it took.
    func timed<T>(_ write: () throws -> T) rethrows -> T {
        guard let observer = settings.journalWriteObserver else { return try write() }
        let start = ContinuousClock.now
        defer { observer(ContinuousClock.now - start) }
        return try write()
    }

    /// What is wrong with a message, naming the field by its whole path (`results.3.seconds`).
    static func describe(_ error: Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            PrintableText.escaped(keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "."), limit: 200)
        }
        return switch error {
        case DecodingError.keyNotFound(let key, let context): "field \(path(context.codingPath + [key])) is missing"
        case DecodingError.typeMismatch(let type, let context):
            "field \(path(context.codingPath)) has the wrong type (expected \(type))"
        case DecodingError.valueNotFound(let type, let context):
            "field \(path(context.codingPath)) is null (expected \(type))"
        case DecodingError.dataCorrupted(let context):
            context.codingPath.isEmpty ? "not JSON" : "field \(path(context.codingPath)) is invalid"
        default: "\(error)"
        }
    }
}
