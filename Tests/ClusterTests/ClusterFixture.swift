import Engine
import Foundation
import NNG
import Sweep
import TestSupport

/// A sweep on disk for multi-process tests: tiny models made by medsweep's writer, the demo
/// benchmark cut to a few tasks and languages, short leases so faults resolve in seconds, a
/// journal path and a free loopback port.
struct ClusterFixture {
    let folder: String
    let sweepPath: String
    let journalPath: String
    let port: Int
    let token = "cluster-test-token"

    var url: String { "tcp://127.0.0.1:\(port)" }
    var environment: [String: String] { ["MEDSWEEP_TOKEN": token] }

    /// - Parameters:
    ///   - type: F16 makes units slow enough (a few hundred ms) for a test to act mid-unit.
    init(
        name: String, type: ModelFileType = .q4_0, models: Int = 1, tasks: [String] = ["MedQA", "PubMedQA", "MMLU_anatomy"],
        languages: [String] = ["en", "fr"], sets: [Int] = [1, 2], shardSize: Int = 2, leaseSeconds: Double = 2,
        heartbeatSeconds: Double = 0.25, maxAttempts: Int = 5
    ) throws {
        folder = temporaryPath("cluster-\(name)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let modelPath = folder + "/tiny-\(type.rawValue).gguf"
        try SyntheticModel(config: .tiny, fileType: type, seed: 7).write(to: modelPath)
        var lines = ["name: \(name)", "benchmark: demo", "models:"]
        for index in 1 ... models {
            lines += ["  - name: tiny-\(index)", "    path: \(modelPath)"]
        }
        lines += [
            "tasks: [\(tasks.joined(separator: ", "))]", "languages: [\(languages.joined(separator: ", "))]",
            "fewshot_sets: [\(sets.map(String.init).joined(separator: ", "))]", "shard_size: \(shardSize)",
            "lease_seconds: \(leaseSeconds)", "heartbeat_seconds: \(heartbeatSeconds)", "max_attempts: \(maxAttempts)",
        ]
        sweepPath = folder + "/sweep.yaml"
        try (lines.joined(separator: "\n") + "\n").write(toFile: sweepPath, atomically: true, encoding: .utf8)
        journalPath = folder + "/sweep.journal"
        port = try Self.freePort()
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A loopback port nobody listens on: bound to port 0, then released (plain POSIX, so
    /// nothing of nng is left behind in the test process).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.init(rawValue: errno) ?? .EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    func plan() throws -> Plan {
        try Plan.make(SweepFile.load(path: sweepPath))
    }

    func coordinator(_ extra: [String] = [], name: String = "coordinator") throws -> SpawnedProcess {
        try SpawnedProcess(
            name, ["coordinator", sweepPath, "--listen", url, "--journal", journalPath, "--linger", "1"] + extra,
            environment: environment)
    }

    func worker(_ id: String, _ extra: [String] = []) throws -> SpawnedProcess {
        try SpawnedProcess(id, ["worker", "--connect", url, "--id", id, "--threads", "1"] + extra, environment: environment)
    }

    /// Waits for every process to exit; their statuses (nil: still running at the timeout).
    static func waitForAll(_ processes: [SpawnedProcess], timeout: Duration) async -> [Int32?] {
        var statuses: [Int32?] = []
        let deadline = ContinuousClock.now + timeout
        for process in processes {
            statuses.append(await process.waitForExit(timeout: max(.zero, deadline - .now)))
        }
        return statuses
    }
}

/// A test double of a peer: a raw REQ client sending any bytes to the coordinator, as a
/// misbehaving worker would.
struct FakeRawPeer {
    let socket: NNGSocket

    init(url: String) throws {
        socket = try NNGSocket.request()
        try socket.setResendTime(.seconds(30))
        try socket.dial(url, reconnect: (minimum: .milliseconds(50), maximum: .milliseconds(200)))
    }

    /// The reply, or nil when none comes within `timeout`.
    func send(_ bytes: [UInt8], timeout: Duration = .seconds(5)) async -> [UInt8]? {
        guard let context = try? socket.makeContext() else { return nil }
        defer { context.close() }
        return try? await context.request(bytes, timeout: timeout)
    }

    func send<Body: Codable>(_ kind: WireKind, _ body: Body, token: String?, request: String = UUID().uuidString) async -> [UInt8]? {
        await send(Envelope.encode(kind, request: request, token: token, body: body))
    }

    func close() { socket.close() }
}

extension Array where Element == UInt8 {
    /// The reply's kind and, for an error, its code.
    var replyKind: String { (try? Envelope.header(self).kind) ?? "<not an envelope>" }
    var errorCode: String? { (try? Envelope.body(ErrorBody.self, from: self).code.rawValue) }
}
