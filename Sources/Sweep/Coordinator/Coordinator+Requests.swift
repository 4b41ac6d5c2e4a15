import Benchmark
import Foundation
import Logging

/// The four requests. Each writes what it decides to the journal before replying.
extension Coordinator {
    func hello(_ body: HelloBody, request: String?) throws -> [UInt8] {
        let now = now
        guard admission.admit(body.worker, now: now) else {
            if let refused = admission.refusalsToReport(now: now) {
                logger.warning(
                    "refused \(refused) hello\(refused == 1 ? "" : "s") from new worker ids: more than \(settings.newWorkers.burst) at once, then \(settings.newWorkers.perSecond) a second, are let in; they retry")
            }
            throw Busy(message: "too many new workers at once; say hello again in a second")
        }
        // A hello again within a second (a worker re-sending, or one spamming) is welcomed
        // without another synced write.
        let journaledAt = workers[body.worker]?.helloJournaledAt
        let journalIt = journaledAt.map { now - $0 >= 1 } ?? true
        if journalIt {
            try timed { try journal.recordWorker(
                id: body.worker, host: body.host, pid: body.pid, cores: body.cores, engineVersion: body.backend.map { "\(body.engineVersion), \($0)" } ?? body.engineVersion, now: wallNow) }
        }
        heard(from: body.worker, loadedModel: body.loadedModel)
        workers[body.worker]?.backend = body.backend
        workers[body.worker]?.helloJournaledAt = journalIt ? now : journaledAt
        logger.info("worker \(body.worker) (\(body.host) pid \(body.pid), \(body.cores) cores\(body.backend.map { ", \($0)" } ?? "")) said hello")
        return reply(.welcome, WelcomeBody(
            coordinator: settings.instanceID, sweep: plan.sweep.name, heartbeatSeconds: plan.sweep.heartbeatSeconds,
            leaseSeconds: plan.sweep.leaseSeconds), request: request)
    }

    func lease(_ body: LeaseBody, request: String?) throws -> [UInt8] {
        guard admission.isKnown(body.worker) else {
            let now = now
            unknownLeases += 1
            if now - unknownLeasesReportedAt >= 1 {
                logger.warning("refused \(unknownLeases) lease request\(unknownLeases == 1 ? "" : "s") from worker ids that had not said hello (the latest: \(body.worker))")
                unknownLeases = 0
                unknownLeasesReportedAt = now
            }
            rejectedMessages += 1
            return reply(
                .error, ErrorBody(code: .unknownWorker, message: "worker \(body.worker) has not said hello to this coordinator: say hello first"),
                request: request, cache: false)
        }
        let now = now
        heard(from: body.worker, loadedModel: body.loadedModel)
        if isStopping {
            return reply(.wait, WaitBody(seconds: min(1, plan.sweep.heartbeatSeconds)), request: request, cache: false)
        }
        switch scheduler.choose(for: body.worker, loaded: body.loadedModel, now: now) {
        case .finished:
            workers[body.worker]?.toldFinished = true
            return reply(
                .finished, FinishedBody(unitsDone: scheduler.doneCount, unitsFailed: scheduler.failedCount), request: request)
        case .wait:
            return reply(.wait, WaitBody(seconds: min(1, plan.sweep.heartbeatSeconds)), request: request)
        case .held(let lease):
            // The worker asks again for what it holds: its earlier reply was lost.
            return try unitReply(for: lease, request: request)
        case .lease(let unitID, let speculative):
            let leaseSeconds = plan.sweep.leaseSeconds
            let id = try timed { try journal.grantLease(
                unitID: unitID, workerID: body.worker, speculative: speculative, now: wallNow, deadline: wallNow + leaseSeconds) }
            let lease = Scheduler.Lease(
                id: id, unitID: unitID, workerID: body.worker, speculative: speculative, grantedAt: now, deadline: now + leaseSeconds)
            scheduler.grant(lease)
            let label = scheduler.entry(unitID)?.unit.label ?? unitID
            logger.info("lease \(id): \(label) to \(body.worker)\(speculative ? " (speculative copy of a straggler)" : "")")
            return try unitReply(for: lease, request: request)
        }
    }

