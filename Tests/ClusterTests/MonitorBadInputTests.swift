import Foundation
import Testing
import TestSupport

/// Bad monitoring arguments are refused with the flag and value named, before any work.
@Suite struct MonitorBadInputTests {
    @Test func statusNeedsExactlyOneSource() async throws {
        let neither = try await CommandRun.medsweepOffPool("status")
        #expect(neither.status == 64)
        #expect(neither.standardError.contains("Give one of --url and --journal."))
        let both = try await CommandRun.medsweepOffPool("status", "--url", "http://127.0.0.1:1", "--journal", "j")
        #expect(both.status == 64)
    }

    @Test func statusRefusesAURLThatIsNotHTTP() async throws {
        let run = try await CommandRun.medsweepOffPool("status", "--url", "tcp://127.0.0.1:5555")
        #expect(run.status == 64)
        #expect(run.standardError.contains("--url tcp://127.0.0.1:5555 is not an http:// or https:// address"))
    }

    @Test func statusNamesWhatItCannotRead() async throws {
        let port = try ClusterFixture.freePort()
        let unreachable = try await CommandRun.medsweepOffPool("status", "--url", "http://127.0.0.1:\(port)")
        #expect(unreachable.status == 1)
        #expect(unreachable.standardError.contains("http://127.0.0.1:\(port)/api/status"), "\(unreachable.standardError)")
        // The dashboard's address as a browser shows it: the token leaves the address.
        let pasted = try await CommandRun.medsweepOffPool("status", "--url", "http://127.0.0.1:\(port)/?token=secret")
        #expect(pasted.standardError.contains("http://127.0.0.1:\(port)/api/status:"), "\(pasted.standardError)")
        #expect(!pasted.standardError.contains("secret"), "\(pasted.standardError)")
        let missing = try await CommandRun.medsweepOffPool("status", "--journal", "/nonexistent/sweep.journal")
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("/nonexistent/sweep.journal"))
    }

    @Test func aBadHTTPAddressIsRefused() async throws {
        let fixture = try ClusterFixture(name: "bad-http")
        defer { fixture.remove() }
        let run = try await CommandRun.medsweepOffPool(
            "coordinator", fixture.sweepPath, "--listen", fixture.url, "--journal", fixture.journalPath, "--http", "8080")
        #expect(run.status == 64)
        #expect(run.standardError.contains("--http 8080 is not an address"), "\(run.standardError)")
    }

    @Test(.timeLimit(.minutes(1))) func anHTTPPortInUseStopsTheCoordinatorNamingIt() async throws {
        let fixture = try ClusterFixture(name: "busy-http")
        defer { fixture.remove() }
        // A plain listening socket holds the port.
        let taken = try TakenPort()
        let port = taken.port
        let run = try await CommandRun.medsweepOffPool(
            "coordinator", fixture.sweepPath, "--listen", fixture.url, "--journal", fixture.journalPath, "--http", ":\(port)")
        #expect(run.status == 2)
        #expect(run.standardError.contains("medsweep: error: --http :\(port): the port is in use\n"), "\(run.standardError)")
        #expect(!run.standardError.contains("bind("), "\(run.standardError)")
    }
}
