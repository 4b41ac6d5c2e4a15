/// A coordinator's progress, as the progress line and status read it.
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
    /// Workers heard from within the last lease duration.
    public var workersActive: Int
    public var leases: [ActiveLease]
    public var elapsedSeconds: Double
    /// Questions committed since this coordinator started (for the rate).
    public var questionsCommittedHere: Int
    public var rejectedMessages: Int

    public var isFinished: Bool { unitsDone + unitsFailed == unitsTotal }

    /// Questions per second since this coordinator started.
    public var questionsPerSecond: Double {
        elapsedSeconds > 0 ? Double(questionsCommittedHere) / elapsedSeconds : 0
    }

    /// Seconds to go at the current rate, when there is one.
    public var etaSeconds: Double? {
        let rate = questionsPerSecond
        guard rate > 0 else { return nil }
        return Double(questionsTotal - questionsDone) / rate
    }
}
