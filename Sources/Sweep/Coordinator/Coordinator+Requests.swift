import Benchmark
import Foundation

/// The four requests. Each writes what it decides to the journal before replying.
extension Coordinator {
    func hello(_ body: HelloBody, request: String?) throws -> [UInt8] {
        try timed { try journal.recordWorker(
            id: body.worker, host: body.host, pid: body.pid, cores: body.cores, engineVersion: body.engineVersion, now: wallNow) }
        heard(from: body.worker, loadedModel: body.loadedModel)
        logger.info("worker \(body.worker) (\(body.host) pid \(body.pid), \(body.cores) cores) said hello")
        return reply(.welcome, WelcomeBody(
            coordinator: settings.instanceID, sweep: plan.sweep.name, heartbeatSeconds: plan.sweep.heartbeatSeconds,
            leaseSeconds: plan.sweep.leaseSeconds), request: request)
    }

    func lease(_ body: LeaseBody, request: String?) throws -> [UInt8] {
        let now = now
        heard(from: body.worker, loadedModel: body.loadedModel)
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
        // A heartbeat before the unit's first question has no rates: keep the last unit's.
        if let rate = body.questionsPerSecond { workers[body.worker]?.questionsPerSecond = rate }
        if let rate = body.tokensPerSecond { workers[body.worker]?.tokensPerSecond = rate }
        if scheduler.renew(leaseID: body.lease, workerID: body.worker, questionsDone: body.questionsDone, now: now) {
            return reply(.ok, OkBody(leaseSeconds: plan.sweep.leaseSeconds), request: request)
        }
        let reason = switch scheduler.entry(body.unit)?.state {
        case .done?: "unit \(body.unit) is done (another lease completed it)"
        case nil: "unit \(body.unit) is not in this sweep"
        default: "lease \(body.lease) is no longer active (expired)"
        }
        logger.notice("heartbeat from \(body.worker) on lease \(body.lease): cancel: \(reason)")
        return reply(.cancel, CancelBody(reason: reason), request: request)
    }

    func result(_ body: ResultBody, request: String?) throws -> [UInt8] {
        heard(from: body.worker)
        guard let entry = scheduler.entry(body.unit) else {
            throw Rejection(code: .unknownUnit, message: "result for unit \(body.unit), which is not in this sweep")
        }
        switch body.outcome {
        case .scored:
            guard let results = body.results else {
                throw Rejection(code: .invalidResult, message: "scored result for unit \(body.unit) has no results")
            }
            // A unit already done can only be answered `duplicate` or `stale`, which store
            // nothing: its questions need not be rendered again, nor the results checked.
            let questions = entry.state == .done ? [] : try questions(for: entry.unit)
            guard entry.state == .done || results.count == questions.count else {
                throw Rejection(
                    code: .invalidResult, message: "unit \(body.unit): \(results.count) results for \(questions.count) questions")
            }
            for (result, question) in zip(results, questions) {
                if let mismatch = result.mismatch(with: question) {
                    throw Rejection(code: .invalidResult, message: "unit \(body.unit): \(mismatch)")
                }
            }
            let outcome = try timed { try journal.commitResults(
                leaseID: body.lease, unitID: body.unit, results: results, questions: questions, now: wallNow) }
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
                // naming another unit's lease (a confused worker) must leave that lease alone.
                if scheduler.lease(body.lease)?.unitID == body.unit { scheduler.forget(leaseID: body.lease) }
                logger.notice("late result for \(entry.unit.label) from \(body.worker) (lease \(body.lease) had ended): ignored")
            }
            return reply(.ack, AckBody(outcome: outcome), request: request)
        case .failed, .returned:
            let ending: LeaseEnding = body.outcome == .failed ? .failed : .returned
            guard let lease = scheduler.lease(body.lease), lease.unitID == body.unit, lease.workerID == body.worker,
                let change = scheduler.ending(ofLease: body.lease, as: ending, reason: body.error ?? "returned by \(body.worker)")
            else {
                return reply(.ack, AckBody(outcome: .stale), request: request)
            }
            try timed {
                try journal.endLease(
                    id: body.lease, ending: ending, now: wallNow, unitID: body.unit, unitState: change.state,
                    attempts: change.attempts, lastError: change.lastError)
            }
            scheduler.apply(change, toLease: body.lease)
            if change.state == .failed { questionCache[body.unit] = nil }
            announceFinishIfDone()
            if ending == .failed {
                logger.warning("\(entry.unit.label) failed on \(body.worker): \(body.error ?? "no reason given"); unit \(change.state.rawValue) (attempt \(change.attempts) of \(plan.sweep.maxAttempts))")
            } else {
                logger.info("\(entry.unit.label) returned unscored by \(body.worker); queued again")
            }
            return reply(.ack, AckBody(outcome: .committed), request: request)
        }
    }

    /// Ends every lease past its deadline: its unit is queued again, or failed after
    /// `max_attempts`; and notes workers gone silent. Called about once a second.
    public func expireLeases() {
        noteSilentWorkers()
        for lease in scheduler.expired(now: now) {
            let reason = "lease \(lease.id) held by \(lease.workerID) expired without a heartbeat"
            guard let change = scheduler.ending(ofLease: lease.id, as: .expired, reason: reason) else { continue }
            do {
                try timed {
                    try journal.endLease(
                        id: lease.id, ending: .expired, now: wallNow, unitID: lease.unitID, unitState: change.state,
                        attempts: change.attempts, lastError: change.lastError)
                }
            } catch {
                logger.error("journal write failed while expiring lease \(lease.id): \(error)")
                return
            }
            scheduler.apply(change, toLease: lease.id)
            if change.state == .failed { questionCache[lease.unitID] = nil }
            let label = scheduler.entry(lease.unitID)?.unit.label ?? lease.unitID
            logger.warning("\(reason): \(label) \(change.state == .failed ? "failed after \(change.attempts) attempts" : "is \(change.state.rawValue) again")")
        }
    }

    public func status() -> CoordinatorStatus {
        let now = now
        let leases = activeLeases(now: now)
        let inFlight = leases.filter { !$0.speculative }.reduce(0) { $0 + $1.questionsDone }
        return CoordinatorStatus(
            sweep: plan.sweep.name, unitsTotal: scheduler.entries.count, unitsDone: scheduler.doneCount, unitsFailed: scheduler.failedCount,
            unitsQueued: scheduler.queuedCount, questionsTotal: questionsTotal, questionsDone: scheduler.questionsDone + inFlight,
            leases: leases, elapsedSeconds: now, rejectedMessages: rejectedMessages)
    }
}
