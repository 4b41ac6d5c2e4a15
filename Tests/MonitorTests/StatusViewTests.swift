import Foundation
import Monitor
@testable import Sweep
import Testing

@Suite struct StatusViewTests {
    static func sample(finished: Bool = false) -> SweepStatus {
        SweepStatus(
            version: 1, sweep: "paper", source: .coordinator, generatedAt: 1_800_000_000, uptimeSeconds: 125, finished: finished,
            totals: .init(
                units: 40, unitsDone: 10, unitsLeased: 2, unitsQueued: 27, unitsFailed: 1, questions: 400, questionsDone: 100,
                questionsInFlight: 7, correct: 55, accuracy: 0.55, promptTokens: 1_200_000, promptTokensComputed: 480_000),
            throughput: .init(
                questionsPerSecond: 2.5, unitsPerSecond: 0.25, windowSeconds: 60, etaSeconds: 120, history: [0, 1, 2.5],
                bucketSeconds: 5),
            models: ["BioMistral-7B"], tasks: [.init(id: "MedQA", label: "MedQA")], languages: ["en"],
            workers: [
                .init(
                    id: "gpu-node-1", host: "node1", pid: 7, cores: 32, state: .working, model: "BioMistral-7B", lease: 12,
                    unit: "BioMistral-7B MedQA en set 1 shard 3 (questions 31–40)", questionsDone: 7, questionCount: 10,
                    speculative: false, questionsPerSecond: 1.5, tokensPerSecond: 900, lastHeardSecondsAgo: 0.4, unitsDone: 9),
                .init(id: "gpu-node-2", host: "node2", pid: 8, cores: 32, state: .lost, lastHeardSecondsAgo: 300, unitsDone: 1),
            ],
            workersNotListed: 0,
            cells: [.init(
                model: "BioMistral-7B", task: "MedQA", language: "en", units: 40, unitsDone: 10, unitsLeased: 2, unitsQueued: 27,
                unitsFailed: 1, questions: 400, questionsDone: 100, correct: 55, accuracy: 0.55)],
            events: [.init(at: 1_800_000_000, kind: .workerLost, worker: "gpu-node-2", unit: nil, detail: "silent for 300 s")],
            rejectedMessages: 0, leaseExpiries: 1)
    }

    @Test func plainTextHasTheNumbersAndNoEscapes() {
        let lines = StatusView(style: .plain, width: 120).render(Self.sample())
        let text = lines.joined(separator: "\n")
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("sweep paper"))
        #expect(text.contains("units 11/40"))
        #expect(text.contains("10 done · 2 running · 27 queued · 1 failed"))
        #expect(text.contains("questions 100/400 (+7 in flight)"))
        #expect(text.contains("ETA 2m00s"))
        #expect(text.contains("accuracy 55.0%"))
        #expect(text.contains("prompt tokens computed 480.0k of 1.2M (2.50x fewer)"))
        #expect(text.contains("gpu-node-1"))
        #expect(text.contains("7/10"))
        #expect(text.contains("worker lost"))
        #expect(lines.allSatisfy { $0.count <= 120 })
    }

    @Test func ansiStyleColoursAndFitsTheHeight() {
        let lines = StatusView(style: .ansi, width: 100, height: 12).render(Self.sample())
        #expect(lines.joined().contains("\u{1B}[32m"))
        #expect(lines.count <= 12)
    }

    @Test func summaryLineSaysFinished() {
        let line = StatusView.summary(Self.sample(finished: true))
        #expect(line.contains("finished"))
        #expect(!line.contains("ETA"))
    }

    @Test func durations() {
        #expect(StatusView.duration(44) == "44s")
        #expect(StatusView.duration(185) == "3m05s")
        #expect(StatusView.duration(7800) == "2h10m")
    }

    @Test func statusRoundTripsThroughJSON() throws {
        let status = Self.sample()
        let data = try JSONEncoder().encode(status)
        #expect(try JSONDecoder().decode(SweepStatus.self, from: data) == status)
    }
}

@Suite struct HTTPAddressTests {
    @Test func parsesTheForms() {
        #expect(HTTPAddress(":8080") == HTTPAddress(host: "127.0.0.1", port: 8080))
        #expect(HTTPAddress("0.0.0.0:80") == HTTPAddress(host: "0.0.0.0", port: 80))
        #expect(HTTPAddress("[::1]:9000") == HTTPAddress(host: "::1", port: 9000))
        #expect(HTTPAddress(":8080")?.isLoopback == true)
        #expect(HTTPAddress("0.0.0.0:8080")?.isLoopback == false)
        #expect(HTTPAddress("[::1]:9000")?.description == "[::1]:9000")
    }

    @Test(arguments: ["8080", "host:", "host:99999", "host:-1", ":http", "a b:80", ""])
    func refusesWhatIsNotAnAddress(_ text: String) {
        #expect(HTTPAddress(text) == nil)
    }
}
