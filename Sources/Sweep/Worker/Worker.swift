import Foundation
import Logging
import Synchronization

/// A worker's loop: hello, then lease a unit, score it while heartbeats keep the lease, send
/// the results, and again, until the coordinator says the sweep is finished.
///
/// The coordinator may vanish at any moment (killed, restarted): requests then wait, nng
/// reconnects with backoff, and the results of the unit in hand are delivered when a
/// coordinator answers again. On SIGTERM the worker finishes its unit and exits; on a second,
/// it hands the unit back unscored and exits.
public final class Worker: Sendable {
    let client: CoordinatorClient
    let identity: WorkerIdentity
    let scoring: any UnitScoring
    /// Threads per unit when the sweep leaves it to the worker (0 in the sweep file).
    let threads: Int
    /// Set by `--threads`: wins over the sweep's.
    let threadsOverride: Int?
    let engineVersion: String
    /// The backend and its device ("vulkan, NVIDIA H200 (…)"), said in hello.
    let backend: String?
    let stop: StopRequest
    let logger: Logger
    /// Set when the backend failed: the unit was handed back, and the worker stops.
    private let backendFailure = Mutex<UnitScoringError?>(nil)

    public init(
        client: CoordinatorClient, identity: WorkerIdentity, scoring: any UnitScoring, threads: Int, threadsOverride: Int?,
        engineVersion: String, backend: String? = nil, stop: StopRequest, logger: Logger
    ) {
        self.backend = backend
        self.client = client
        self.identity = identity
        self.scoring = scoring
        self.threads = threads
        self.threadsOverride = threadsOverride
        self.engineVersion = engineVersion
        self.stop = stop
        self.logger = logger
    }

    /// Says hello; nil when stopped before the coordinator answered.
    private func sayHello() async throws -> WelcomeBody? {
        let stop = stop
        do {
            return try await client.call(.hello, HelloBody(
                worker: identity.id, host: identity.host, pid: identity.pid, cores: identity.cores,
                engineVersion: engineVersion, loadedModel: scoring.loadedModel, backend: backend), giveUp: { stop.isRequested })
                .body(WelcomeBody.self)
        } catch is CancellationError {
            return nil
        }
    }

    /// Returns when the coordinator says the sweep is finished, or when stopped by a signal.
    public func run() async throws {
        let stop = stop
        guard var welcome = try await sayHello() else { return }
        logger.info("worker \(identity.id) joined sweep \(welcome.sweep) at \(client.url)")
        var unitsDone = 0
        while true {
            if stop.isRequested {
                logger.info("stopping between units (\(unitsDone) units scored)")
                return
            }
            let reply: CoordinatorClient.Reply
            do {
                reply = try await client.call(
                    .lease, LeaseBody(worker: identity.id, loadedModel: scoring.loadedModel), giveUp: { stop.isRequested })
            } catch is CancellationError {
                continue
            } catch let refused as CoordinatorClient.Refused where refused.code == .unknownWorker {
                // A coordinator restarted since our hello, or gave our lease up as abandoned.
                logger.notice("the coordinator asks this worker to say hello again (\(refused.message))")
                guard let again = try await sayHello() else { return }
                welcome = again
                continue
            }
            switch reply.kind {
            case .finished:
                let body = try reply.body(FinishedBody.self)
                logger.info("sweep finished (\(body.unitsDone) units done, \(body.unitsFailed) failed); \(unitsDone) scored here")
                return
            case .wait:
                let seconds = try reply.body(WaitBody.self).seconds
                try await pause(seconds: seconds)
            case .unit:
                let unit = try reply.body(UnitBody.self)
                if try await work(on: unit, heartbeatSeconds: welcome.heartbeatSeconds) { unitsDone += 1 }
                if let failure = backendFailure.withLock({ $0 }) { throw failure }
            default:
                logger.error("unexpected reply \(reply.kind.rawValue) to a lease request")
                try await pause(seconds: 1)
            }
        }
    }

    /// Sleeps, waking early for a stop request.
    private func pause(seconds: Double) async throws {
        let until = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < until && !stop.isRequested {
            try await Task.sleep(for: min(.milliseconds(100), until - .now))
        }
    }

