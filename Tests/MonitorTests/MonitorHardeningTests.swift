import Engine
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Monitor
import Sweep
import Testing
import TestSupport

/// Faults 5, 6 and 9 of issue 18 as monitoring sees them: a non-finite rate never breaks
/// `/api/status`, lost workers do not pile up in every status, and names from a journal are
/// shown without their terminal escapes.
@Suite struct MonitorHardeningTests {
    /// A coordinator on a one-unit sweep of a tiny model, and a monitor over it.
    static func coordinator(folder: String) throws -> (Coordinator, SweepMonitor) {
        var config = MistralConfig.tiny
        config.blockCount = 1
        config.vocabularySize = 600
        config.contextLength = 512
        let model = folder + "/tiny.gguf"
        try SyntheticModel(config: config, fileType: .q4_0, seed: 1).write(to: model)
        let sweep = SweepFile(
            name: "rates", benchmark: .demo, models: [.init(name: "tiny", path: model)], tasks: [.medQA], languages: [.en],
            fewShotSets: [1], shardSize: 3)
        let journal = try Journal.openForWriting(path: folder + "/sweep.journal")
        let coordinator = try Coordinator(
            plan: try Plan.make(sweep), journal: journal, settings: CoordinatorSettings(token: nil), logger: Logger(label: "test"))
        return (coordinator, SweepMonitor(journal: journal, coordinator: coordinator, maxAge: .zero))
    }

    /// A unit whose questions each took the smallest positive time: its rate is infinite.
    @Test(.timeLimit(.minutes(1))) func anInfiniteRateLeavesTheStatusServed() async throws {
        let folder = temporaryPath("monitor-rates")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (coordinator, monitor) = try Self.coordinator(folder: folder)
        func send<Body: Codable>(_ kind: WireKind, _ body: Body, _ n: Int) async -> [UInt8] {
            await coordinator.handle(Envelope.encode(kind, request: "w1#\(n)", body: body))
        }
        _ = await send(.hello, HelloBody(worker: "w1", host: "h", pid: 1, cores: 1, engineVersion: "t"), 1)
        let unit = try Envelope.body(UnitBody.self, from: await send(.lease, LeaseBody(worker: "w1", loadedModel: nil), 2))
        let results = unit.questions.map { question in
            QuestionResult(
                questionID: question.id, index: question.index, language: question.language, topTokenID: 1, topTokenPiece: "A",
                topTokenText: "A",
                topTokenProbability: 0.5, topLetter: "A", letterProbabilities: question.letters.map { _ in 0.25 },
                promptTokens: 10, computedTokens: 10, seconds: .leastNonzeroMagnitude)
        }
        let ack = await send(.result, ResultBody(worker: "w1", lease: unit.lease, unit: unit.unit.id, outcome: .scored, results: results), 3)
        #expect(try Envelope.header(ack).kind == "ack")

        let server = try await MonitorServer(
            monitor: monitor, address: HTTPAddress(host: "127.0.0.1", port: 0), token: nil, logger: Logger(label: "test")
        ).start()
        defer { Task { await server.stop() } }
        let (data, response) = try await URLSession.shared.data(from: URL(string: server.url + "api/status")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(String(decoding: data, as: UTF8.self))")
        let status = try JSONDecoder().decode(SweepStatus.self, from: data)
        #expect(status.totals.unitsDone == 1)
        let metrics = try await URLSession.shared.data(from: URL(string: server.url + "metrics")!)
        #expect((metrics.1 as? HTTPURLResponse)?.statusCode == 200)
        await server.stop()
    }

    /// Hundreds of workers heard from once, long ago: the status lists a bounded number and
    /// counts the rest.
    @Test func longLostWorkersAreSummarised() throws {
        let driver = try JournalDriver()
        defer { driver.remove() }
        for n in 0 ..< 300 { try driver.hello("phantom-\(n)", at: Double(n) * 0.001) }
        try driver.hello("recent", at: 3000)
        let status = try JournalWatcher(journal: driver.journal).status(now: JournalDriver.clock(3001))
        #expect(status.workers.count <= 100, "\(status.workers.count) workers listed")
        #expect(status.workers.contains { $0.id == "recent" })
    }

    /// A journal written before names were checked may hold escapes: they are shown escaped.
    @Test func namesAreShownWithoutTheirEscapes() throws {
        let driver = try JournalDriver()
        defer { driver.remove() }
        try driver.journal.recordWorker(
            id: "evil\u{1B}[2J", host: "host\n12:00:00 forged", pid: 1, cores: 1, engineVersion: "t", now: JournalDriver.clock(1))
        let status = try JournalWatcher(journal: driver.journal).status(now: JournalDriver.clock(2))
        for style in [StatusView.Style.plain, .ansi] {
            let lines = StatusView(style: style, width: 200).render(status)
            let text = lines.joined(separator: "\n")
            #expect(!text.contains("\u{1B}[2J"))
            #expect(!lines.contains { $0.hasPrefix("12:00:00 forged") })
        }
    }
}
