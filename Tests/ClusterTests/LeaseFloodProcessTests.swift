import Foundation
import Sweep
import Testing

extension MultiProcessSweeps {
    /// Fault 1 of issue 18 against a coordinator process: rounds of lease requests from new
    /// worker ids over nng, a lease apart, then a real worker; no unit fails.
    @Suite struct LeaseFloodProcessTests {
        @Test(.timeLimit(.minutes(2))) func aLeaseFloodFailsNoUnit() async throws {
            let fixture = try ClusterFixture(name: "flood", leaseSeconds: 1, heartbeatSeconds: 0.25, maxAttempts: 3)
            defer { fixture.remove() }
            let coordinator = try fixture.coordinator()
            let flood = try FakeRawPeer(url: fixture.url)
            defer { flood.close() }
            var phantomLeases = 0
            for round in 0 ..< 3 {
                for n in 0 ..< 100 {
                    let id = "phantom-\(round)-\(n)"
                    if n % 2 == 0 {
                        _ = await flood.send(.hello, WireBadInputTests.hello(id), token: fixture.token)
                    }
                    let reply = await flood.send(.lease, LeaseBody(worker: id, loadedModel: nil), token: fixture.token)
                    if reply?.replyKind == "unit" { phantomLeases += 1 }
                }
                try await Task.sleep(for: .milliseconds(1300))
            }
            let worker = try fixture.worker("real")
            let statuses = await ClusterFixture.waitForAll([coordinator, worker], timeout: .seconds(90))
            #expect(statuses == [0, 0], "coordinator stderr:\n\(coordinator.standardError.suffix(3000))")
            let journal = try Journal.openForReading(path: fixture.journalPath)
            let states = try journal.unitStates()
            #expect(states.filter { $0.state == .failed }.isEmpty, "\(phantomLeases) leases went to phantoms")
            #expect(states.allSatisfy { $0.state == .done })
        }
    }
}
