import Benchmark
import Foundation
import Synchronization

/// Builds `SweepStatus` from a journal, reading only the events added since its last look,
/// and overlays a coordinator's live state when there is one (leases with progress, worker
/// rates). One watcher per journal; `status` may be called from any thread.
public final class JournalWatcher: Sendable {
    public static let recentEventLimit = 50
    /// Workers a status lists besides those working or holding a lease (the most recently
    /// seen); the rest are counted in `workersNotListed`.
    public static let listedWorkerLimit = 100
    /// The throughput window, and the sparkline's buckets.
    public static let windowSeconds = 60.0
    public static let bucketSeconds = 5.0
    public static let historyBuckets = 120

    private struct CellKey: Hashable {
        var model: String
        var task: String
        var language: String
    }

    private struct State {
        var lastEventID: Int64 = 0
        var correct: [CellKey: Int] = [:]
        /// Prompt tokens of committed results, and those the engine computed for them.
        var promptTokens = 0
        var computedTokens: Int?
        var leaseExpiries = 0
        /// Committed units of the last `historyBuckets` buckets: (time, questions).
        var completions: [(at: Double, questions: Int)] = []
        /// Newest last.
        var events: [SweepStatus.EventStatus] = []
        /// When the latest coordinator started (the throughput window starts no earlier).
        var coordinatorStartedAt: Double?
        /// The latest coordinator event was its stop.
        var coordinatorStopped = false
    }

    public let journal: Journal
    private let state = Mutex(State())

    /// Events read per query (tests make it small, to read in many batches).
    let eventBatchSize: Int

    public init(journal: Journal, eventBatchSize: Int = 20_000) {
        self.journal = journal
        self.eventBatchSize = eventBatchSize
    }

    /// The sweep's status now, from the journal alone (`Coordinator.status()` adds the
    /// coordinator's live view).
    public func status(now: Double = Date().timeIntervalSince1970) throws -> SweepStatus {
        try status(live: nil, now: now)
    }

    /// The sweep's status now. `live` is the coordinator's in-memory view (nil when reading a
    /// journal alone).
    func status(live: LiveState?, now: Double = Date().timeIntervalSince1970) throws -> SweepStatus {
        let present = Set((live?.workers ?? []).filter { !$0.lost && !$0.toldFinished }.map(\.id))
        return try state.withLock { state in
            let activity = try journal.activity(
                afterEventID: state.lastEventID, batchSize: eventBatchSize, including: present, workerLimit: Self.listedWorkerLimit
            ) { events in
                Self.absorb(events, into: &state, now: now)
            }
            var status = Self.assemble(activity, state: state, live: live, now: now)
            if status.phase == .running, live == nil, JournalLockProbe.isHeld(path: journal.path) == false {
                // No coordinator holds the journal: it was killed before it could say it stopped.
                status.phase = .stopped
            }
            return status
        }
    }

    private static func absorb(_ events: [Journal.Event], into state: inout State, now: Double) {
        let horizon = now - bucketSeconds * Double(historyBuckets)
        for event in events {
            state.lastEventID = event.id
            guard let kind = event.kind else { continue }
            switch kind {
            case .resultCommitted:
                if let unit = event.unit {
                    for (language, correct) in event.correct {
                        state.correct[CellKey(model: unit.model, task: unit.task, language: language), default: 0] += correct
                    }
                    if event.at >= horizon { state.completions.append((event.at, unit.questionCount)) }
                }
                state.promptTokens += event.promptTokens
                if let computed = event.computedTokens { state.computedTokens = (state.computedTokens ?? 0) + computed }
            case .leaseExpired:
                state.leaseExpiries += 1
            case .coordinatorStart:
                state.coordinatorStartedAt = event.at
                state.coordinatorStopped = false
            case .coordinatorStop:
                state.coordinatorStopped = true
            default:
                break
            }
            if kind.isShown {
                state.events.append(SweepStatus.EventStatus(
                    at: event.at, kind: kind, worker: event.workerID, unit: event.unit?.label, detail: event.detail))
            }
        }
        if state.events.count > recentEventLimit { state.events.removeFirst(state.events.count - recentEventLimit) }
        if let first = state.completions.firstIndex(where: { $0.at >= horizon }) {
            state.completions.removeFirst(first)
        } else {
            state.completions.removeAll()
        }
    }

