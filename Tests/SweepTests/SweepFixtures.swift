import Benchmark
import Engine
import Foundation
import Logging
@testable import Sweep
import TestSupport

/// What the Sweep tests share: tiny runnable model files (written once per process), sweeps
/// built in code over the demo benchmark, plans, journals and coordinators in a temporary
/// folder that is removed when the test process exits.
enum SweepFixtures {
    /// This process's folder for models, journals and other files the tests write.
    static let folder: String = {
        let path = temporaryPath("sweeptests")
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: SweepFixtures.folder) }
        return path
    }()

    /// A fresh path in `folder`.
    static func path(_ name: String) -> String {
        folder + "/" + UUID().uuidString + "-" + name
    }

    /// Model files: the fixtures' widths, one block and a small vocabulary (a few hundred KB).
    static let modelA: String = writeModel(seed: 1)
    static let modelB: String = writeModel(seed: 2)

    static func writeModel(seed: UInt64) -> String {
        var config = MistralConfig.tiny
        config.blockCount = 1
        config.vocabularySize = 600
        config.contextLength = 512
        let path = path("tiny-seed\(seed).gguf")
        try! SyntheticModel(config: config, fileType: .q4_0, seed: seed).write(to: path)
        return path
    }

    static var modelsA: [SweepFile.Model] { [.init(name: "tiny-a", path: modelA)] }
    static var modelsAB: [SweepFile.Model] { [.init(name: "tiny-a", path: modelA), .init(name: "tiny-b", path: modelB)] }

    /// A sweep of the demo benchmark (3 questions per task and language).
    static func sweep(
        name: String = "test-sweep", models: [SweepFile.Model] = modelsA, tasks: [BenchmarkTask]? = [.medQA],
        languages: [BenchmarkLanguage]? = [.en], sets: [FewShotSet] = [1], shardSize: Int = 3, lease: Double = 120,
        heartbeat: Double = 10, maxAttempts: Int = 3
    ) -> SweepFile {
        SweepFile(
            name: name, benchmark: .demo, models: models, tasks: tasks, languages: languages, fewShotSets: sets,
            shardSize: shardSize, leaseSeconds: lease, heartbeatSeconds: heartbeat, maxAttempts: maxAttempts)
    }

    static func plan(
        models: [SweepFile.Model] = modelsA, tasks: [BenchmarkTask]? = [.medQA], languages: [BenchmarkLanguage]? = [.en],
        sets: [FewShotSet] = [1], shardSize: Int = 3, lease: Double = 120, heartbeat: Double = 10, maxAttempts: Int = 3
    ) throws -> Plan {
        try Plan.make(sweep(
            models: models, tasks: tasks, languages: languages, sets: sets, shardSize: shardSize, lease: lease,
            heartbeat: heartbeat, maxAttempts: maxAttempts))
    }

    static let quietLogger = Logger(label: "sweep-tests", factory: { _ in SwiftLogNoOpLogHandler() })

    static func coordinator(
        plan: Plan, journalPath: String = path("journal.sqlite"), token: String? = "secret", maxMessageBytes: Int = 4 << 20,
        replyCacheSize: Int = 4096
    ) throws -> Coordinator {
        let journal = try Journal.openForWriting(path: journalPath)
        return try Coordinator(
            plan: plan, journal: journal,
            settings: CoordinatorSettings(token: token, maxMessageBytes: maxMessageBytes, replyCacheSize: replyCacheSize),
            logger: quietLogger)
    }

    /// Plausible results for `questions`, in their order: the first letter on top.
    static func results(
        for questions: [UnitQuestion], probabilities: (UnitQuestion) -> [Double] = { q in q.letters.map { _ in 1 / Double(q.letters.count) } },
        top: Double = 0.5
    ) -> [QuestionResult] {
        questions.map { question in
            QuestionResult(
                questionID: question.id, index: question.index, language: question.language, topTokenID: 330, topTokenPiece: "▁A",
                topTokenText: " " + (question.letters.first ?? ""), topTokenProbability: top,
                topLetter: question.letters.first, letterProbabilities: probabilities(question), promptTokens: 42, computedTokens: 40, seconds: 0.25)
        }
    }

    /// Probabilities whose decimal forms are awkward: not exact in binary, near the bottom of
    /// the range, subnormal, negative zero.
    static let awkwardValues: [Double] = [0.1, 1e-300, 1.0 / 3.0, .leastNonzeroMagnitude, 0.7, -0.0, 1, 2.2250738585072014e-308, 0.30000000000000004]

    /// The bit patterns of every Double a result holds, for exact comparison.
    static func bits(_ results: [QuestionResult]) -> [UInt64] {
        results.flatMap { [$0.topTokenProbability.bitPattern, $0.seconds.bitPattern] + $0.letterProbabilities.map(\.bitPattern) }
    }
}

