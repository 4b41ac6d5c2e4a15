/// Which unit goes to which worker, in memory; the coordinator writes each decision to the
/// journal before it tells a worker. Times are monotonic seconds.
///
/// Rules (DESIGN.md, "Reliability rules"):
/// - A worker holds one unit at a time: asking again returns the lease it holds, so a lease
///   request re-sent after a lost reply never strands a second unit.
/// - Units of the model a worker has loaded come first; otherwise the model with the most
///   queued units per worker already on it.
/// - A lease expires at its deadline unless a heartbeat renews it. A lease whose holder was
///   heard from (a heartbeat) and then fell silent, or that its holder failed, is an attempt of
///   the unit; a unit with `maxAttempts` attempts is failed with the last reason. A lease whose
///   holder was never heard from after the grant is abandoned: no attempt, so worker ids that
///   lease and vanish, however many, fail nothing.
/// - With nothing queued, a unit running much longer than the typical unit (a straggler) is
///   leased a second time, speculatively, to a worker of the same model; the first result wins.
///   A lease is copied once: a copy that fails does not make the straggler straggle again.
struct Scheduler {
    struct Settings {
        var leaseSeconds: Double
        var maxAttempts: Int
        /// A straggler runs this many times longer than the median completed unit.
        var speculationFactor: Double = 2
    }

    struct Lease: Equatable {
        var id: Int64
        var unitID: String
        var workerID: String
        var speculative: Bool
        var grantedAt: Double
        var deadline: Double
        var questionsDone = 0
        /// Its holder was heard from on it since the grant (or since a restart, for a lease the
        /// previous coordinator granted).
        var heard = false
        /// A speculative copy of it was leased.
        var copied = false

        /// How the lease ends when its deadline passes.
        var expiry: LeaseOutcome { heard ? .expired : .abandoned }
    }

    struct Entry {
        var unit: WorkUnit
        var state: UnitState
        var attempts: Int
        var lastError: String?
    }

    /// What to give a worker that asks for work.
    enum Choice: Equatable {
        /// The lease it already holds.
        case held(Lease)
        /// A unit to lease (the coordinator records the lease, then calls `grant`).
        case lease(unitID: String, speculative: Bool)
        case wait
        case finished
    }

    /// What became of a unit whose lease ended without a result.
    struct Ending: Equatable {
        var unitID: String
        var state: UnitState
        var attempts: Int
        var lastError: String?
    }

    let settings: Settings
    private(set) var entries: [String: Entry] = [:]
    private(set) var leases: [Int64: Lease] = [:]
    /// Queued unit ids per model, the next one last (re-queued units are pushed last, so they
    /// are retried first).
    private var queued: [String: [String]] = [:]
    private var modelOrder: [String] = []
    private var leaseOfWorker: [String: Int64] = [:]
    private var loadedModel: [String: String] = [:]
    /// How long each unit completed in this run took, kept sorted (idle workers ask for the
    /// median many times a second at the end of a sweep).
    private var completedDurations: [Double] = []
    private(set) var doneCount = 0
    private(set) var failedCount = 0
    /// Questions of done units.
    private(set) var questionsDone = 0

    /// Rebuilds the state from the journal. A lease the previous coordinator granted is kept
    /// (its holder may still be working, so it gets a full lease duration from `now`); a unit
    /// the journal calls leased without an active lease goes back to the queue.
    init(units: [JournalUnit], activeLeases: [JournalLease] = [], settings: Settings, now: Double = 0, wallNow: Double = 0) {
        self.settings = settings
        for journalUnit in units {
            let unit = journalUnit.unit
            entries[unit.id] = Entry(unit: unit, state: journalUnit.state, attempts: journalUnit.attempts, lastError: journalUnit.lastError)
            if !modelOrder.contains(unit.model) { modelOrder.append(unit.model) }
            switch journalUnit.state {
            case .done:
                doneCount += 1
                questionsDone += unit.questionCount
            case .failed: failedCount += 1
            case .queued, .leased: break
            }
        }
        for lease in activeLeases {
            guard let entry = entries[lease.unitID], entry.state == .queued || entry.state == .leased else { continue }
            add(Lease(
                id: lease.id, unitID: lease.unitID, workerID: lease.workerID, speculative: lease.speculative,
                grantedAt: now - max(0, wallNow - lease.grantedAt), deadline: now + settings.leaseSeconds))
        }
        let held = Set(leases.values.map(\.unitID))
        // Queued in plan order, the next one last.
        for journalUnit in units.reversed() where journalUnit.state == .queued || journalUnit.state == .leased {
            let unit = journalUnit.unit
            if held.contains(unit.id) { continue }
            entries[unit.id]?.state = .queued
            queued[unit.model, default: []].append(unit.id)
        }
    }

