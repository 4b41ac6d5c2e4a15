import ArgumentParser
import Benchmark
import Engine
import Foundation
import Sweep

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The built-in demo: a tiny model in 3 variants, the demo benchmark, 2 local workers.",
        discussion: """
            No downloads. Writes a tiny Mistral-shaped model (random weights, synthetic \
            vocabulary) as F16, Q8_0 and Q4_0 with medsweep's own GGUF writer and quantizer, \
            and a sweep file over the built-in demo benchmark (10 tasks x 8 languages, 3 \
            questions each, 3 few-shot sets) into --dir; then runs it as `medsweep run` does: \
            a coordinator and --workers worker processes over nng, live progress on standard \
            error, results in the journal, and the paper-shaped accuracy tables. With --http \
            :8080, open http://127.0.0.1:8080/ to watch the dashboard while it runs.

            The weights are random: the paper's accuracy (the top token of the whole \
            vocabulary must be the gold letter) reads 0, and the restricted accuracy (argmax \
            over the letters), printed after it, is at chance. The demo shows the machinery \
            (and how the three quantizations of one model differ), not medicine. \
            Each run starts a fresh journal; `medsweep report --journal DIR/demo.journal` \
            prints its tables again in other formats. --strict reads the demo data strictly \
            (`strict: true` in the sweep file; the demo data has no odd records).
            """
    )

    @Option(help: ArgumentHelp("Folder for the models, the sweep file and the journal.", valueName: "dir"))
    var dir: String = NSTemporaryDirectory() + "medsweep-demo"

    @Option(help: "Local worker processes.")
    var workers: Int = 2

    @Option(help: "Questions per work unit.")
    var shardSize: Int = 3

    @OptionGroup var reading: DataReadingOptions

    @OptionGroup var http: HTTPOptions
    @OptionGroup var log: LogLevelOption

    func validate() throws {
        if !(1 ... 64).contains(workers) { throw ValidationError("--workers \(workers) is outside 1...64.") }
        if !(1 ... 1000).contains(shardSize) { throw ValidationError("--shard-size \(shardSize) is outside 1...1000.") }
    }

    static let variants: [ModelFileType] = [.f16, .q8_0, .q4_0]

    func run() async throws {
        let logger = log.bootstrap("medsweep.coordinator", fallback: .warning)
        let folder = URL(fileURLWithPath: dir).standardized
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            printError("\(dir): cannot create the folder: \((error as NSError).localizedDescription)")
            throw badInputExitCode
        }
        var models: [SweepFile.Model] = []
        for type in Self.variants {
            let path = folder.appendingPathComponent("tiny-\(type.rawValue).gguf").path
            do {
                try SyntheticModel(config: .tiny, fileType: type, seed: 1).write(to: path)
            } catch {
                printError("\(path): \(error)")
                throw badInputExitCode
            }
            models.append(SweepFile.Model(name: "tiny-\(type.rawValue)", path: path))
        }
        print("wrote the tiny model as \(Self.variants.map(\.rawValue).joined(separator: ", ")) into \(folder.path)")

        let sweepPath = folder.appendingPathComponent("demo-sweep.yaml").path
        let threads = max(1, ThreadPool.availableCores / workers)
        let yaml = Self.sweepYAML(
            models: models, fewShotSets: FewShotSet.paperSets, strict: reading.strict,
            shardSize: shardSize, threads: threads)
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: sweepPath))
        let plan = try loadPlanOrExit(sweepPath, strict: reading.strict, progress: { _ in }, warning: printWarning)

        let journalPath = folder.appendingPathComponent("demo.journal").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: journalPath + suffix) }
        print("sweep \(plan.sweep.name): \(plan.units.count) units, \(plan.questionCount) questions, \(workers) workers of \(threads) thread\(threads == 1 ? "" : "s") (sweep file \(sweepPath))")
        let outcome = try await LocalSweep(
            plan: plan, journalPath: journalPath, workers: workers, threadsPerWorker: threads,
            workerLogLevel: log.logLevel ?? "warning", http: http, logger: logger
        ).run()
        try LocalSweep.printSummary(outcome, plan: plan, journalPath: journalPath)
        if outcome.interrupted { throw ExitCode(130) }
        let restricted = try BenchmarkReport(
            source: JournalRecordSource(journal: Journal.openForReading(path: journalPath)), metric: .restrictedAccuracy)
        print()
        for section in restricted.sections {
            let table = restricted.averagesTable(section)
            print("Restricted accuracy (%, argmax over the option letters): " + table.title.lowercased())
            print(table.alignedText())
        }
        print()
        print("""
            The weights are random: the paper's accuracy needs the most likely token of the whole \
            vocabulary to be the gold letter, which a random model's almost never is, so it reads \
            0; the argmax over the letters alone is at chance. The demo shows the machinery, not medicine.
            """)
        print("again, other formats: medsweep report --journal \(journalPath) --format markdown|csv|json|html")
    }

    static func sweepYAML(
        models: [SweepFile.Model], fewShotSets: [FewShotSet], strict: Bool, shardSize: Int, threads: Int
    ) -> String {
        var lines = [
            "# Written by `medsweep demo`: the demo benchmark over three quantizations of one tiny model.",
            "name: demo",
            "benchmark: demo",
            "models:",
        ]
        for model in models {
            lines.append("  - name: \(model.name)")
            lines.append("    path: \(model.path)")
        }
        lines += [
            "tasks: all", "languages: all", "fewshot_sets: [\(fewShotSets.map(\.description).joined(separator: ", "))]",
            "strict: \(strict)", "shard_size: \(shardSize)", "template: paper",
            "threads: \(threads)", "lease_seconds: 30", "heartbeat_seconds: 2", "max_attempts: 3",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
