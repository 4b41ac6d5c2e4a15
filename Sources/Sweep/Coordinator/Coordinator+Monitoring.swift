import Foundation

/// What the coordinator keeps for monitoring: worker presence and rates, and the journal
/// events a watcher shows (a worker lost or back, the sweep finished). All O(1) per request.
extension Coordinator {
    /// Notes a request from `workerID`; a worker heard from again after it was declared lost
    /// gets a `worker-back` event.
    func heard(from workerID: String, loadedModel: String?? = .none) {
        var presence = workers[workerID] ?? WorkerPresence(lastHeard: now)
        presence.lastHeard = now
        if case .some(let model) = loadedModel { presence.loadedModel = model }
        if presence.lost {
            presence.lost = false
            journalEvent("worker-back", workerID: workerID, detail: nil)
            logger.notice("worker \(workerID) is back")
        }
        workers[workerID] = presence
    }

    /// A committed unit's rates, from the seconds its worker measured per question.
    func noteRates(of workerID: String, from results: [QuestionResult]) {
        let seconds = results.reduce(0) { $0 + $1.seconds }
        guard seconds > 0 else { return }
        workers[workerID]?.questionsPerSecond = Double(results.count) / seconds
        workers[workerID]?.tokensPerSecond = Double(results.reduce(0) { $0 + $1.promptTokens }) / seconds
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
            journalEvent("worker-lost", workerID: id, detail: silence)
            logger.warning("worker \(id) lost: \(silence)")
        }
    }

    /// Journals `sweep-finished` the first time every unit is done or failed.
    func announceFinishIfDone() {
        guard !announcedFinish, scheduler.isFinished else { return }
        announcedFinish = true
        journalEvent(
            "sweep-finished", workerID: nil, detail: "\(scheduler.doneCount) units done, \(scheduler.failedCount) failed")
    }

    /// An event for monitoring; losing one is logged, never fatal.
    private func journalEvent(_ kind: String, workerID: String?, detail: String?) {
        do {
            try timed { try journal.recordEvent(kind: kind, workerID: workerID, detail: detail, now: wallNow) }
        } catch {
            logger.error("journal write failed for event \(kind): \(error)")
        }
    }

    /// Runs a journal write, telling the settings' observer how long it took.
    func timed<T>(_ write: () throws -> T) rethrows -> T {
        guard let observer = settings.journalWriteObserver else { return try write() }
        let start = ContinuousClock.now
        defer { observer(ContinuousClock.now - start) }
        return try write()
    }

    /// Every active lease with its unit and progress, oldest first.
    func activeLeases(now: Double) -> [CoordinatorStatus.ActiveLease] {
        scheduler.leases.values.sorted { $0.id < $1.id }.map { lease in
            let unit = scheduler.entry(lease.unitID)?.unit
            return CoordinatorStatus.ActiveLease(
                lease: lease.id, unit: unit?.label ?? lease.unitID, worker: lease.workerID, questionsDone: lease.questionsDone,
                questionCount: unit?.questionCount ?? 0, speculative: lease.speculative, seconds: now - lease.grantedAt)
        }
    }

    /// The in-memory part of the monitor's view, O(workers + leases).
    public func liveState() -> CoordinatorLiveState {
        let now = now
        let leases = activeLeases(now: now)
        let workerStates = workers.map { id, presence in
            CoordinatorLiveState.Worker(
                id: id, lastHeardSecondsAgo: now - presence.lastHeard, loadedModel: presence.loadedModel,
                questionsPerSecond: presence.questionsPerSecond, tokensPerSecond: presence.tokensPerSecond,
                lost: presence.lost, toldFinished: presence.toldFinished)
        }
        return CoordinatorLiveState(
            uptimeSeconds: now, workers: workerStates.sorted { $0.id < $1.id }, leases: leases,
            rejectedMessages: rejectedMessages)
    }
}
