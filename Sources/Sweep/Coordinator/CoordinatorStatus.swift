/// A coordinator's counts, as its closing summary and the tests read them (monitoring reads
/// `SweepStatus`).
public struct CoordinatorStatus: Sendable, Equatable {
    public struct ActiveLease: Sendable, Equatable {
        public var lease: Int64
        public var unit: String
        public var worker: String
        public var questionsDone: Int
        public var questionCount: Int
        public var speculative: Bool
        public var seconds: Double
    }

    public var sweep: String
    public var unitsTotal: Int
    public var unitsDone: Int
    public var unitsFailed: Int
    public var unitsQueued: Int
    public var questionsTotal: Int
    /// Questions of done units plus those reported by heartbeats of active leases.
    public var questionsDone: Int
    public var leases: [ActiveLease]
    public var elapsedSeconds: Double
    public var rejectedMessages: Int

    public var isFinished: Bool { unitsDone + unitsFailed == unitsTotal }
}
