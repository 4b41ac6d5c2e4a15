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
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 1) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        #expect(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let run = try await CommandRun.medsweepOffPool(
            "coordinator", fixture.sweepPath, "--listen", fixture.url, "--journal", fixture.journalPath, "--http", ":\(port)")
        #expect(run.status == 2)
        #expect(run.standardError.contains("medsweep: error: --http :\(port): the port is in use\n"), "\(run.standardError)")
        #expect(!run.standardError.contains("bind("), "\(run.standardError)")
    }
}
