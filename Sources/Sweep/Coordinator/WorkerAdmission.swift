/// Which worker ids may lease: those that said hello to this coordinator, new ids let in at a
/// bounded rate. (After a restart, workers are told to say hello again: `unknown_worker`.)
///
/// Why: a lease handed to an id that never works holds a unit for a whole lease, and a flood of
/// new ids once held every unit of a sweep. A worker leases only after `hello`; a burst of
/// hellos from new ids beyond `burst`, refilled at `perSecond`, is answered "unavailable" (the
/// worker retries) and counted for one log line a second; known workers are never refused, so
/// a flood never keeps real workers from their units.
struct WorkerAdmission {
    let settings: CoordinatorSettings.NewWorkerRate
    private(set) var known: Set<String> = []
    private var tokens: Double
    private var refilledAt: Double
    /// Hellos refused since the last log line about them.
    private(set) var refusedSinceReport = 0
    private var reportedAt: Double = -.infinity

    init(settings: CoordinatorSettings.NewWorkerRate, now: Double) {
        self.settings = settings
        tokens = Double(settings.burst)
        refilledAt = now
    }

    func isKnown(_ worker: String) -> Bool { known.contains(worker) }

    /// Whether `worker`'s hello is let in: always for a known id; for a new one, when the rate
    /// allows (it is then known).
    mutating func admit(_ worker: String, now: Double) -> Bool {
        if known.contains(worker) { return true }
        tokens = min(Double(settings.burst), tokens + max(0, now - refilledAt) * settings.perSecond)
        refilledAt = now
        guard tokens >= 1 else {
            refusedSinceReport += 1
            return false
        }
        tokens -= 1
        known.insert(worker)
        return true
    }

    /// Makes `worker` say hello again before its next lease (it abandoned a lease, or was
    /// forgotten as long lost); a new hello counts against the rate again.
    mutating func forget(_ worker: String) {
        known.remove(worker)
    }

    /// The refusals to report, at most once a second: their count, then zero.
    mutating func refusalsToReport(now: Double) -> Int? {
        guard refusedSinceReport > 0, now - reportedAt >= 1 else { return nil }
        defer {
            refusedSinceReport = 0
            reportedAt = now
        }
        return refusedSinceReport
    }
}