    var finishedCount: Int { doneCount + failedCount }
    var isFinished: Bool { finishedCount == entries.count }
    var queuedCount: Int { entries.values.reduce(0) { $0 + ($1.state == .queued ? 1 : 0) } }

    func entry(_ unitID: String) -> Entry? { entries[unitID] }

    func lease(_ id: Int64) -> Lease? { leases[id] }

    /// The lease `workerID` holds (a worker holds one at a time).
    func lease(heldBy workerID: String) -> Lease? { leaseOfWorker[workerID].flatMap { leases[$0] } }

    /// What to give `workerID`, which has `model` loaded (nil: none).
    mutating func choose(for workerID: String, loaded model: String?, now: Double) -> Choice {
        loadedModel[workerID] = model
        if let id = leaseOfWorker[workerID], let lease = leases[id] { return .held(lease) }
        if isFinished { return .finished }
        if let unitID = nextQueued(preferring: model, worker: workerID) {
            return .lease(unitID: unitID, speculative: false)
        }
        if let straggler = straggler(for: workerID, loaded: model, now: now) {
            return .lease(unitID: straggler, speculative: true)
        }
        return .wait
    }

    /// Takes the unit out of the queue and records the lease the journal gave an id. (Choosing
    /// does not dequeue: if the journal cannot record the lease, the unit stays queued.) A
    /// speculative lease marks the lease it copies, which is never copied again.
    mutating func grant(_ lease: Lease) {
        if lease.speculative {
            for other in leases.values where other.unitID == lease.unitID { leases[other.id]?.copied = true }
        }
        add(lease)
    }

    private mutating func add(_ lease: Lease) {
        leases[lease.id] = lease
        leaseOfWorker[lease.workerID] = lease.id
        guard let entry = entries[lease.unitID] else { return }
        if entry.state == .queued { dequeue(lease.unitID, model: entry.unit.model) }
        entries[lease.unitID]?.state = .leased
    }

    /// Takes a unit out of its model's queue; the unit just chosen is the last one, so this is
    /// constant time on the hot path.
    private mutating func dequeue(_ unitID: String, model: String) {
        if queued[model]?.last == unitID {
            queued[model]!.removeLast()
        } else {
            queued[model]?.removeAll { $0 == unitID }
        }
    }

    /// Renews a lease its holder reports progress on; false when the lease is no longer active
    /// (expired, superseded, or not this worker's): the worker should stop the unit.
    mutating func renew(leaseID: Int64, workerID: String, questionsDone: Int, now: Double) -> Bool {
        guard var lease = leases[leaseID], lease.workerID == workerID else { return false }
        lease.deadline = now + settings.leaseSeconds
        lease.questionsDone = max(lease.questionsDone, min(questionsDone, entries[lease.unitID]?.unit.questionCount ?? 0))
        lease.heard = true
        leases[leaseID] = lease
        return true
    }

    /// Leases past their deadline, oldest first.
    func expired(now: Double) -> [Lease] {
        leases.values.filter { $0.deadline < now }.sorted { $0.id < $1.id }
    }

    /// What ending a lease without a result would do: the unit goes back to the queue
    /// (counting an attempt when the outcome is one, `LeaseOutcome.countsAsAttempt`) or, after
    /// `maxAttempts`, is failed; when another lease still holds the unit it stays leased.
    /// Nothing changes until `apply`, so the journal records the ending first.
    func ending(ofLease leaseID: Int64, as outcome: LeaseOutcome, reason: String) -> Ending? {
        precondition(outcome.endsWithoutResult, "\(outcome) is not an ending without a result")
        guard let lease = leases[leaseID], var entry = entries[lease.unitID] else { return nil }
        if outcome.countsAsAttempt {
            entry.attempts += 1
            entry.lastError = reason
        }
        if leases.values.contains(where: { $0.unitID == lease.unitID && $0.id != leaseID }) {
            entry.state = .leased
        } else if entry.attempts >= settings.maxAttempts {
            entry.state = .failed
        } else {
            entry.state = .queued
        }
        return Ending(unitID: entry.unit.id, state: entry.state, attempts: entry.attempts, lastError: entry.lastError)
    }

