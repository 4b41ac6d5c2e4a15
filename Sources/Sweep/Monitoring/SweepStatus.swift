/// Everything a person watching a sweep wants at a glance: totals, throughput and ETA, every
/// worker, progress and running accuracy per model × task × language, and recent events.
///
/// The coordinator serves it as `GET /api/status` (README, "Watching a sweep"); `medsweep
/// status` reads it from there or builds it from a journal. Field names are the JSON keys.
/// New fields may be added; none is removed or changes meaning without a new `version`.
public struct SweepStatus: Codable, Sendable, Equatable {
    public static let currentVersion = 1

    /// Schema version of this document.
    public var version: Int
    public var sweep: String
    /// `coordinator` (live: leases with progress, worker rates) or `journal` (read from the file
    /// alone: what was committed, and which leases were open).
    public var source: Source
    /// Unix time this status was made.
    public var generatedAt: Double
    /// Seconds since the coordinator started (nil when read from a journal).
    public var uptimeSeconds: Double?
    /// Every unit is done or failed.
    public var finished: Bool
    /// Where the sweep stands: running, stopping (told to stop: the units out finish), stopped
    /// (no coordinator serves it, and units are left), or finished. nil from a coordinator
    /// older than this field.
    public var phase: Phase?

    public enum Phase: String, Codable, Sendable {
        case running, stopping, stopped, finished
    }
    public var totals: Totals
    public var throughput: Throughput
    /// Row and column order for tables: models, tasks (corpus names) and languages as planned.
    public var models: [String]
    public var tasks: [TaskName]
    public var languages: [String]
    /// Every worker working, idle or holding a lease, and the most recently seen others up to a
    /// limit (`JournalWatcher.listedWorkerLimit`).
    public var workers: [WorkerStatus]
    /// Workers of the journal not listed (lost or gone long ago): ids that came and went do not
    /// weigh on every status.
    public var workersNotListed: Int
    /// One per model × task × language with units in the journal.
    public var cells: [CellStatus]
    /// Newest first.
    public var events: [EventStatus]
    /// Requests the coordinator refused since it started (bad token, malformed, too large).
    public var rejectedMessages: Int
    /// Leases that expired without a heartbeat, over the whole sweep.
    public var leaseExpiries: Int

    public enum Source: String, Codable, Sendable {
        case coordinator, journal
    }

    public struct TaskName: Codable, Sendable, Equatable {
        /// The corpus name the sweep file and reports use (`medqa_4opts`).
        public var id: String
        /// The short label of the paper's tables (`MedQA 4 opts`).
        public var label: String
    }

    public struct Totals: Codable, Sendable, Equatable {
        public var units: Int
        public var unitsDone: Int
        public var unitsLeased: Int
        public var unitsQueued: Int
        public var unitsFailed: Int
        public var questions: Int
        /// Questions of done units.
        public var questionsDone: Int
        /// Questions scored in units still running, as their workers' heartbeats report.
        public var questionsInFlight: Int
        /// Questions whose top token is the gold letter (the paper's accuracy).
        public var correct: Int
        /// `correct / questionsDone`, nil before the first result.
        public var accuracy: Double?
        /// Prompt tokens of the committed questions (the prompts scored)...
        public var promptTokens: Int
        /// ...and those the engine computed for them: the rest came from the prefix cache or
        /// a prefix shared by a question's languages, computed once. Nil when no result records
        /// it (journals written before schema v4).
        public var promptTokensComputed: Int?

        /// Units in `state`.
        public func units(_ state: UnitState) -> Int {
            switch state {
            case .queued: unitsQueued
            case .leased: unitsLeased
            case .done: unitsDone
            case .failed: unitsFailed
            }
        }
    }

    public struct Throughput: Codable, Sendable, Equatable {
        /// Committed questions per second over the last `windowSeconds`.
        public var questionsPerSecond: Double
        public var unitsPerSecond: Double
        public var windowSeconds: Double
        /// Seconds to go at `questionsPerSecond`; nil when nothing was committed lately.
        public var etaSeconds: Double?
        /// Committed questions per second in buckets of `bucketSeconds`, oldest first, the
        /// last one ending now (the dashboard's sparkline).
        public var history: [Double]
        public var bucketSeconds: Double
    }

    public struct WorkerStatus: Codable, Sendable, Equatable {
        public var id: String
        public var host: String
        public var pid: Int
        public var cores: Int
        /// The threads scoring its latest unit (live from the coordinator; nil before its first
        /// heartbeat, or from a journal).
        public var threads: Int?
        public var state: WorkerState
        /// The model it has loaded (live only).
        public var model: String?
        /// Where its engine runs, as its hello said: "cpu, …" or "vulkan, DEVICE (…)" (live only).
        public var backend: String?
        public var lease: Int64?
        /// The unit it is scoring: its label, and how far along.
        public var unit: String?
        public var questionsDone: Int?
        public var questionCount: Int?
        public var speculative: Bool?
        /// Its latest rate, from heartbeats and results (live only).
        public var questionsPerSecond: Double?
        public var tokensPerSecond: Double?
        /// Seconds since the coordinator last heard from it.
        public var lastHeardSecondsAgo: Double?
        public var unitsDone: Int
    }

    public enum WorkerState: String, Codable, Sendable {
        /// Holds a lease.
        case working
        /// Heard from lately, holds no lease (waiting for work, or loading).
        case idle
        /// Silent for longer than a lease lasts.
        case lost
        /// Was told the sweep is finished.
        case finished
        /// Known from the journal only.
        case seen
    }

    /// A model × task × language. Its units are those holding the language (a unit holds a
    /// slice of questions in every language of the sweep, so it is in several cells); its
    /// questions are theirs in this language.
    public struct CellStatus: Codable, Sendable, Equatable {
        public var model: String
        public var task: String
        public var language: String
        public var units: Int
        public var unitsDone: Int
        public var unitsLeased: Int
        public var unitsQueued: Int
        public var unitsFailed: Int
        public var questions: Int
        public var questionsDone: Int
        public var correct: Int
        /// Running accuracy over the done questions, nil before the first.
        public var accuracy: Double?
    }

    public struct EventStatus: Codable, Sendable, Equatable {
        /// Unix time.
        public var at: Double
        /// Encoded by its wire name (`worker-joined`, `worker-lost`, `worker-back`,
        /// `lease-expired`, `lease-abandoned`, `lease-failed`, `unit-failed`, `coordinator-start`,
        /// `sweep-finished`).
        public var kind: JournalEventKind
        public var worker: String?
        /// The unit's label (`model/task/lang/set shard`).
        public var unit: String?
        public var detail: String?
    }
}
