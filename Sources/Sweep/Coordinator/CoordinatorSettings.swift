import Foundation

/// How a coordinator serves: who may talk to it and how big a message may be.
public struct CoordinatorSettings: Sendable {
    /// Requests must carry this token; nil accepts any (loopback and trusted networks only).
    public var token: String?
    /// Requests larger than this get a `too_large` error; nng drops those over twice this size
    /// before they are read (closing the connection).
    public var maxMessageBytes: Int
    /// Replies remembered for re-sent requests.
    public var replyCacheSize: Int
    /// Names this coordinator's run in `welcome`, so a worker can tell a restart happened.
    public var instanceID: String
    /// Told how long each journal write took (the monitor's commit latency histogram).
    public var journalWriteObserver: (@Sendable (Duration) -> Void)?

    public init(
        token: String?, maxMessageBytes: Int = 4 << 20, replyCacheSize: Int = 4096, instanceID: String? = nil,
        journalWriteObserver: (@Sendable (Duration) -> Void)? = nil
    ) {
        self.token = token
        self.maxMessageBytes = maxMessageBytes
        self.replyCacheSize = replyCacheSize
        self.instanceID = instanceID ?? UUID().uuidString.lowercased()
        self.journalWriteObserver = journalWriteObserver
    }
}
