import Benchmark

/// A unit as the journal knows it.
public struct JournalUnit: Sendable, Equatable {
    public var unit: WorkUnit
    public var state: UnitState
    /// Leases that ended without a result (expired, or the worker reported an error).
    public var attempts: Int
    public var lastError: String?
}

/// A lease no result, expiry or failure has ended yet.
public struct JournalLease: Sendable, Equatable {
    public var id: Int64
    public var unitID: String
    public var workerID: String
    public var speculative: Bool
    /// Seconds since 1970.
    public var grantedAt: Double
    public var deadline: Double
}

/// What a coordinator resumes from: the plan's units with their states, and the leases that
/// were active when the last coordinator stopped.
public struct JournalSnapshot: Sendable {
    public var units: [JournalUnit]
    public var activeLeases: [JournalLease]
}

/// What became of a result sent to the coordinator.
public enum CommitOutcome: String, Sendable, Codable {
    /// Written to the journal: the unit is done.
    case committed
    /// The unit was already done by this lease (a re-sent request) or by its speculative twin:
    /// acknowledged and ignored.
    case duplicate
    /// The lease had lost its claim (expired, abandoned, failed, returned), names another unit,
    /// or is not the sender's: ignored.
    case stale
}
