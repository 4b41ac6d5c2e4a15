/// What an event of the journal's `event` table records: one name stored in the journal, one
/// on the wire (`/api/status`, the dashboard), one shown to people (`medsweep status`).
///
/// ```swift
/// JournalEventKind.workerHello.storedName    // "worker-hello"
/// JournalEventKind.workerHello.wireName      // "worker-joined"
/// JournalEventKind.workerHello.displayName   // "worker joined"
/// JournalEventKind(storedName: "lease-expired")   // .leaseExpired
/// ```
public enum JournalEventKind: String, Sendable, CaseIterable, Codable {
    /// A coordinator opened the journal (`detail`: the plan's units, how many were new).
    case coordinatorStart = "coordinator-start"
    /// A coordinator stopped serving (`detail`: why, and the units done and left).
    case coordinatorStop = "coordinator-stop"
    /// A worker said hello (first time or again).
    case workerHello = "worker-hello"
    /// A worker was silent for longer than a lease lasts.
    case workerLost = "worker-lost"
    /// A lost worker was heard from again.
    case workerBack = "worker-back"
    case leased
    /// A second lease on a straggling unit.
    case leasedSpeculatively = "leased-speculatively"
    /// A lease ended without a result; one kind per `LeaseOutcome` that ends a lease so.
    case leaseExpired = "lease-expired"
    case leaseAbandoned = "lease-abandoned"
    case leaseFailed = "lease-failed"
    case leaseReturned = "lease-returned"
    /// A unit's leases ended without a result `max_attempts` times.
    case unitFailed = "unit-failed"
    case resultCommitted = "result-committed"
    /// A result for a unit already done (a re-sent request, a speculative twin): ignored.
    case resultDuplicate = "result-duplicate"
    /// A result on a lease that had lost its claim, or from a worker that does not hold it.
    case resultStale = "result-stale"
    /// Every unit is done or failed (once per coordinator run).
    case sweepFinished = "sweep-finished"

    /// The name in the journal's `event.kind` column.
    public var storedName: String { rawValue }

    /// The kind stored as `name`; nil for a name this medsweep does not know.
    public init?(storedName name: String) {
        self.init(rawValue: name)
    }

    /// The name in `/api/status` (`SweepStatus.EventStatus.kind`) and on the dashboard.
    public var wireName: String {
        self == .workerHello ? "worker-joined" : rawValue
    }

    public init?(wireName name: String) {
        guard let kind = Self.allCases.first(where: { $0.wireName == name }) else { return nil }
        self = kind
    }

    /// The name `medsweep status` shows.
    public var displayName: String {
        wireName.replacingOccurrences(of: "-", with: " ")
    }

    /// Whether the status lists events of this kind (the rest are every lease and result: the
    /// cells and throughput show those).
    public var isShown: Bool {
        switch self {
        case .workerHello, .workerLost, .workerBack, .leaseExpired, .leaseAbandoned, .leaseFailed, .unitFailed,
            .coordinatorStart, .coordinatorStop, .sweepFinished:
            true
        case .leased, .leasedSpeculatively, .leaseReturned, .resultCommitted, .resultDuplicate, .resultStale:
            false
        }
    }

    /// Something went wrong: views show these in red.
    public var isAlarming: Bool {
        [.workerLost, .leaseExpired, .leaseFailed, .unitFailed].contains(self)
    }

    /// Encoded by its wire name.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let kind = Self(wireName: name) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(name)\" is not an event kind")
        }
        self = kind
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wireName)
    }
}
