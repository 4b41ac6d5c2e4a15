import Engine
import Foundation
import Sweep
import Testing

extension MultiProcessSweeps {
    /// Fault 11 of issue 18: a model file gone missing between runs no longer blocks the other
    /// models: the coordinator offers to resume them, and with `--skip-missing-models` the
    /// missing one's units stay queued in the journal.
    @Suite struct MissingModelTests {
        @Test(.timeLimit(.minutes(2))) func theOtherModelsResumeAndTheMissingOnesUnitsStayQueued() async throws {
            let fixture = try ClusterFixture(name: "missing", tasks: ["PubMedQA"], languages: ["en"], sets: [1], shardSize: 3)
            defer { fixture.remove() }
            let kept = fixture.folder + "/kept.gguf", lost = fixture.folder + "/lost.gguf"
            let original = try fixture.plan().models[0].path
            try FileManager.default.copyItem(atPath: original, toPath: kept)
            try FileManager.default.copyItem(atPath: original, toPath: lost)
            let sweep = try String(contentsOfFile: fixture.sweepPath, encoding: .utf8)
                .replacingOccurrences(of: "  - name: tiny-1\n    path: \(original)", with: "  - name: kept\n    path: \(kept)\n  - name: lost\n    path: \(lost)")
            try sweep.write(toFile: fixture.sweepPath, atomically: true, encoding: .utf8)

            // A first run records both models' units, then stops.
            let first = try fixture.coordinator(name: "coordinator-1")
            #expect(await first.waitForLine(matching: "listening on", timeout: .seconds(30)) != nil)
            first.signal(SIGTERM)
            #expect(await first.waitForExit(timeout: .seconds(10)) == 0)
            let planned = try Journal.openForReading(path: fixture.journalPath).unitStates().count
            #expect(planned == 2)

            try FileManager.default.removeItem(atPath: lost)
            let refused = try fixture.coordinator(name: "coordinator-2")
            #expect(await refused.waitForExit(timeout: .seconds(20)) == 2)
            #expect(refused.standardError.contains(lost), "\(refused.standardError)")
            #expect(refused.standardError.contains("--skip-missing-models"), "\(refused.standardError)")

            let resumed = try fixture.coordinator(["--skip-missing-models"], name: "coordinator-3")
            let worker = try fixture.worker("w1")
            let statuses = await ClusterFixture.waitForAll([resumed, worker], timeout: .seconds(60))
            #expect(statuses == [0, 0], "coordinator stderr:\n\(resumed.standardError.suffix(3000))")
            let states = try Journal.openForReading(path: fixture.journalPath).unitStates()
            #expect(states.count == 2)
            #expect(states.filter { $0.state == .done }.count == 1)
            #expect(states.filter { $0.state == .queued }.count == 1)
            #expect(resumed.standardError.contains("lost"), "\(resumed.standardError.suffix(2000))")
        }
    }
}
