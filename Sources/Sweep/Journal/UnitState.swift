/// A unit's state: the journal's `unit.state`, the scheduler's, the status's counts and the
/// metrics' `state` label.
///
/// ```swift
/// UnitState.leased.storedName    // "leased"
/// UnitState.leased.displayName   // "running"
/// ```
public enum UnitState: String, Sendable, Codable, CaseIterable {
    /// Waiting for a worker.
    case queued
    /// Held by at least one active lease.
    case leased
    /// Its results are committed.
    case done
    /// Its leases ended without a result `max_attempts` times; `last_error` says why.
    case failed

    /// The name in the journal's `unit.state` column.
    public var storedName: String { rawValue }

    public init?(storedName name: String) {
        self.init(rawValue: name)
    }

    /// The `state` label of the `medsweep_units` metric.
    public var wireName: String { rawValue }

    /// The word `medsweep status` and the dashboard use.
    public var displayName: String {
        self == .leased ? "running" : rawValue
    }

    /// Done or failed: nothing more will happen to it.
    public var isFinished: Bool { self == .done || self == .failed }
}
