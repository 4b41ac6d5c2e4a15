import Foundation
import Sweep
import Testing
import TestSupport

extension MultiProcessSweeps {
    /// A worker's progress inside a unit reaches the status as it moves, though heartbeats are
    /// seconds apart (it showed 0 of N until the unit was done), with the threads scoring it.
    @Suite struct WorkerProgressTests {
        @Test(.timeLimit(.minutes(3))) func progressInsideAUnitIsSeenBeforeTheUnitIsDone() async throws {
            // F16 and the demo's 3 questions in all 8 languages a unit: units of about two seconds,
            // scored a question (8 prompts) at a time; a heartbeat every 20 s.
            let fixture = try ClusterFixture(
                name: "progress", type: .f16, tasks: ["MedQA", "PubMedQA"], languages: ["en", "es", "de", "pt", "ru", "fr", "ar", "zh"],
                sets: [1, 2], shardSize: 3, leaseSeconds: 60, heartbeatSeconds: 20)
            defer { fixture.remove() }
            let port = try ClusterFixture.freePort()
            let http = "http://127.0.0.1:\(port)/"
            let coordinator = try fixture.coordinator(["--http", ":\(port)", "--linger", "30"])
            defer { coordinator.signal(SIGKILL) }
            let worker = try fixture.worker("w1")
            defer { worker.signal(SIGKILL) }

            var partial: SweepStatus.WorkerStatus?
            let deadline = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < deadline, partial == nil {
                if let response = try? await MonitorClusterTests.get(http + "api/status"), response.status == 200,
                   let status = try? JSONDecoder().decode(SweepStatus.self, from: Data(response.body.utf8)) {
                    partial = status.workers.first { worker in
                        guard let done = worker.questionsDone, let count = worker.questionCount else { return false }
                        return done > 0 && done < count
                    }
                    if status.finished { break }
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            let seen = try #require(partial, "no status showed a unit part done; worker log:\n\(worker.standardError.suffix(2000))")
            #expect(seen.threads == 1)
            #expect(seen.unit?.hasSuffix("(questions 1–3)") == true, "\(seen.unit ?? "")")
        }
    }
}