    /// Scores one unit under heartbeats and delivers the outcome. True when results were sent.
    private func work(on unit: UnitBody, heartbeatSeconds: Double) async throws -> Bool {
        let threads = threadsOverride ?? (unit.threads > 0 ? unit.threads : threads)
        logger.info("lease \(unit.lease): \(unit.unit.label), \(unit.questions.count) questions\(unit.speculative ? " (speculative)" : "")")
        let progress = Mutex(UnitProgress(questionsDone: 0, promptTokens: 0))
        let started = ContinuousClock.now
        let cancelled = Mutex<String?>(nil)
        // A heartbeat every heartbeatSeconds keeps the lease; progress is also sent as it
        // moves, at most once a `progressInterval`, so a unit shorter than a heartbeat period
        // does not show 0 of N questions until it is done.
        let heartbeats = Task { [client, identity, logger] in
            var lastSent = ContinuousClock.now
            var sentDone = 0
            let period = Duration.milliseconds(Int(heartbeatSeconds * 1000))
            while !Task.isCancelled {
                try? await Task.sleep(for: min(period, Self.progressInterval))
                if Task.isCancelled { return }
                let now = progress.withLock { $0 }
                let sinceLast = ContinuousClock.now - lastSent
                guard sinceLast >= period || (now.questionsDone != sentDone && sinceLast >= Self.progressInterval) else { continue }
                lastSent = .now
                sentDone = now.questionsDone
                let rates = Self.rates(of: now, since: started)
                do {
                    let reply = try await client.call(.heartbeat, HeartbeatBody(
                        worker: identity.id, lease: unit.lease, unit: unit.unit.id, questionsDone: now.questionsDone,
                        questionsPerSecond: rates?.questions, tokensPerSecond: rates?.tokens, threads: threads), giveUp: { Task.isCancelled })
                    if reply.kind == .cancel {
                        let reason = (try? reply.body(CancelBody.self).reason) ?? "no reason given"
                        cancelled.withLock { $0 = reason }
                        logger.notice("lease \(unit.lease) cancelled: \(reason)")
                        return
                    }
                } catch {
                    if !Task.isCancelled { logger.warning("heartbeat failed: \(error)") }
                }
            }
        }
        let stop = stop
        let scoring = scoring
        let outcome: Result<[QuestionResult]?, Error> = await onOwnThread {
            Result {
                try scoring.score(
                    unit, threads: threads, progress: { update in progress.withLock { $0 = update } },
                    shouldStop: { stop.isUrgent || cancelled.withLock { $0 != nil } })
            }
        }
        heartbeats.cancel()
        if cancelled.withLock({ $0 != nil }) { return false }
        let body: ResultBody
        switch outcome {
        case .success(let results?):
            if let problem = Self.nonFinite(results, of: unit) {
                // What the wire cannot carry is the unit's error, not the worker's end.
                logger.error("\(problem)")
                body = ResultBody(
                    worker: identity.id, lease: unit.lease, unit: unit.unit.id, outcome: .failed,
                    error: WireLimits.cut(problem, limit: WireLimits.errorText))
            } else {
                body = ResultBody(worker: identity.id, lease: unit.lease, unit: unit.unit.id, outcome: .scored, results: results)
            }
        case .success(nil):
            logger.notice("handing lease \(unit.lease) back unscored (stop requested)")
            body = ResultBody(worker: identity.id, lease: unit.lease, unit: unit.unit.id, outcome: .returned)
        case .failure(let error as UnitScoringError) where error.isBackendFailure:
            // Not the unit's fault: handed back for another worker; this one stops after.
            logger.error("\(error); handing lease \(unit.lease) back and stopping")
            backendFailure.withLock { $0 = error }
            body = ResultBody(worker: identity.id, lease: unit.lease, unit: unit.unit.id, outcome: .returned)
        case .failure(let error):
            logger.error("\(unit.unit.label) cannot be scored: \(error)")
            body = ResultBody(
                worker: identity.id, lease: unit.lease, unit: unit.unit.id, outcome: .failed,
                error: WireLimits.cut("\(error)", limit: WireLimits.errorText))
        }
        // A result waits for the coordinator however long it is away: it is the unit's work.
        // Only an urgent stop gives up on it (the lease then expires and the unit is re-run),
        // and only once one attempt has gone unanswered: `run` interrupted keeps serving until
        // its workers have left, and scored work delivered is work not redone.
        do {
            let reply = try await client.call(
                .result, body, tryingOnceFirst: true, giveUp: { stop.isUrgent && body.outcome == .scored })
            if reply.kind == .ack, let ack = try? reply.body(AckBody.self), ack.outcome != .committed {
                logger.notice("lease \(unit.lease): coordinator says \(ack.outcome.rawValue); result ignored")
            } else if case .success(let results?) = outcome {
                logger.info("\(Self.summary(of: unit, results: results, progress: progress.withLock { $0 }, since: started))")
            }
        } catch is CancellationError {
            logger.warning("lease \(unit.lease): results not delivered (stopped)")
            return false
        } catch let refused as CoordinatorClient.Refused {
            logger.error("lease \(unit.lease): \(refused)")
            return false
        }
        return body.outcome == .scored
    }

    /// The shortest time between two heartbeats sent because progress moved.
    static let progressInterval = Duration.seconds(1)

    /// Why `results` cannot be sent (a number JSON cannot hold), naming the model, the unit and
    /// the question; nil when they can.
    static func nonFinite(_ results: [QuestionResult], of unit: UnitBody) -> String? {
        for result in results {
            let numbers = [result.topTokenProbability, result.seconds] + result.letterProbabilities
            if let bad = numbers.first(where: { !$0.isFinite }) {
                return "model \(unit.model.name) (\(unit.model.path)): \(unit.unit.label): question \(result.questionID): "
                    + "a score is \(bad), not a finite number"
            }
        }
        return nil
    }

    /// Questions and prompt tokens per second of scoring; nil before the first question.
    static func rates(of progress: UnitProgress, since start: ContinuousClock.Instant) -> (questions: Double, tokens: Double)? {
        let seconds = (ContinuousClock.now - start).inSeconds
        guard progress.questionsDone > 0, seconds > 0 else { return nil }
        return (Double(progress.questionsDone) / seconds, Double(progress.promptTokens) / seconds)
    }

    /// The unit's one log line: "done: M medqa_4opts fr set 1 shard 0 (…): 50 questions in
    /// 2.1 s, 23.8 q/s, 4120 tok/s, accuracy 62.0%".
    static func summary(
        of unit: UnitBody, results: [QuestionResult], progress: UnitProgress, since start: ContinuousClock.Instant
    ) -> String {
        let seconds = (ContinuousClock.now - start).inSeconds
        let correct = zip(results, unit.questions).filter { $0.topLetter == $1.gold }.count
        let rates = rates(of: progress, since: start)
        return "done: \(unit.unit.label): \(results.count) questions in \(String(format: "%.1f", seconds)) s"
            + (rates.map { String(format: ", %.1f q/s, %.0f tok/s", $0.questions, $0.tokens) } ?? "")
            + String(format: ", accuracy %.1f%%", results.isEmpty ? 0 : 100 * Double(correct) / Double(results.count))
    }
}
