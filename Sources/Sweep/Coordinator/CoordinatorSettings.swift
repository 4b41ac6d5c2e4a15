import Foundation

/// How a coordinator serves: who may talk to it, how big a message may be, how much it
/// remembers, and how fast it lets new workers in.
public struct CoordinatorSettings: Sendable {
    /// How many new worker ids may say hello: `burst` at once, then `perSecond`.
    public struct NewWorkerRate: Sendable, Equatable {
        public var burst: Int
        public var perSecond: Double

        public init(burst: Int, perSecond: Double) {
            self.burst = burst
            self.perSecond = perSecond
        }

        /// A cluster's workers starting together are let in at once; a flood of ids is not.
        public static let standard = NewWorkerRate(burst: 64, perSecond: 8)
    }

    /// Requests must carry this token; nil accepts any (loopback and trusted networks only).
    public var token: String?
    /// Requests larger than this get a `too_large` error; nng drops those over twice this size
    /// before they are read (closing the connection).
    public var maxMessageBytes: Int
    /// Replies remembered for re-sent requests: at most this many ...
    public var replyCacheSize: Int
    /// ... and at most this many bytes (a `unit` reply carries its rendered prompts).
    public var replyCacheBytes: Int
    /// New worker ids let in (`WorkerAdmission`).
    public var newWorkers: NewWorkerRate
    /// Names this coordinator's run in `welcome`, so a worker can tell a restart happened.
    public var instanceID: String
    /// Told how long each journal write took (the monitor's commit latency histogram).
    public var journalWriteObserver: (@Sendable (Duration) -> Void)?

    public init(
        token: String?, maxMessageBytes: Int = 4 << 20, replyCacheSize: Int = 4096, replyCacheBytes: Int = 64 << 20,
        newWorkers: NewWorkerRate = .standard, instanceID: String? = nil, journalWriteObserver: (@Sendable (Duration) -> Void)? = nil
    ) {
        self.token = token
        self.maxMessageBytes = maxMessageBytes
        self.replyCacheSize = replyCacheSize
        self.replyCacheBytes = replyCacheBytes
        self.newWorkers = newWorkers
        self.instanceID = instanceID ?? UUID().uuidString.lowercased()
        self.journalWriteObserver = journalWriteObserver
    }
}
