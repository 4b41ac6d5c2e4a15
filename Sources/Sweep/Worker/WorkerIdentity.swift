import Foundation

/// Who a worker is, as its hello tells the coordinator.
public struct WorkerIdentity: Sendable {
    /// Unique per worker process: a restarted worker is a new worker, and the leases of the
    /// old one expire.
    public var id: String
    public var host: String
    public var pid: Int
    public var cores: Int

    public init(id: String? = nil, cores: Int) {
        let host = ProcessInfo.processInfo.hostName
        let pid = Int(getpid())
        self.host = host
        self.pid = pid
        self.cores = cores
        self.id = id ?? "\(host.split(separator: ".").first.map(String.init) ?? host)-\(pid)-\(UUID().uuidString.prefix(4).lowercased())"
    }
}