    private func unitReply(for lease: Scheduler.Lease, request: String?) throws -> [UInt8] {
        guard let unit = scheduler.entry(lease.unitID)?.unit, let model = plan.model(named: unit.model),
            let digest = plan.modelDigests[unit.model]
        else { throw Rejection(code: .unknownUnit, message: "unit \(lease.unitID) is not in this sweep") }
        return reply(.unit, UnitBody(
            lease: lease.id, speculative: lease.speculative, unit: unit,
            model: ModelReference(name: model.name, path: model.path, sha256: digest),
            questions: try questions(for: unit), threads: plan.sweep.threads), request: request)
    }

    func questions(for unit: WorkUnit) throws -> [UnitQuestion] {
        if let cached = questionCache[unit.id] { return cached }
        let questions = try plan.questions(for: unit)
        questionCache[unit.id] = questions
        return questions
    }

    func heartbeat(_ body: HeartbeatBody, request: String?) -> [UInt8] {
        let now = now
        heard(from: body.worker)
        if scheduler.renew(leaseID: body.lease, workerID: body.worker, questionsDone: body.questionsDone, now: now) {
            // A heartbeat before the unit's first question has no rates: keep the last unit's.
            noteRates(of: body.worker, questionsPerSecond: body.questionsPerSecond, tokensPerSecond: body.tokensPerSecond)
            if let threads = body.threads, (1 ... 4096).contains(threads) { workers[body.worker]?.threads = threads }
            return reply(.ok, OkBody(leaseSeconds: plan.sweep.leaseSeconds), request: request)
        }
        let reason = switch scheduler.entry(body.unit)?.state {
        case .done?: "unit \(body.unit) is done (another lease completed it)"
        case nil: "unit \(body.unit) is not in this sweep"
        default: "lease \(body.lease) is no longer active (expired, or not \(body.worker)'s)"
        }
        // A stranger's heartbeats (never said hello, holds nothing) are not worth a line each.
        let level: Logger.Level = admission.isKnown(body.worker) ? .notice : .debug
        logger.log(level: level, "heartbeat from \(body.worker) on lease \(body.lease): cancel: \(reason)")
        return reply(.cancel, CancelBody(reason: reason), request: request)
    }

