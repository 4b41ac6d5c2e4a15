import Foundation
import GRDB
import Sweep
import Testing
import TestSupport

extension MultiProcessSweeps {
    /// A sweep across hosts: the coordinator in one network namespace, workers in two others,
    /// talking over veth links with addresses that exist only inside the namespaces. Then one
    /// worker host's link is cut while it scores a unit: its lease expires and the unit is leased
    /// again and finished by the other host.
    @Suite struct MultiHostTests {
        @Test(
            .timeLimit(.minutes(3)),
            .enabled(if: NetworkNamespaces.unavailableReason == nil, Comment(rawValue: NetworkNamespaces.unavailableReason ?? "")))
        func aSweepFinishesAcrossHostsAndACutLinksUnitIsLeasedAgain() async throws {
            let hosts = try NetworkNamespaces(workers: 2)
            defer { hosts.remove() }
            // F16 and one question in 4 languages per unit: units long enough to be cut in the
            // middle; enough of them (18) that host 1 leases again after its first, and host 2 is
            // still busy with queued units when the cut lease expires.
            let fixture = try ClusterFixture(
                name: "multi-host", type: .f16, languages: ["en", "fr", "de", "es"], shardSize: 1, leaseSeconds: 2)
            defer { fixture.remove() }
            let coordinator = try hosts.spawn(
                "coordinator", in: hosts.coordinatorHost,
                ["coordinator", fixture.sweepPath, "--listen", "tcp://0.0.0.0:\(fixture.port)", "--journal", fixture.journalPath,
                 "--linger", "3"],
                environment: fixture.environment)
            defer { coordinator.signal(SIGKILL) }
            let workers = try hosts.workerHosts.enumerated().map { index, host in
                try hosts.spawn(
                    "worker-\(index + 1)", in: host.namespace,
                    ["worker", "--connect", "tcp://\(host.coordinatorAddress):\(fixture.port)", "--id", "host\(index + 1)", "--threads", "1"],
                    environment: fixture.environment)
            }
            defer { workers.forEach { $0.signal(SIGKILL) } }
            let plan = try fixture.plan()

            // Both hosts take part: each has committed a unit.
            let bothCommitted = await Self.eventually(timeout: .seconds(60)) {
                let journal = try Journal.openForReading(path: fixture.journalPath)
                return Set(try journal.events(kind: .resultCommitted).compactMap(\.workerID)) == ["host1", "host2"]
            }
            #expect(bothCommitted, "coordinator:\n\(coordinator.standardError.suffix(2000))\nworker 1:\n\(workers[0].standardError.suffix(1500))")

            // Host 1 starts a unit: frozen at once (so the unit cannot finish first), its link cut,
            // then let go with no way to the coordinator.
            let leasesSoFar = workers[0].standardError.components(separatedBy: "\n").count - 1
            let hostOne = workers[0]
            let leaseLine = await hostOne.whenLine(matching: #"lease \d+: "#, after: leasesSoFar, timeout: .seconds(30)) { _ in
                hostOne.signal(SIGSTOP)
            }
            try hosts.cutLink(ofWorker: 0)
            workers[0].signal(SIGCONT)
            let cutLease = try #require(leaseLine.flatMap { SpawnedProcess.capture(#"lease (\d+): "#, in: $0) }.flatMap { Int64($0) })

            // The sweep finishes on host 2 alone.
            let coordinatorStatus = await coordinator.waitForExit(timeout: .seconds(120))
            #expect(coordinatorStatus == 0, "coordinator:\n\(coordinator.standardError.suffix(3000))")
            let journal = try Journal.openForReading(path: fixture.journalPath)
            #expect(try journal.unitStates().allSatisfy { $0.state == .done })
            #expect(try journal.counts().results == plan.questionCount)
            // The cut lease ended without host 1's result: it was abandoned (cut before its first
            // heartbeat), it expired, or a speculative copy on host 2 (the straggler rule, once
            // nothing is queued) finished the unit first.
            let cut = try DatabaseQueue(path: fixture.journalPath).read { db in
                try Row.fetchOne(db, sql: "SELECT unit_id, outcome FROM lease WHERE id = ?", arguments: [cutLease])
            }
            let cutUnit: String = try #require(cut?["unit_id"])
            let outcome: String? = cut?["outcome"]
            #expect(["abandoned", "expired", "superseded"].contains(outcome), "lease \(cutLease) ended as \(outcome ?? "active")")
            print("multi-host: lease \(cutLease) on the cut host ended as \(outcome ?? "active")")
            let completions = try journal.events(kind: .resultCommitted).filter { $0.unitID == cutUnit }
            #expect(completions.map(\.workerID) == ["host2"])
            #expect(try journal.events(kind: .workerLost).contains { $0.workerID == "host1" })
            #expect(await workers[1].waitForExit(timeout: .seconds(30)) == 0)
        }

        /// Polls `condition` every 100 ms until it holds or `timeout` passes.
        static func eventually(timeout: Duration, _ condition: () throws -> Bool) async -> Bool {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if (try? condition()) == true { return true }
                try? await Task.sleep(for: .milliseconds(100))
            }
            return false
        }
    }
}
