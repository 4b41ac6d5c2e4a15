import Foundation
import Testing
import TestSupport

extension MultiProcessSweeps {
    /// What batch schedulers and probes need from a worker: giving up on a coordinator that is gone
    /// for good, and a file that says the coordinator answers.
    @Suite struct WorkerBatchOptionsTests {
        @Test(.timeLimit(.minutes(1))) func aWorkerGivesUpOnAnAbsentCoordinatorWithStatusThree() async throws {
            let port = try ClusterFixture.freePort()
            let worker = try SpawnedProcess("lonely", ["worker", "--connect", "tcp://127.0.0.1:\(port)", "--give-up-after", "2"])
            let status = await worker.waitForExit(timeout: .seconds(40))
            #expect(status == 3, "\(worker.standardError.suffix(1000))")
            #expect(worker.standardError.contains("no reply from the coordinator at tcp://127.0.0.1:\(port)"))
            #expect(worker.standardError.contains("giving up"))
        }

        @Test(.timeLimit(.minutes(2))) func theReadyFileIsWrittenWhileTheCoordinatorAnswers() async throws {
            let fixture = try ClusterFixture(name: "ready-file", tasks: ["MedQA"], languages: ["en"], sets: [1])
            defer { fixture.remove() }
            let readyPath = fixture.folder + "/ready"
            let coordinator = try fixture.coordinator()
            let worker = try fixture.worker("probed", ["--ready-file", readyPath])
            let statuses = await ClusterFixture.waitForAll([coordinator, worker], timeout: .seconds(60))
            #expect(statuses == [0, 0], "\(worker.standardError.suffix(1000))")
            let text = try String(contentsOfFile: readyPath, encoding: .utf8)
            let written = try #require(Double(text.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(abs(Date().timeIntervalSince1970 - written) < 120)
        }

        @Test func badValuesAreRefused() async throws {
            let negative = try await CommandRun.medsweepOffPool("worker", "--connect", "tcp://127.0.0.1:1", "--give-up-after", "0")
            #expect(negative.status == 64)
            #expect(negative.standardError.contains("--give-up-after 0.0 is outside"))
            let nowhere = try await CommandRun.medsweepOffPool("worker", "--connect", "tcp://127.0.0.1:1", "--ready-file", "/nonexistent/dir/ready")
            #expect(nowhere.status == 64)
            #expect(nowhere.standardError.contains("--ready-file /nonexistent/dir/ready: folder /nonexistent/dir does not exist"))
        }
    }
}
