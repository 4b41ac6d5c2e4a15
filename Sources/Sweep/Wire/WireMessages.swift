/// The bodies of the wire protocol's messages (DESIGN.md, "Wire protocol"). Requests go from a
/// worker to the coordinator; each gets exactly one reply.
///
///     hello      → welcome
///     lease      → unit | wait | finished
///     heartbeat  → ok | cancel
///     result     → ack
///     (any)      → error          when the coordinator cannot accept the request
public enum WireKind: String, Codable, Sendable, CaseIterable {
    case hello, welcome
    case lease, unit, wait, finished
    case heartbeat, ok, cancel
    case result, ack
    case error
}

public struct HelloBody: Codable, Sendable, Equatable {
    public var worker: String
    public var host: String
    public var pid: Int
    public var cores: Int
    public var engineVersion: String
    public var loadedModel: String?
    /// Where its engine runs: "cpu, avx512-vnni kernels, 16 threads", "vulkan, NVIDIA H200 (…)"
    /// (absent from workers older than the Vulkan backend).
    public var backend: String?

    public init(
        worker: String, host: String, pid: Int, cores: Int, engineVersion: String, loadedModel: String? = nil, backend: String? = nil
    ) {
        self.backend = backend
        self.worker = worker
        self.host = host
        self.pid = pid
        self.cores = cores
        self.engineVersion = engineVersion
        self.loadedModel = loadedModel
    }
}

public struct WelcomeBody: Codable, Sendable, Equatable {
    /// Changes each time a coordinator starts, so a worker can tell it was restarted.
    public var coordinator: String
    public var sweep: String
    public var heartbeatSeconds: Double
    public var leaseSeconds: Double

    public init(coordinator: String, sweep: String, heartbeatSeconds: Double, leaseSeconds: Double) {
        self.coordinator = coordinator
        self.sweep = sweep
        self.heartbeatSeconds = heartbeatSeconds
        self.leaseSeconds = leaseSeconds
    }
}

public struct LeaseBody: Codable, Sendable, Equatable {
    public var worker: String
    /// The model the worker has in memory: units of it are preferred.
    public var loadedModel: String?

    public init(worker: String, loadedModel: String?) {
        self.worker = worker
        self.loadedModel = loadedModel
    }
}

/// The model file a unit runs on, as the coordinator checked it.
public struct ModelReference: Codable, Sendable, Equatable {
    public var name: String
    public var path: String
    public var sha256: String
}

/// A leased unit with everything needed to score it: no worker reads the benchmark.
public struct UnitBody: Codable, Sendable, Equatable {
    public var lease: Int64
    public var speculative: Bool
    public var unit: WorkUnit
    public var model: ModelReference
    /// In scoring order (prompts sharing a prefix one after another).
    public var questions: [UnitQuestion]
    /// The sweep's threads per worker (0: the worker's choice).
    public var threads: Int
}

public struct WaitBody: Codable, Sendable, Equatable {
    /// Ask again after this long.
    public var seconds: Double
}

public struct FinishedBody: Codable, Sendable, Equatable {
    public var unitsDone: Int
    public var unitsFailed: Int
}

public struct HeartbeatBody: Codable, Sendable, Equatable {
    public var worker: String
    public var lease: Int64
    public var unit: String
    public var questionsDone: Int
    /// The unit's rates so far: questions, and prompt tokens scored, per second of scoring.
    /// Optional so workers of the first protocol release still decode.
    public var questionsPerSecond: Double?
    public var tokensPerSecond: Double?
    /// The threads scoring the unit (the sweep's, the worker's --threads, or its cores);
    /// optional for the same reason.
    public var threads: Int?

    public init(
        worker: String, lease: Int64, unit: String, questionsDone: Int, questionsPerSecond: Double? = nil,
        tokensPerSecond: Double? = nil, threads: Int? = nil
    ) {
        self.worker = worker
        self.lease = lease
        self.unit = unit
        self.questionsDone = questionsDone
        self.questionsPerSecond = questionsPerSecond
        self.tokensPerSecond = tokensPerSecond
        self.threads = threads
    }
}

public struct OkBody: Codable, Sendable, Equatable {
    /// Seconds until the lease expires without another heartbeat.
    public var leaseSeconds: Double
}

public struct CancelBody: Codable, Sendable, Equatable {
    public var reason: String
}

/// A worker's answer for a leased unit: its results, an error that stopped it, or the unit
/// handed back unscored (the worker is shutting down).
public struct ResultBody: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        case scored, failed, returned
    }

    public var worker: String
    public var lease: Int64
    public var unit: String
    public var outcome: Outcome
    /// With `scored`: one per question, in the unit's question order.
    public var results: [QuestionResult]?
    /// With `failed`: why.
    public var error: String?

    public init(worker: String, lease: Int64, unit: String, outcome: Outcome, results: [QuestionResult]? = nil, error: String? = nil) {
        self.worker = worker
        self.lease = lease
        self.unit = unit
        self.outcome = outcome
        self.results = results
        self.error = error
    }
}

public struct AckBody: Codable, Sendable, Equatable {
    public var outcome: CommitOutcome
}

public struct ErrorBody: Codable, Sendable, Equatable {
    public enum Code: String, Codable, Sendable {
        /// Not a JSON envelope.
        case malformed
        case unsupportedVersion = "unsupported_version"
        case tooLarge = "too_large"
        case unauthorized
        /// A kind the coordinator does not accept as a request.
        case unknownKind = "unknown_kind"
        case unknownUnit = "unknown_unit"
        /// A lease asked for by a worker id that has not said hello to this coordinator (it
        /// restarted, or the worker abandoned a lease): the worker says hello and asks again.
        case unknownWorker = "unknown_worker"
        /// Results that do not answer the unit's questions.
        case invalidResult = "invalid_result"
        /// The journal could not record the request, or too many new workers said hello at once;
        /// the worker should retry.
        case unavailable
    }

    public var code: Code
    public var message: String
}