    mutating func apply(_ ending: Ending, toLease leaseID: Int64) {
        guard let lease = leases.removeValue(forKey: leaseID), var entry = entries[ending.unitID] else { return }
        if leaseOfWorker[lease.workerID] == leaseID { leaseOfWorker[lease.workerID] = nil }
        entry.state = ending.state
        entry.attempts = ending.attempts
        entry.lastError = ending.lastError
        entries[ending.unitID] = entry
        switch ending.state {
        case .failed: failedCount += 1
        case .queued: queued[entry.unit.model, default: []].append(entry.unit.id)
        case .leased, .done: break
        }
    }

    /// Drops a lease the journal says has ended (a stale result told the coordinator so).
    mutating func forget(leaseID: Int64) {
        guard let lease = leases.removeValue(forKey: leaseID) else { return }
        if leaseOfWorker[lease.workerID] == leaseID { leaseOfWorker[lease.workerID] = nil }
        if var entry = entries[lease.unitID], entry.state == .leased, !leases.values.contains(where: { $0.unitID == lease.unitID }) {
            entry.state = .queued
            entries[lease.unitID] = entry
            queued[entry.unit.model, default: []].append(entry.unit.id)
        }
    }

    /// Marks the unit done by `leaseID`; every other lease on it ends (their holders are told
    /// to stop at their next heartbeat).
    mutating func complete(unitID: String, leaseID: Int64, now: Double) {
        guard var entry = entries[unitID], entry.state != .done else { return }
        if entry.state == .failed { failedCount -= 1 }
        if let lease = leases[leaseID] {
            let duration = now - lease.grantedAt
            var low = 0
            var high = completedDurations.count
            while low < high {
                let middle = (low + high) / 2
                if completedDurations[middle] <= duration { low = middle + 1 } else { high = middle }
            }
            completedDurations.insert(duration, at: low)
        }
        for lease in leases.values where lease.unitID == unitID {
            leases[lease.id] = nil
            if leaseOfWorker[lease.workerID] == lease.id { leaseOfWorker[lease.workerID] = nil }
        }
        if entry.state == .queued { dequeue(unitID, model: entry.unit.model) }
        entry.state = .done
        entries[unitID] = entry
        doneCount += 1
        questionsDone += entry.unit.questionCount
    }

    private mutating func nextQueued(preferring model: String?, worker: String) -> String? {
        if let model, let unitID = nextQueued(of: model) {
            return unitID
        }
        // The model with the most queued units per worker already on it (ties: plan order).
        var best: (model: String, share: Double)?
        for candidate in modelOrder {
            guard nextQueued(of: candidate) != nil else { continue }
            let count = queued[candidate]?.count ?? 0
            let holders = loadedModel.filter { $0.key != worker && $0.value == candidate }.count
            let share = Double(count) / Double(holders + 1)
            if best == nil || share > best!.share { best = (candidate, share) }
        }
        guard let best else { return nil }
        return queued[best.model]?.last
    }

    /// The next queued unit of `model`. A queue entry whose unit is no longer queued (completed
    /// by a speculative copy while re-queued, say) is dropped here rather than searched for
    /// when the unit's state changes.
    private mutating func nextQueued(of model: String) -> String? {
        while let last = queued[model]?.last {
            if entries[last]?.state == .queued { return last }
            queued[model]!.removeLast()
        }
        return nil
    }

    /// The longest-running unit with a single lease, never copied, held by another worker,
    /// running longer than `speculationFactor` times the median completed unit; same-model
    /// stragglers first.
    private func straggler(for workerID: String, loaded model: String?, now: Double) -> String? {
        guard !completedDurations.isEmpty else { return nil }
        let median = completedDurations[completedDurations.count / 2]
        var leasesPerUnit: [String: Int] = [:]
        for lease in leases.values { leasesPerUnit[lease.unitID, default: 0] += 1 }
        let candidates = leases.values.filter { lease in
            lease.workerID != workerID && !lease.copied && leasesPerUnit[lease.unitID] == 1
                && now - lease.grantedAt > settings.speculationFactor * median
        }
        let ranked = candidates.sorted { first, second in
            let firstSame = entries[first.unitID]?.unit.model == model
            let secondSame = entries[second.unitID]?.unit.model == model
            if firstSame != secondSame { return firstSame }
            return first.grantedAt < second.grantedAt
        }
        return ranked.first?.unitID
    }
}