    func result(_ body: ResultBody, request: String?) throws -> [UInt8] {
        let now = now
        heard(from: body.worker)
        guard let entry = scheduler.entry(body.unit) else {
            throw Rejection(code: .unknownUnit, message: "result for unit \(body.unit), which is not in this sweep")
        }
        // The holder is alive and delivering: its lease lasts while it tries, so a journal that
        // cannot write for a while (a full disk) does not expire a unit that is finished.
        let holds = scheduler.lease(body.lease).map { $0.workerID == body.worker && $0.unitID == body.unit } ?? false
        if holds { _ = scheduler.renew(leaseID: body.lease, workerID: body.worker, questionsDone: 0, now: now) }
        switch body.outcome {
        case .scored:
            guard let results = body.results else {
                throw Rejection(code: .invalidResult, message: "scored result for unit \(body.unit) has no results")
            }
            // A result from a worker that holds no lease here and never said hello is stale
            // without a look at the journal: forged results cost no synced write, and no
            // rendering of prompts.
            guard holds || admission.isKnown(body.worker) else {
                logger.debug("result for \(entry.unit.label) from \(body.worker), a stranger holding no lease: stale")
                return reply(.ack, AckBody(outcome: .stale), request: request)
            }
            // Only the holder's result on a unit not yet done can be committed: only then are the
            // unit's questions rendered and the results checked against them. Any other result
            // is `duplicate` or `stale`, which stores nothing.
            let committable = holds && entry.state != .done
            let questions = committable ? try questions(for: entry.unit) : []
            guard !committable || results.count == questions.count else {
                throw Rejection(
                    code: .invalidResult, message: "unit \(body.unit): \(results.count) results for \(questions.count) questions")
            }
            for (result, question) in zip(results, questions) {
                if let mismatch = result.mismatch(with: question) {
                    throw Rejection(code: .invalidResult, message: "unit \(body.unit): \(PrintableText.escaped(mismatch, limit: 300))")
                }
            }
            let outcome = try timed { try journal.commitResults(
                leaseID: body.lease, unitID: body.unit, workerID: body.worker, results: results, questions: questions, now: wallNow) }
            switch outcome {
            case .committed:
                scheduler.complete(unitID: body.unit, leaseID: body.lease, now: now)
                questionCache[body.unit] = nil
                noteRates(of: body.worker, from: results)
                announceFinishIfDone()
                logger.info("done: \(entry.unit.label) by \(body.worker) (lease \(body.lease))")
            case .duplicate:
                // The journal is the truth: should memory still hold the unit as open, close it.
                scheduler.complete(unitID: body.unit, leaseID: body.lease, now: now)
                questionCache[body.unit] = nil
                announceFinishIfDone()
                logger.notice("duplicate result for \(entry.unit.label) from \(body.worker) (lease \(body.lease)): ignored")
            case .stale:
                // Memory should agree with the journal that the lease is over; but a lease id
                // naming another unit's lease, or another worker's (a confused or forging
                // worker), must leave that lease alone.
                if holds { scheduler.forget(leaseID: body.lease) }
                logger.notice("stale result for \(entry.unit.label) from \(body.worker) (lease \(body.lease) had ended, or is not its own): ignored")
            }
            return reply(.ack, AckBody(outcome: outcome), request: request)
        case .failed, .returned:
            let ending: LeaseOutcome = body.outcome == .failed ? .failed : .returned
            let error = WireLimits.cut(body.error ?? "returned by \(body.worker)", limit: WireLimits.errorText)
            guard holds, let change = scheduler.ending(ofLease: body.lease, as: ending, reason: error) else {
                return reply(.ack, AckBody(outcome: .stale), request: request)
            }
            try timed {
                try journal.endLease(
                    id: body.lease, outcome: ending, now: wallNow, unitID: body.unit, unitState: change.state,
                    attempts: change.attempts, lastError: change.lastError)
            }
            scheduler.apply(change, toLease: body.lease)
            if change.state == .failed { questionCache[body.unit] = nil }
            announceFinishIfDone()
            if ending == .failed {
                logger.warning("\(entry.unit.label) failed on \(body.worker): \(PrintableText.escaped(error)); unit \(change.state.displayName) (attempt \(change.attempts) of \(plan.sweep.maxAttempts))")
            } else {
                logger.info("\(entry.unit.label) returned unscored by \(body.worker); queued again")
            }
            return reply(.ack, AckBody(outcome: .committed), request: request)
        }
    }

    /// Ends every lease past its deadline: `expired` (an attempt) when its holder was heard
    /// from on it, `abandoned` (none) when it never was, whose holder must then say hello
    /// again; the unit is queued again, or failed after `max_attempts`. Also notes workers gone
    /// silent and forgets long-lost ones. Called about once a second.
    public func expireLeases() {
        noteSilentWorkers()
        for lease in scheduler.expired(now: now) {
            let outcome = lease.expiry
            let reason = outcome == .expired
                ? "lease \(lease.id) held by \(lease.workerID) expired without a heartbeat"
                : "lease \(lease.id) held by \(lease.workerID) was abandoned: its holder was never heard from after the grant"
            guard let change = scheduler.ending(ofLease: lease.id, as: outcome, reason: reason) else { continue }
            do {
                try timed {
                    try journal.endLease(
                        id: lease.id, outcome: outcome, now: wallNow, unitID: lease.unitID, unitState: change.state,
                        attempts: change.attempts, lastError: change.lastError)
                }
            } catch {
                logger.error("journal write failed while ending lease \(lease.id): \(error)")
                return
            }
            scheduler.apply(change, toLease: lease.id)
            if outcome == .abandoned { admission.forget(lease.workerID) }
            if change.state == .failed { questionCache[lease.unitID] = nil }
            let label = scheduler.entry(lease.unitID)?.unit.label ?? lease.unitID
            logger.warning("\(reason): \(label) \(change.state == .failed ? "failed after \(change.attempts) attempts" : "is \(change.state.displayName) again")")
        }
        forgetLongLostWorkers()
    }
}
