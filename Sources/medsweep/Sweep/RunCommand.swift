import ArgumentParser
import Engine
import Foundation
import Sweep

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a sweep on this machine: a coordinator and local worker processes.",
        discussion: """
            Checks the sweep file and everything it names (model files, their sha256 when \
            given, the benchmark's data) before any work starts (first, before the models are \
            hashed: that the --http port is free and no coordinator holds the journal), builds the variants it \
            declares into variants/ beside the journal (once: each file is named by a digest \
            of its recipe and its parents' files, and found there by later runs), then runs a coordinator in \
            this process and --workers worker processes beside it, shows progress on standard \
            error (the status view of `medsweep status`, redrawn in place on a terminal; a \
            summary line every 10 s otherwise), and prints the accuracy tables when the sweep \
            is finished. --http ADDR also serves the live dashboard, /api/status and /metrics.

            Results are committed to the journal (--journal, default NAME.journal beside the \
            sweep file, NAME the sweep's name) as units finish. The first Ctrl-C (or SIGTERM) \
            prints "stopping" at once and leases no more units; the units in flight finish and \
            are committed (it waits up to 5 minutes, then hands them back); a second Ctrl-C \
            hands them back unscored and stops at once. No lease is left open, and `medsweep \
            status --journal` then says "stopped". The same command resumes where it stopped, \
            saying what is done and left, and a finished sweep just prints its tables; \
            with --skip-missing-models, a model whose file is gone is left out, its units \
            queued in the journal. `medsweep report --journal FILE` prints them in \
            other formats and metrics.

            Threads: --threads per worker, else the sweep's `threads`, else all cores divided \
            among the workers.

            The sweep file (YAML): name, benchmark (a manifest path, or `demo`), models (name, \
            and path, or a variant: quantize: {from: NAME, type: Q4_K_M}, or merge: {method, \
            base, model, t, density, weight, seed, out_type} or merge: {config: mergekit.yml}; \
            optional sha256), tasks (list or `all`), languages (list or `all`), \
            fewshot_sets ([1, 2, 3]; 0 is zero-shot), strict (false), shard_size (50 \
            questions per unit), template (paper), threads (0), lease_seconds (120), \
            heartbeat_seconds (10), max_attempts (3). See README.md.

            Odd records of the benchmark data (few-shot examples with other options than the \
            task, classes written as words, blank translations, repeated identifiers, …) are \
            rendered as the authors' code renders them, or skipped when no scorable question \
            remains, with one warning per kind on standard error naming the file, the first \
            record and field, and the count of records like it. --strict (or `strict: true` in \
            the sweep file) makes the first one an error instead, before any work starts.
            """
    )

    @Argument(help: ArgumentHelp("The sweep file.", valueName: "sweep.yaml"))
    var sweep: String

    @Option(help: "Local worker processes.")
    var workers: Int = 1

    @Option(help: "Threads per worker (default: the sweep's, else cores / workers).")
    var threads: Int?

    @Option(help: ArgumentHelp("The journal (default: NAME.journal beside the sweep file).", valueName: "file"))
    var journal: String?

    @OptionGroup var reading: DataReadingOptions
    @OptionGroup var missing: MissingModelOptions
    @OptionGroup var engine: BackendOptions
    @OptionGroup var http: HTTPOptions
    @OptionGroup var log: LogLevelOption

    func validate() throws {
        if !(1 ... 256).contains(workers) { throw ValidationError("--workers \(workers) is outside 1...256.") }
        if let threads, !(1 ... 1024).contains(threads) { throw ValidationError("--threads \(threads) is outside 1...1024.") }
    }

    func run() async throws {
        let logger = log.bootstrap("medsweep.coordinator", fallback: .warning)
        // A backend that cannot run (no Vulkan device) fails here, before any worker starts.
        _ = try engine.deviceOrExit()
        let (plan, journalPath) = try loadPlanOrExit(
            sweep, strict: reading.strict, skipMissingModels: missing.skipMissingModels,
            journal: { [journal, sweep] file in
                journal ?? URL(fileURLWithPath: sweep).deletingLastPathComponent().appendingPathComponent("\(file.name).journal").path
            },
            beforePlan: { [http] journalPath in
                // Before the models are hashed and the variants built: minutes on 7B files.
                try http.checkOrExit()
                try checkJournalOrExit(journalPath)
            },
            progress: { note in
                var standardError = StandardError()
                print(note, to: &standardError)
            }, warning: printWarning)
        print("sweep \(plan.sweep.name): \(plan.units.count) units, \(plan.questionCount) questions, \(workers) local worker\(workers == 1 ? "" : "s")")
        let perWorker = threads ?? (plan.sweep.threads > 0 ? nil : max(1, ThreadPool.availableCores / workers))
        let outcome = try await LocalSweep(
            plan: plan, journalPath: journalPath, workers: workers, threadsPerWorker: perWorker, engine: engine,
            workerLogLevel: log.logLevel ?? "warning", http: http, logger: logger
        ).run()
        try LocalSweep.printSummary(outcome, plan: plan, journalPath: journalPath)
        if outcome.interrupted { throw ExitCode(130) }
    }
}
