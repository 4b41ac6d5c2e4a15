/// What the coordinator knows of a worker between journal writes: when it was last heard
/// from, what it has loaded, and how fast it scores. Kept in memory only; monitoring shows it.
struct WorkerPresence {
    /// Monotonic seconds.
    var lastHeard: Double
    var loadedModel: String?
    /// Its backend and device, as its hello said.
    var backend: String?
    var questionsPerSecond: Double?
    var tokensPerSecond: Double?
    /// The threads of its latest unit, as its heartbeats say.
    var threads: Int?
    /// Silent for longer than a lease lasts (a `worker-lost` event was journaled).
    var lost = false
    /// Was answered `finished`.
    var toldFinished = false
    /// When its last hello was journaled (monotonic seconds).
    var helloJournaledAt: Double?
}

/// The coordinator's in-memory view that a status overlays on the journal's, copied out in
/// O(workers + leases): the serving loop never walks the units for it.
struct LiveState: Sendable {
    struct Worker: Sendable {
        var id: String
        var lastHeardSecondsAgo: Double
        var loadedModel: String?
        var backend: String?
        var questionsPerSecond: Double?
        var tokensPerSecond: Double?
        var threads: Int?
        var lost: Bool
        var toldFinished: Bool
    }

    struct Lease: Sendable {
        var lease: Int64
        var unit: String
        var worker: String
        var questionsDone: Int
        var questionCount: Int
        var speculative: Bool
    }

    var uptimeSeconds: Double
    var workers: [Worker]
    var leases: [Lease]
    var rejectedMessages: Int
    /// Told to stop: no new leases, the ones out finishing.
    var stopping = false
}
