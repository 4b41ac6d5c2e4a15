/// What the coordinator knows of a worker between journal writes: when it was last heard
/// from, what it has loaded, and how fast it scores. Kept in memory only; monitoring shows it.
struct WorkerPresence {
    /// Monotonic seconds.
    var lastHeard: Double
    var loadedModel: String?
    var questionsPerSecond: Double?
    var tokensPerSecond: Double?
    /// Silent for longer than a lease lasts (a `worker-lost` event was journaled).
    var lost = false
    /// Was answered `finished`.
    var toldFinished = false
}

/// The coordinator's in-memory view for monitoring, copied out in O(workers + leases): the
/// serving loop never walks the units for it.
public struct CoordinatorLiveState: Sendable {
    public struct Worker: Sendable {
        public var id: String
        public var lastHeardSecondsAgo: Double
        public var loadedModel: String?
        public var questionsPerSecond: Double?
        public var tokensPerSecond: Double?
        public var lost: Bool
        public var toldFinished: Bool
    }

    public var uptimeSeconds: Double
    public var workers: [Worker]
    public var leases: [CoordinatorStatus.ActiveLease]
    public var rejectedMessages: Int
}
