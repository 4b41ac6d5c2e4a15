import Foundation
import Sweep
import Testing
import TestSupport

extension MultiProcessSweeps {
    /// `run --backend vulkan`: workers as processes, scoring on the Vulkan device (lavapipe in
    /// CI), answer as the CPU backend's workers do; with no usable device, nothing starts.
    @Suite struct VulkanSweepTests {
        static var vulkanAvailable: Bool {
            (try? CommandRun.medsweep("vulkan-info"))?.status == 0
        }

        @Test(.timeLimit(.minutes(5)), .enabled(if: vulkanAvailable, "no Vulkan device (apt-get install mesa-vulkan-drivers)"))
        func aSweepOnTheVulkanBackendAnswersAsTheCPUBackend() async throws {
            let fixture = try ClusterFixture(name: "vulkan", type: .q4_K_M, tasks: ["MMLU_anatomy", "PubMedQA"], languages: ["en", "fr"],
                                             sets: [1], shardSize: 3)
            defer { fixture.remove() }
            var answers: [String: [String?]] = [:]
            for backend in ["cpu", "vulkan"] {
                let journal = fixture.journalPath + "." + backend
                let run = try await CommandRun.medsweepOffPool(
                    "run", fixture.sweepPath, "--workers", "1", "--threads", "1", "--journal", journal, "--backend", backend)
                #expect(run.status == 0, "\(backend): \(run.standardError.suffix(2000))")
                let records = try Journal.openForReading(path: journal).records()
                answers[backend] = records.map(\.topTokenLetter)
                #expect(!records.isEmpty)
                // The worker said where it ran.
                let hello = try Journal.openForReading(path: journal).events(kind: .workerHello)
                #expect(hello.contains { $0.detail?.contains(backend == "cpu" ? "cpu, " : "vulkan, ") == true }, "\(hello)")
            }
            let differing = zip(answers["cpu"]!, answers["vulkan"]!).filter { $0 != $1 }.count
            print("vulkan sweep: \(answers["cpu"]!.count) answers, \(differing) top-1 letters differ from the CPU backend's")
            #expect(answers["cpu"]! == answers["vulkan"]!)
        }

        @Test func withoutAUsableDeviceNothingStarts() throws {
            let fixture = try ClusterFixture(name: "no-vulkan", tasks: ["MedQA"], languages: ["en"], sets: [1])
            defer { fixture.remove() }
            let run = try CommandRun.run(
                CommandRun.medsweep, ["run", fixture.sweepPath, "--journal", fixture.journalPath, "--backend", "vulkan"],
                environment: ["MEDSWEEP_VULKAN_DEVICE": "99"])
            #expect(run.status == 2)
            #expect(run.standardError.contains("--backend vulkan") && run.standardError.contains("MEDSWEEP_VULKAN_DEVICE=99"), "\(run.standardError)")
            #expect(!FileManager.default.fileExists(atPath: fixture.journalPath), "no journal: nothing was started")
            let worker = try CommandRun.run(
                CommandRun.medsweep, ["worker", "--connect", fixture.url, "--backend", "vulkan"],
                environment: fixture.environment.merging(["MEDSWEEP_VULKAN_DEVICE": "99"]) { $1 })
            #expect(worker.status == 2)
            #expect(worker.standardError.contains("MEDSWEEP_VULKAN_DEVICE=99"), "\(worker.standardError)")
        }
    }
}
