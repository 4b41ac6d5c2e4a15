import Foundation

/// What the coordinator keeps for monitoring: worker presence and rates, the journal events a
/// watcher shows (a worker lost or back, the sweep finished), and its live view for the status.
/// All O(1) per request; memory stays bounded however many worker ids come and go.
extension Coordinator {
    /// Workers lost for longer than this many leases are forgotten (they say hello again if
    /// they come back).
    static let forgetAfterLeases = 10.0
    /// Lost workers remembered at most; the longest lost go first.
    static let lostWorkerLimit = 1000

    /// Notes a request from `workerID` (a known worker, or one holding a lease); a worker heard
    /// from again after it was declared lost gets a `worker-back` event.
    func heard(from workerID: String, loadedModel: String?? = .none) {
        guard workers[workerID] != nil || admission.isKnown(workerID) || scheduler.lease(heldBy: workerID) != nil else { return }
        var presence = workers[workerID] ?? WorkerPresence(lastHeard: now)
        presence.lastHeard = now
        if case .some(let model) = loadedModel { presence.loadedModel = model }
        if presence.lost {
            presence.lost = false
            journalEvent(.workerBack, workerID: workerID, detail: nil)
            logger.notice("worker \(workerID) is back")
        }
        workers[workerID] = presence
    }

    /// A committed unit's rates, from the seconds its worker measured per question.
    func noteRates(of workerID: String, from results: [QuestionResult]) {
        let seconds = results.reduce(0) { $0 + $1.seconds }
        guard seconds > 0 else { return }
        noteRates(
            of: workerID, questionsPerSecond: Double(results.count) / seconds,
            tokensPerSecond: Double(results.reduce(0) { $0 + $1.promptTokens }) / seconds)
    }

    /// Keeps a worker's rates when they are numbers a status can show: a unit whose questions
    /// took the smallest positive time has an infinite rate, which is not kept.
    func noteRates(of workerID: String, questionsPerSecond: Double?, tokensPerSecond: Double?) {
        func usable(_ rate: Double?) -> Double? { rate.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } }
        if let rate = usable(questionsPerSecond) { workers[workerID]?.questionsPerSecond = rate }
        if let rate = usable(tokensPerSecond) { workers[workerID]?.tokensPerSecond = rate }
    }

    /// Journals `worker-lost` for workers silent longer than a lease lasts (their leases expire
    /// at the same time); finished workers that left are not lost.
    func noteSilentWorkers() {
        let now = now
        for (id, presence) in workers where !presence.lost && !presence.toldFinished
            && now - presence.lastHeard > plan.sweep.leaseSeconds
        {
            workers[id]?.lost = true
            let silence = String(format: "silent for %.0f s", now - presence.lastHeard)
            journalEvent(.workerLost, workerID: id, detail: silence)
            logger.warning("worker \(id) lost: \(silence)")
        }
    }

    /// Forgets workers lost (or told the sweep is finished) for many leases, and the longest
    /// lost beyond `lostWorkerLimit`: ten thousand ids that came and went are not kept forever.
    func forgetLongLostWorkers() {
        let now = now
        let horizon = Self.forgetAfterLeases * plan.sweep.leaseSeconds
        var gone = workers.filter { $0.value.lost || $0.value.toldFinished }
        for (id, presence) in gone where now - presence.lastHeard > horizon && scheduler.lease(heldBy: id) == nil {
            forget(id)
            gone[id] = nil
        }
        if gone.count > Self.lostWorkerLimit {
            for (id, _) in gone.sorted(by: { $0.value.lastHeard < $1.value.lastHeard }).prefix(gone.count - Self.lostWorkerLimit)
            where scheduler.lease(heldBy: id) == nil {
                forget(id)
            }
        }
    }

    private func forget(_ workerID: String) {
        workers[workerID] = nil
        admission.forget(workerID)
    }

    /// Journals `sweep-finished` the first time every unit is done or failed.
    func announceFinishIfDone() {
        guard !announcedFinish, scheduler.isFinished else { return }
        announcedFinish = true
        journalEvent(
            .sweepFinished, workerID: nil, detail: "\(scheduler.doneCount) units done, \(scheduler.failedCount) failed")
    }

    /// An event for monitoring; losing one is logged, never fatal.
    private func journalEvent(_ kind: JournalEventKind, workerID: String?, detail: String?) {
        do {
            try timed { try journal.recordEvent(kind, workerID: workerID, detail: detail, now: wallNow) }
        } catch {
            logger.error("journal write failed for event \(kind.storedName): \(error)")
        }
    }

    /// The in-memory part of the status, O(workers + leases).
    func liveState() -> LiveState {
        let now = now
        let leases = scheduler.leases.values.sorted { $0.id < $1.id }.map { lease in
            let unit = scheduler.entry(lease.unitID)?.unit
            return LiveState.Lease(
                lease: lease.id, unit: unit?.label ?? lease.unitID, worker: lease.workerID, questionsDone: lease.questionsDone,
                questionCount: unit?.questionCount ?? 0, speculative: lease.speculative)
        }
        let workerStates = workers.map { id, presence in
            LiveState.Worker(
                id: id, lastHeardSecondsAgo: now - presence.lastHeard, loadedModel: presence.loadedModel, backend: presence.backend,
                questionsPerSecond: presence.questionsPerSecond, tokensPerSecond: presence.tokensPerSecond, threads: presence.threads,
                lost: presence.lost, toldFinished: presence.toldFinished)
        }
        return LiveState(
            uptimeSeconds: now, workers: workerStates.sorted { $0.id < $1.id }, leases: leases, rejectedMessages: rejectedMessages,
            stopping: isStopping)
    }

    /// The sweep's status: the journal's committed state with this coordinator's live view
    /// (leases with progress, worker rates). The journal is read on the caller's thread, on a
    /// WAL reader connection; the coordinator only copies its live view.
    public nonisolated func status() async throws -> SweepStatus {
        let live = await liveState()
        return try watcher.status(live: live)
    }
}
