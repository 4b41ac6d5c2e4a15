import Foundation
import Logging
import Monitor
import Sweep

/// Reads a sweep file and checks everything it names (models, digests, data) before any work
/// starts, building its variants into `variants/` beside the journal; a problem is printed as
/// one line naming the file and field, exit status 2. `strict` (the command's `--strict`)
/// reads the data strictly whatever the file's `strict` says; `journal` gives the journal's
/// path from the sweep (its default is named after the sweep); `beforePlan` gets that path
/// once the sweep file is read, to refuse early what would fail after the plan (a journal in
/// use, a port taken); `progress` gets what takes time, `warning` what reading the data
/// warned about.
func loadPlanOrExit(
    _ path: String, strict: Bool, skipMissingModels: Bool = false, journal: (SweepFile) -> String,
    beforePlan: (String) throws -> Void = { _ in },
    progress: @escaping @Sendable (String) -> Void, warning: (String) -> Void
) throws -> (plan: Plan, journalPath: String) {
    var sweep: SweepFile
    do {
        sweep = try SweepFile.load(path: path)
    } catch {
        printError("\(error)")
        throw badInputExitCode
    }
    if strict { sweep.strict = true }
    let journalPath = journal(sweep)
    try beforePlan(journalPath)
    let plan = try makePlanOrExit(
        sweep, skipMissingModels: skipMissingModels, variants: VariantCache(besideJournal: journalPath), progress: progress,
        warning: warning)
    return (plan, journalPath)
}

/// `loadPlanOrExit` with the journal's path known before the sweep is read.
func loadPlanOrExit(
    _ path: String, strict: Bool, skipMissingModels: Bool = false, journal: String,
    beforePlan: (String) throws -> Void = { _ in },
    progress: @escaping @Sendable (String) -> Void, warning: (String) -> Void
) throws -> Plan {
    try loadPlanOrExit(
        path, strict: strict, skipMissingModels: skipMissingModels, journal: { _ in journal }, beforePlan: beforePlan,
        progress: progress, warning: warning
    ).plan
}

/// A plan of `sweep`; a missing model file stops it with the offer to run the others
/// (`--skip-missing-models`), unless `skipMissingModels` takes that offer.
func makePlanOrExit(
    _ sweep: SweepFile, skipMissingModels: Bool = false, variants: VariantCache? = nil,
    progress: @escaping @Sendable (String) -> Void, warning: (String) -> Void
) throws -> Plan {
    do {
        return try Plan.make(
            sweep, missingModels: skipMissingModels ? .leaveQueued : .refuse, variants: variants, progress: progress, warning: warning)
    } catch PlanError.modelUnreadable(let path, let reason) where !FileManager.default.fileExists(atPath: path) && sweep.models.count > 1 {
        printError("\(sweep.source): \(PlanError.modelUnreadable(path: path, reason: reason)); to run the other models and "
            + "leave this one's units queued in the journal, run again with --skip-missing-models")
        throw badInputExitCode
    } catch {
        printError("\(sweep.source): \(error)")
        throw badInputExitCode
    }
}

/// Exits with status 2 when the journal could not be opened for writing: another coordinator
/// holds it, or its folder does not exist. Creates nothing, so a plan that fails afterwards
/// leaves no journal behind; `openJournalOrExit` checks again and takes the lock.
func checkJournalOrExit(_ path: String) throws {
    do {
        try Journal.checkCanOpenForWriting(path: path)
    } catch {
        printError(journalProblem(error, path: path))
        throw badInputExitCode
    }
}

func openJournalOrExit(_ path: String) throws -> Journal {
    do {
        return try Journal.openForWriting(path: path)
    } catch {
        printError(journalProblem(error, path: path))
        throw badInputExitCode
    }
}

/// A coordinator over `journal`, which it prepares for `plan` (adding new units, resuming
/// leases), and the monitor that watches it (its metrics time the journal's writes); a journal
/// that cannot take the plan is printed naming the file, exit status 2.
func makeCoordinatorOrExit(
    plan: Plan, journal: Journal, settings: CoordinatorSettings, logger: Logger
) throws -> (Coordinator, SweepMonitor) {
    let metrics = SweepMetrics()
    var settings = settings
    settings.journalWriteObserver = metrics.journalWriteObserver
    do {
        let coordinator = try Coordinator(plan: plan, journal: journal, settings: settings, logger: logger)
        return (coordinator, SweepMonitor(journal: journal, coordinator: coordinator, metrics: metrics))
    } catch {
        printError(journalProblem(error, path: journal.path))
        throw badInputExitCode
    }
}

/// A `JournalError` names its file already; anything else (SQLite's own errors) gets it here.
private func journalProblem(_ error: any Error, path: String) -> String {
    error is JournalError ? "\(error)" : "journal \(path): \(error)"
}
