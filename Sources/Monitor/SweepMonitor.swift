import Foundation
import Sweep

/// The source every view reads: the dashboard, `/api/status`, `/metrics`, the terminal view.
///
/// A status is made at most once per `maxAge` however many clients ask (a dashboard in ten
/// browsers and a scrape every second cost one), with concurrent askers sharing one refresh.
/// Making one reads the journal's new events on a WAL reader connection, off the coordinator,
/// and copies the coordinator's in-memory view, which costs it O(workers + leases): it is
/// `Coordinator.status()`, or the journal's alone when no coordinator runs here.
public actor SweepMonitor {
    public nonisolated let watcher: JournalWatcher
    public nonisolated let coordinator: Coordinator?
    public nonisolated let metrics: SweepMetrics
    let maxAge: Duration
    private var cached: (at: ContinuousClock.Instant, status: SweepStatus)?
    private var refreshing: Task<SweepStatus, Error>?

    public init(journal: Journal, coordinator: Coordinator?, metrics: SweepMetrics = SweepMetrics(), maxAge: Duration = .milliseconds(500)) {
        self.watcher = coordinator?.watcher ?? JournalWatcher(journal: journal)
        self.coordinator = coordinator
        self.metrics = metrics
        self.maxAge = maxAge
    }

    public func status() async throws -> SweepStatus {
        if let cached, ContinuousClock.now - cached.at < maxAge { return cached.status }
        if let refreshing { return try await refreshing.value }
        let task = Task { [watcher, coordinator, metrics] in
            let status = try await coordinator?.status() ?? watcher.status()
            metrics.update(from: status)
            return status
        }
        refreshing = task
        defer { refreshing = nil }
        let status = try await task.value
        cached = (ContinuousClock.now, status)
        return status
    }
}
