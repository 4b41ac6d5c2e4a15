/// How a lease ended: the journal's `lease.outcome` (NULL while it is active).
///
/// ```swift
/// LeaseOutcome.abandoned.storedName     // "abandoned"
/// LeaseOutcome.abandoned.countsAsAttempt   // false
/// ```
public enum LeaseOutcome: String, Sendable, CaseIterable, Codable {
    /// Its result was committed: the unit is done.
    case completed
    /// Its holder heartbeated, then fell silent past the deadline (it crashed, froze, or lost
    /// the network): an attempt of the unit.
    case expired
    /// Its holder was never heard from after the lease was granted (it died at once, or never
    /// meant to work): not an attempt, so a crowd of such holders cannot fail a unit.
    case abandoned
    /// Its holder reported it could not score the unit: an attempt.
    case failed
    /// Another lease on the same unit completed it first.
    case superseded
    /// Its holder gave the unit back unscored (shutting down): not an attempt.
    case returned

    /// The name in the journal's `lease.outcome` column.
    public var storedName: String { rawValue }

    public init?(storedName name: String) {
        self.init(rawValue: name)
    }

    /// The name `medsweep status` and logs show.
    public var displayName: String {
        switch self {
        case .completed: "completed"
        case .expired: "expired without a heartbeat"
        case .abandoned: "abandoned (holder never heard from)"
        case .failed: "failed on its worker"
        case .superseded: "superseded by another lease"
        case .returned: "returned unscored"
        }
    }

    /// An ending without a result (what `Journal.endLease` records; the others come with a
    /// commit).
    public var endsWithoutResult: Bool {
        switch self {
        case .expired, .abandoned, .failed, .returned: true
        case .completed, .superseded: false
        }
    }

    /// The unit's attempts grow by one (after `max_attempts` it is failed).
    public var countsAsAttempt: Bool {
        self == .expired || self == .failed
    }

    /// A result arriving on a lease that ended so is stale: the lease lost its claim.
    var losesClaim: Bool { endsWithoutResult }

    /// The journal event recorded when a lease ends so without a result.
    var event: JournalEventKind? {
        switch self {
        case .expired: .leaseExpired
        case .abandoned: .leaseAbandoned
        case .failed: .leaseFailed
        case .returned: .leaseReturned
        case .completed, .superseded: nil
        }
    }
}
