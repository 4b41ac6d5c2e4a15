import Foundation
import Testing

extension MultiProcessSweeps {
    /// A stop signal sent the moment the coordinator says it is listening stops it. The handler
    /// used to be registered by libdispatch after the line was printed, with the signal ignored
    /// meanwhile, so a supervisor quick to react (a test on a loaded machine) was ignored and
    /// the coordinator ran on.
    @Suite struct SignalAtStartTests {
        @Test(.timeLimit(.minutes(2))) func aSigtermRightAfterListeningStopsTheCoordinatorEveryTime() async throws {
            let fixture = try ClusterFixture(name: "signal-at-start", tasks: ["PubMedQA"], languages: ["en"], sets: [1])
            defer { fixture.remove() }
            for attempt in 1 ... 5 {
                let coordinator = try fixture.coordinator(name: "coordinator-\(attempt)")
                #expect(await coordinator.waitForLine(matching: "listening on", timeout: .seconds(30)) != nil)
                coordinator.signal(attempt.isMultiple(of: 2) ? SIGINT : SIGTERM)
                let status = await coordinator.waitForExit(timeout: .seconds(20))
                if status == nil { coordinator.signal(SIGKILL) }
                #expect(status == 0, "attempt \(attempt): stderr:\n\(coordinator.standardError.suffix(2000))")
            }
        }
    }
}
