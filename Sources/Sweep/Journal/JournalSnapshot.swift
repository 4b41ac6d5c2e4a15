import Benchmark

/// A unit's state in the journal.
public enum UnitState: String, Sendable, Codable, CaseIterable {
    /// Waiting for a worker.
    case queued
    /// Held by at least one active lease.
    case leased
    /// Its results are committed.
    case done
    /// Its leases ended without a result `max_attempts` times; `last_error` says why.
    case failed
}

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

/// How a lease ended without a result.
public enum LeaseEnding: String, Sendable {
    /// No heartbeat before the deadline.
    case expired
    /// The worker reported it could not score the unit.
    case failed
    /// The worker gave the unit back unscored (shutting down).
    case returned
}

/// What became of a result sent to the coordinator.
public enum CommitOutcome: String, Sendable, Codable {
    /// Written to the journal: the unit is done.
    case committed
    /// The unit was already done by this lease (a re-sent request) or by its speculative twin:
    /// acknowledged and ignored.
    case duplicate
    /// The lease had lost its claim (expired, failed, returned, or names another unit): ignored.
    case stale
}