/// A test double of a worker: speaks the protocol to a coordinator in process, with envelopes
/// as nng would carry them, scripted by the test instead of scoring anything.
struct FakeWorker {
    let coordinator: Coordinator
    var worker: String
    var token: String? = "secret"
    private var counter = 0

    init(_ coordinator: Coordinator, worker: String, token: String? = "secret") {
        self.coordinator = coordinator
        self.worker = worker
        self.token = token
    }

    mutating func nextRequest() -> String {
        counter += 1
        return "\(worker)#\(counter)"
    }

    func bytes<Body: Codable>(_ kind: WireKind, _ body: Body, request: String) -> [UInt8] {
        Envelope.encode(kind, request: request, token: token, body: body)
    }

    mutating func send<Body: Codable>(_ kind: WireKind, _ body: Body) async -> [UInt8] {
        await coordinator.handle(bytes(kind, body, request: nextRequest()))
    }

    mutating func hello(loadedModel: String? = nil) async -> [UInt8] {
        await send(.hello, HelloBody(worker: worker, host: "test-host", pid: 1234, cores: 4, engineVersion: "test", loadedModel: loadedModel))
    }

    /// A lease request as a worker makes it: told to say hello first (`unknown_worker`), it
    /// does, and asks again.
    mutating func lease(loadedModel: String? = nil) async -> [UInt8] {
        let reply = await bareLease(loadedModel: loadedModel)
        guard Reply.error(reply) == .unknownWorker else { return reply }
        _ = await hello(loadedModel: loadedModel)
        return await bareLease(loadedModel: loadedModel)
    }

    /// A lease request alone, as a worker that never said hello sends it.
    mutating func bareLease(loadedModel: String? = nil) async -> [UInt8] {
        await send(.lease, LeaseBody(worker: worker, loadedModel: loadedModel))
    }

    mutating func heartbeat(lease: Int64, unit: String, questionsDone: Int = 1) async -> [UInt8] {
        await send(.heartbeat, HeartbeatBody(worker: worker, lease: lease, unit: unit, questionsDone: questionsDone))
    }

    func resultBody(_ unit: UnitBody, results: [QuestionResult]) -> ResultBody {
        ResultBody(worker: worker, lease: unit.lease, unit: unit.unit.id, outcome: .scored, results: results, error: nil)
    }

    mutating func result(_ body: ResultBody) async -> [UInt8] {
        await send(.result, body)
    }
}

/// Reading replies.
enum Reply {
    static func kind(_ bytes: [UInt8]) -> String? {
        try? Envelope.header(bytes).kind
    }

    static func request(_ bytes: [UInt8]) -> String? {
        try? Envelope.header(bytes).request
    }

    static func error(_ bytes: [UInt8]) -> ErrorBody.Code? {
        guard kind(bytes) == WireKind.error.rawValue else { return nil }
        return try? Envelope.body(ErrorBody.self, from: bytes).code
    }

    static func unit(_ bytes: [UInt8]) -> UnitBody? {
        guard kind(bytes) == WireKind.unit.rawValue else { return nil }
        return try? Envelope.body(UnitBody.self, from: bytes)
    }

    static func ack(_ bytes: [UInt8]) -> CommitOutcome? {
        guard kind(bytes) == WireKind.ack.rawValue else { return nil }
        return try? Envelope.body(AckBody.self, from: bytes).outcome
    }

    static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(600), as: UTF8.self)
    }
}

extension SweepStatus {
    /// The ids of the leases the status shows, in order.
    var leaseIDs: [Int64] { workers.compactMap(\.lease).sorted() }
}

/// What the tests count in a journal, in the journal's own vocabulary.
extension Journal {
    /// Units per state.
    func unitCounts() throws -> [UnitState: Int] {
        Dictionary(grouping: try unitStates(), by: \.state).mapValues(\.count)
    }

    /// Leases by outcome; nil counts the active ones.
    func leaseCounts() throws -> [LeaseOutcome?: Int] {
        let counts = try counts()
        var leases: [LeaseOutcome?: Int] = [:]
        for (outcome, count) in counts.endedLeases { leases[outcome] = count }
        if counts.activeLeases > 0 { leases[nil] = counts.activeLeases }
        return leases
    }

    /// The status the journal alone gives.
    func status() throws -> SweepStatus {
        try JournalWatcher(journal: self).status()
    }
}