    private static func assemble(_ activity: Journal.Activity, state: State, live: LiveState?, now: Double)
        -> SweepStatus
    {
        let cells = cells(activity, correct: state.correct)
        var totals = SweepStatus.Totals(
            units: 0, unitsDone: 0, unitsLeased: 0, unitsQueued: 0, unitsFailed: 0, questions: 0, questionsDone: 0,
            questionsInFlight: 0, correct: 0, accuracy: nil, promptTokens: 0, promptTokensComputed: nil)
        // A unit holds several languages, so it is in several cells: units are counted apart.
        totals.unitsDone = activity.unitStates[.done] ?? 0
        totals.unitsLeased = activity.unitStates[.leased] ?? 0
        totals.unitsQueued = activity.unitStates[.queued] ?? 0
        totals.unitsFailed = activity.unitStates[.failed] ?? 0
        totals.units = totals.unitsDone + totals.unitsLeased + totals.unitsQueued + totals.unitsFailed
        totals.promptTokens = state.promptTokens
        totals.promptTokensComputed = state.computedTokens
        for cell in cells {
            totals.questions += cell.questions
            totals.questionsDone += cell.questionsDone
            totals.correct += cell.correct
        }
        if totals.questionsDone > 0 { totals.accuracy = Double(totals.correct) / Double(totals.questionsDone) }
        totals.questionsInFlight = live?.leases.filter { !$0.speculative }.reduce(0) { $0 + $1.questionsDone } ?? 0
        let finished = totals.unitsDone + totals.unitsFailed == totals.units
        let phase: SweepStatus.Phase = if finished {
            .finished
        } else if let live {
            live.stopping ? .stopping : .running
        } else {
            state.coordinatorStopped ? .stopped : .running
        }
        let tasks = activity.tasks.map { name in
            SweepStatus.TaskName(id: name, label: BenchmarkTask(corpusName: name)?.shortName ?? name)
        }
        return SweepStatus(
            version: SweepStatus.currentVersion, sweep: activity.sweepName, source: live == nil ? .journal : .coordinator,
            generatedAt: now, uptimeSeconds: live?.uptimeSeconds, finished: finished, phase: phase, totals: totals,
            throughput: throughput(state: state, remaining: totals.questions - totals.questionsDone, finished: finished, now: now),
            models: activity.models, tasks: tasks, languages: activity.languages,
            workers: workers(activity, live: live, now: now), workersNotListed: activity.workersNotListed, cells: cells,
            events: state.events.reversed(), rejectedMessages: live?.rejectedMessages ?? 0, leaseExpiries: state.leaseExpiries)
    }

