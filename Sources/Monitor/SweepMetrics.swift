import Prometheus
import Sweep
import Synchronization

/// The sweep in Prometheus's text format. Gauges are set from each status the monitor makes;
/// counters advance by what changed since; the journal commit latency histogram is fed by the
/// coordinator as it writes.
public final class SweepMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let unitsByState: [UnitState: Gauge]
    private let questionsByState: [String: Gauge]
    private let workersByState: [SweepStatus.WorkerState: Gauge]
    private let accuracy: Gauge
    private let throughput: Gauge
    private let eta: Gauge
    private let questionsScored: Counter
    private let promptTokensScored: Counter
    private let promptTokensComputed: Counter
    private let leaseExpiries: Counter
    private let rejectedMessages: Counter
    private let journalCommits: DurationHistogram
    private let exported = Mutex<Exported>(Exported())

    /// What the last update exported: the per-worker gauges, and the counters' values.
    private struct Exported {
        var questionsPerSecond: [String: Gauge] = [:]
        var tokensPerSecond: [String: Gauge] = [:]
        /// Counter values already exported (counters only go up, by the difference).
        var questionsScored = 0
        var promptTokensScored = 0
        var promptTokensComputed = 0
        var leaseExpiries = 0
        var rejectedMessages = 0
    }

    public init() {
        let registry = registry
        unitsByState = Dictionary(uniqueKeysWithValues: UnitState.allCases.map { state in
            (state, registry.makeGauge(descriptor: Self.named("medsweep_units", "Work units of the sweep by state."), labels: [("state", state.wireName)]))
        })
        questionsByState = Dictionary(uniqueKeysWithValues: ["planned", "done", "in_flight"].map { state in
            (state, registry.makeGauge(descriptor: Self.named("medsweep_questions", "Questions of the sweep: planned, in done units, and scored in running units."), labels: [("state", state)]))
        })
        workersByState = Dictionary(uniqueKeysWithValues: [SweepStatus.WorkerState.working, .idle, .lost, .finished, .seen].map {
            ($0, registry.makeGauge(descriptor: Self.named("medsweep_workers", "Workers by state."), labels: [("state", $0.rawValue)]))
        })
        accuracy = registry.makeGauge(descriptor: Self.named("medsweep_accuracy_ratio", "Share of done questions whose top token is the gold letter (running)."))
        throughput = registry.makeGauge(descriptor: Self.named("medsweep_throughput_questions_per_second", "Questions committed per second over the last minute."))
        eta = registry.makeGauge(descriptor: Self.named("medsweep_eta_seconds", "Seconds to go at the current throughput (NaN: unknown)."))
        questionsScored = registry.makeCounter(descriptor: Self.named("medsweep_questions_scored_total", "Questions in done units (from the journal; resets when the coordinator restarts, as counters do)."))
        promptTokensScored = registry.makeCounter(descriptor: Self.named("medsweep_prompt_tokens_scored_total", "Prompt tokens of the questions in done units."))
        promptTokensComputed = registry.makeCounter(descriptor: Self.named("medsweep_prompt_tokens_computed_total", "Prompt tokens the engines computed for them (the rest came from shared prefixes and the prefix cache)."))
        leaseExpiries = registry.makeCounter(descriptor: Self.named("medsweep_lease_expiries_total", "Leases that expired without a heartbeat."))
        rejectedMessages = registry.makeCounter(descriptor: Self.named("medsweep_rejected_messages_total", "Worker requests the coordinator refused."))
        journalCommits = registry.makeDurationHistogram(
            descriptor: Self.named("medsweep_journal_commit_seconds", "Time of each journal write transaction (synced to disk)."),
            buckets: [.microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
                      .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                      .milliseconds(250), .seconds(1)])
    }

    /// A metric's full name and help text (the name carries its unit, as Prometheus advises).
    private static func named(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// The coordinator's journal-write observer.
    public var journalWriteObserver: @Sendable (Duration) -> Void {
        { [journalCommits] in journalCommits.record($0) }
    }

    /// Sets every gauge from `status`, and advances the counters.
    public func update(from status: SweepStatus) {
        let totals = status.totals
        for state in UnitState.allCases { unitsByState[state]?.set(Double(totals.units(state))) }
        questionsByState["planned"]?.set(Double(totals.questions))
        questionsByState["done"]?.set(Double(totals.questionsDone))
        questionsByState["in_flight"]?.set(Double(totals.questionsInFlight))
        for (state, gauge) in workersByState {
            gauge.set(Double(status.workers.filter { $0.state == state }.count))
        }
        accuracy.set(totals.accuracy ?? .nan)
        throughput.set(status.throughput.questionsPerSecond)
        eta.set(status.throughput.etaSeconds ?? .nan)
        exported.withLock { exported in
            advance(questionsScored, from: &exported.questionsScored, to: totals.questionsDone)
            advance(promptTokensScored, from: &exported.promptTokensScored, to: totals.promptTokens)
            advance(promptTokensComputed, from: &exported.promptTokensComputed, to: totals.promptTokensComputed ?? 0)
            advance(leaseExpiries, from: &exported.leaseExpiries, to: status.leaseExpiries)
            advance(rejectedMessages, from: &exported.rejectedMessages, to: status.rejectedMessages)
            setPerWorker(&exported.questionsPerSecond, name: "medsweep_worker_questions_per_second",
                         help: "A worker's questions per second (latest unit).", status.workers) { $0.questionsPerSecond }
            setPerWorker(&exported.tokensPerSecond, name: "medsweep_worker_tokens_per_second",
                         help: "A worker's prompt tokens per second (latest unit).", status.workers) { $0.tokensPerSecond }
        }
    }

    public func exposition() -> String {
        registry.emitToString()
    }

    private func advance(_ counter: Counter, from exported: inout Int, to value: Int) {
        // The first status counts what the journal held already; a smaller value (a journal
        // read from another run) is not a decrease a counter could show.
        if value > exported { counter.increment(by: Int64(value - exported)) }
        exported = max(exported, value)
    }

    /// One gauge per worker with a known rate; workers that left the status are unregistered,
    /// so a long sweep's churn of workers does not grow the exposition forever.
    private func setPerWorker(
        _ gauges: inout [String: Gauge], name: String, help: String, _ workers: [SweepStatus.WorkerStatus],
        rate: (SweepStatus.WorkerStatus) -> Double?
    ) {
        var present = Set<String>()
        for worker in workers {
            guard let value = rate(worker), worker.state == .working || worker.state == .idle else { continue }
            present.insert(worker.id)
            let gauge = gauges[worker.id] ?? registry.makeGauge(descriptor: Self.named(name, help), labels: [("worker", worker.id)])
            gauges[worker.id] = gauge
            gauge.set(value)
        }
        for (id, gauge) in gauges where !present.contains(id) {
            registry.unregisterGauge(gauge)
            gauges[id] = nil
        }
    }
}
