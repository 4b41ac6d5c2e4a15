import Foundation
import Sweep
import Testing

extension MultiProcessSweeps {
    /// Fault 11 of issue 18: `run` interrupted mid-unit hands the units in hand back through its
    /// own coordinator before it stops serving, so its workers leave at once and no lease is
    /// left open (they used to wait for a coordinator that had already stopped, until killed).
    @Suite struct InterruptTests {
        @Test(.timeLimit(.minutes(2))) func sigtermReturnsTheUnitsInHandAndLeavesNoLeaseOpen() async throws {
            let fixture = try ClusterFixture(name: "interrupt", type: .f16, shardSize: 3)
            defer { fixture.remove() }
            let run = try SpawnedProcess(
                "run", ["run", fixture.sweepPath, "--workers", "2", "--threads", "1", "--journal", fixture.journalPath, "--log-level", "info"])
            #expect(await run.waitForLine(matching: "lease [0-9]+: .* to local-", timeout: .seconds(60)) != nil)
            run.signal(SIGTERM)
            let status = await run.waitForExit(timeout: .seconds(60))
            #expect(status == 130, "run stderr:\n\(run.standardError.suffix(3000))")
            let counts = try Journal.openForReading(path: fixture.journalPath).counts()
            #expect(counts.activeLeases == 0, "\(counts)")
            #expect(!run.standardError.contains("results not delivered"), "\(run.standardError.suffix(3000))")
        }
    }
}