    private static func cells(_ activity: Journal.Activity, correct: [CellKey: Int]) -> [SweepStatus.CellStatus] {
        var order: [CellKey] = []
        var cells: [CellKey: SweepStatus.CellStatus] = [:]
        for row in activity.cellUnits {
            let key = CellKey(model: row.model, task: row.task, language: row.language)
            var cell = cells[key] ?? {
                order.append(key)
                return SweepStatus.CellStatus(
                    model: row.model, task: row.task, language: row.language, units: 0, unitsDone: 0, unitsLeased: 0,
                    unitsQueued: 0, unitsFailed: 0, questions: 0, questionsDone: 0, correct: correct[key] ?? 0, accuracy: nil)
            }()
            cell.units += row.units
            cell.questions += row.questions
            switch row.state {
            case .done:
                cell.unitsDone += row.units
                cell.questionsDone += row.questions
            case .leased: cell.unitsLeased += row.units
            case .queued: cell.unitsQueued += row.units
            case .failed: cell.unitsFailed += row.units
            }
            if cell.questionsDone > 0 { cell.accuracy = Double(cell.correct) / Double(cell.questionsDone) }
            cells[key] = cell
        }
        let modelRank = Dictionary(activity.models.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let taskRank = Dictionary(activity.tasks.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let languageRank = Dictionary(activity.languages.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return order.sorted { first, second in
            let a = (modelRank[first.model] ?? .max, taskRank[first.task] ?? .max, languageRank[first.language] ?? .max)
            let b = (modelRank[second.model] ?? .max, taskRank[second.task] ?? .max, languageRank[second.language] ?? .max)
            return a < b
        }.compactMap { cells[$0] }
    }

    private static func throughput(state: State, remaining: Int, finished: Bool, now: Double) -> SweepStatus.Throughput {
        // Before a minute has passed since the coordinator started, divide by the time it ran.
        let since = state.coordinatorStartedAt.map { now - $0 } ?? windowSeconds
        let window = max(1, min(windowSeconds, since))
        let recent = state.completions.filter { $0.at > now - window }
        let questionsPerSecond = Double(recent.reduce(0) { $0 + $1.questions }) / window
        // Buckets since the coordinator started, not the whole window: a run of a minute drawn
        // as its last few buckets of ten minutes' zeros was squeezed against the chart's edge.
        let buckets = min(historyBuckets, max(1, Int((since / bucketSeconds).rounded(.up))))
        var history = Array(repeating: 0.0, count: buckets)
        for completion in state.completions {
            let age = now - completion.at
            let bucket = buckets - 1 - Int(max(0, age) / bucketSeconds)
            if bucket >= 0 { history[bucket] += Double(completion.questions) / bucketSeconds }
        }
        let eta = questionsPerSecond > 0 ? Double(remaining) / questionsPerSecond : nil
        return SweepStatus.Throughput(
            questionsPerSecond: questionsPerSecond, unitsPerSecond: Double(recent.count) / window, windowSeconds: window,
            etaSeconds: finished ? 0 : eta.flatMap { $0.isFinite ? $0 : nil }, history: history, bucketSeconds: bucketSeconds)
    }

    private static func workers(_ activity: Journal.Activity, live: LiveState?, now: Double) -> [SweepStatus.WorkerStatus] {
        let liveByID = Dictionary((live?.workers ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let liveLeases = Dictionary((live?.leases ?? []).map { ($0.worker, $0) }, uniquingKeysWith: { first, _ in first })
        let journalLeases = Dictionary(activity.activeLeases.map { ($0.workerID, $0) }, uniquingKeysWith: { _, last in last })
        return activity.workers.map { worker in
            var status = SweepStatus.WorkerStatus(
                id: worker.id, host: worker.host, pid: worker.pid, cores: worker.cores, state: .seen,
                lastHeardSecondsAgo: max(0, now - worker.lastSeen), unitsDone: worker.unitsDone)
            if let live {
                if let lease = liveLeases[worker.id] {
                    status.lease = lease.lease
                    status.unit = lease.unit
                    status.questionsDone = lease.questionsDone
                    status.questionCount = lease.questionCount
                    status.speculative = lease.speculative
                }
                if let presence = liveByID[worker.id] {
                    status.model = presence.loadedModel
                    status.backend = presence.backend
                    status.questionsPerSecond = presence.questionsPerSecond
                    status.tokensPerSecond = presence.tokensPerSecond
                    status.threads = presence.threads
                    status.lastHeardSecondsAgo = presence.lastHeardSecondsAgo
                    status.state = presence.toldFinished ? .finished
                        : presence.lost ? .lost : status.lease != nil ? .working : .idle
                } else if status.lease != nil {
                    // A lease resumed from before a restart whose worker has not called yet.
                    status.state = .working
                }
            } else if let lease = journalLeases[worker.id] {
                status.state = .working
                status.lease = lease.id
                status.unit = lease.unit.label
                status.questionCount = lease.unit.questionCount
                status.speculative = lease.speculative
                status.model = lease.unit.model
            }
            return status
        }.sorted { first, second in
            (displayRank(first.state), first.id) < (displayRank(second.state), second.id)
        }
    }

    /// Workers doing something first, gone ones last.
    private static func displayRank(_ state: SweepStatus.WorkerState) -> Int {
        switch state {
        case .working: 0
        case .idle: 1
        case .seen: 2
        case .lost: 3
        case .finished: 4
        }
    }
}
