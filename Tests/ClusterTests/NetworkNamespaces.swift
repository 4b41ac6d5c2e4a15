import Foundation
import TestSupport

/// Hosts on one machine: Linux network namespaces joined by veth pairs, made by the test with
/// `ip` (iproute2) and removed after it. Each worker host has a point-to-point link to the
/// coordinator host; the addresses (10.77.N.0/24) exist inside the namespaces only.
final class NetworkNamespaces: @unchecked Sendable {
    // @unchecked: built once in init, then read; `remove` runs once at the end.
    static let ip = URL(fileURLWithPath: "/usr/sbin/ip")

    let coordinatorHost: String
    /// Worker hosts in order, with the coordinator's address as each sees it.
    private(set) var workerHosts: [(namespace: String, device: String, coordinatorAddress: String)] = []
    private var made: [String] = []

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Why namespaces cannot be made here (not root, no iproute2, no CAP_SYS_ADMIN), or nil.
    static let unavailableReason: String? = {
        guard FileManager.default.isExecutableFile(atPath: ip.path) else { return "no /usr/sbin/ip (apt-get install iproute2)" }
        let probe = "ms-probe-\(getpid())"
        guard let made = try? CommandRun.run(ip, ["netns", "add", probe]), made.status == 0 else {
            return "cannot make a network namespace here (needs root or CAP_SYS_ADMIN)"
        }
        _ = try? CommandRun.run(ip, ["netns", "del", probe])
        return nil
    }()

    /// A coordinator host and `workers` worker hosts, each linked to the coordinator's.
    init(workers: Int) throws {
        let prefix = "ms\(getpid() % 100_000)"
        coordinatorHost = "\(prefix)-c"
        try run(["netns", "add", coordinatorHost])
        made.append(coordinatorHost)
        try run(["-n", coordinatorHost, "link", "set", "lo", "up"])
        for index in 1 ... workers {
            let host = "\(prefix)-w\(index)"
            try run(["netns", "add", host])
            made.append(host)
            // Interface names have at most 15 characters.
            let coordinatorSide = "\(prefix)c\(index)", workerSide = "\(prefix)w\(index)"
            try run(["link", "add", coordinatorSide, "type", "veth", "peer", "name", workerSide])
            try run(["link", "set", coordinatorSide, "netns", coordinatorHost])
            try run(["link", "set", workerSide, "netns", host])
            try run(["-n", coordinatorHost, "addr", "add", "10.77.\(index).1/24", "dev", coordinatorSide])
            try run(["-n", coordinatorHost, "link", "set", coordinatorSide, "up"])
            try run(["-n", host, "addr", "add", "10.77.\(index).2/24", "dev", workerSide])
            try run(["-n", host, "link", "set", workerSide, "up"])
            try run(["-n", host, "link", "set", "lo", "up"])
            workerHosts.append((host, workerSide, "10.77.\(index).1"))
        }
    }

    /// Runs medsweep inside `namespace`.
    func spawn(_ name: String, in namespace: String, _ arguments: [String], environment: [String: String]) throws -> SpawnedProcess {
        try SpawnedProcess(
            name, ["netns", "exec", namespace, CommandRun.medsweep.path] + arguments, environment: environment,
            executable: Self.ip)
    }

    /// Takes a worker host's link down: its packets go nowhere, its connections hang.
    func cutLink(ofWorker index: Int) throws {
        let host = workerHosts[index]
        try run(["-n", host.namespace, "link", "set", host.device, "down"])
    }

    /// Deletes the namespaces (and with them their links).
    func remove() {
        for namespace in made.reversed() { _ = try? CommandRun.run(Self.ip, ["netns", "del", namespace]) }
        made.removeAll()
    }

    private func run(_ arguments: [String]) throws {
        let result = try CommandRun.run(Self.ip, arguments)
        guard result.status == 0 else {
            remove()
            throw Failure(description: "ip \(arguments.joined(separator: " ")): \(result.standardError)")
        }
    }
}
