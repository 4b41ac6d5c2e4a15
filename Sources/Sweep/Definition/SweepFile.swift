import Benchmark
import Foundation
import Yams

/// A sweep: which models to evaluate on which part of the benchmark, and how to cut and
/// schedule the work. Read from YAML:
///
/// ```yaml
/// name: biomistral-quantized
/// benchmark: benchmark.yaml        # a benchmark manifest (relative to this file), or: demo
/// models:
///   - name: BioMistral-7B
///     path: models/BioMistral-7B.F16.gguf
///     sha256: 3a9c…                 # optional: the file must have this digest
///   - name: BioMistral-7B-Q4_K_M    # a variant, built once by the coordinator
///     quantize: {from: BioMistral-7B, type: Q4_K_M}
///   - name: BioMistral-7B-SLERP
///     merge: {config: biomistral-slerp.yml, base: Mistral-7B-Instruct, model: BioMistral-7B}
/// tasks: all                       # or a list of corpus names
/// languages: [en, fr, zh]          # or all
/// fewshot_sets: [1, 2, 3]          # 0: zero-shot; the data must have every set named
/// strict: false                    # true: an odd data record stops the sweep before it starts
/// shard_size: 50                   # questions per work unit
/// template: paper                  # paper, lm-eval, or one the manifest defines
/// threads: 0                       # per worker; 0: all of its cores
/// lease_seconds: 120               # a lease expires without a heartbeat for this long
/// heartbeat_seconds: 10
/// max_attempts: 3                  # leases a unit may expire before it is marked failed
/// ```
public struct SweepFile: Sendable, Equatable {
    /// A model of the sweep: a GGUF file, or a variant the sweep makes from its other models.
    public struct Model: Sendable, Equatable {
        public var name: String
        public var source: Source
        /// The SHA-256 the model's file must have (for a variant, the built file's), if given.
        public var sha256: String?

        public enum Source: Sendable, Equatable {
            /// Absolute, resolved against the sweep file's folder.
            case file(path: String)
            case variant(ModelVariant)
        }

        public init(name: String, path: String, sha256: String? = nil) {
            self.init(name: name, source: .file(path: path), sha256: sha256)
        }

        public init(name: String, source: Source, sha256: String? = nil) {
            self.name = name
            self.source = source
            self.sha256 = sha256
        }

        /// The model's file, for a model read from one; nil for a variant (its file is made
        /// when the sweep is planned).
        public var path: String? {
            if case .file(let path) = source { path } else { nil }
        }

        public var variant: ModelVariant? {
            if case .variant(let variant) = source { variant } else { nil }
        }
    }

    /// Where the benchmark comes from: a manifest file, or the built-in demo.
    public enum BenchmarkSource: Sendable, Equatable {
        case manifest(path: String)
        case demo

        /// The benchmark's manifest, read (the demo's is built in).
        public func load() throws -> BenchmarkManifest {
            switch self {
            case .demo: DemoBenchmark.manifest
            case .manifest(let path): try BenchmarkManifest.load(path: path)
            }
        }
    }

    public var name: String
    public var benchmark: BenchmarkSource
    public var models: [Model]
    /// nil: every task the benchmark has.
    public var tasks: [BenchmarkTask]?
    /// nil: every language the benchmark has.
    public var languages: [BenchmarkLanguage]?
    public var fewShotSets: [FewShotSet]
    /// Whether the benchmark's data is read strictly: an odd record (see `OddRecordKind`) is an
    /// error instead of being rendered or skipped with a warning. It is the sweep's because it
    /// decides which questions the sweep has; `--strict` on the command line also sets it.
    public var strict: Bool
    public var shardSize: Int
    public var template: String
    public var threads: Int
    public var leaseSeconds: Double
    public var heartbeatSeconds: Double
    public var maxAttempts: Int
    /// Where the file was read from ("<memory>" when built in code).
    public var source: String

    public init(
        name: String, benchmark: BenchmarkSource, models: [Model], tasks: [BenchmarkTask]? = nil,
        languages: [BenchmarkLanguage]? = nil, fewShotSets: [FewShotSet] = FewShotSet.paperSets, strict: Bool = false,
        shardSize: Int = 50,
        template: String = "paper", threads: Int = 0, leaseSeconds: Double = 120, heartbeatSeconds: Double = 10,
        maxAttempts: Int = 3, source: String = "<memory>"
    ) {
        self.name = name
        self.benchmark = benchmark
        self.models = models
        self.tasks = tasks
        self.languages = languages
        self.fewShotSets = fewShotSets
        self.strict = strict
        self.shardSize = shardSize
        self.template = template
        self.threads = threads
        self.leaseSeconds = leaseSeconds
        self.heartbeatSeconds = heartbeatSeconds
        self.maxAttempts = maxAttempts
        self.source = source
    }

    /// The largest sweep file read.
    public static let maxFileBytes = 8 << 20

    /// Reads and checks the sweep file at `path`; relative paths in it are taken from its folder.
    public static func load(path: String) throws -> SweepFile {
        if let problem = PathProblem.reading(path, as: "a sweep file") {
            throw SweepFileError(file: path, line: nil, field: SweepFileError.wholeFile, reason: problem.description)
        }
        // A sweep of a thousand models is a hundred kilobytes; a file far larger is a mistake.
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > maxFileBytes {
            throw SweepFileError(file: path, line: nil, field: SweepFileError.wholeFile, reason: "is \(size) bytes (a sweep file is at most \(maxFileBytes))")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SweepFileError(file: path, line: nil, field: SweepFileError.wholeFile, reason: "cannot be read: \(PathProblem(error: error))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SweepFileError(file: path, line: nil, field: SweepFileError.wholeFile, reason: "is not UTF-8 text")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(yaml: text, source: path, folder: folder)
    }

    /// Parses sweep YAML; `folder` resolves relative paths.
    public static func parse(yaml: String, source: String, folder: String) throws(SweepFileError) -> SweepFile {
        try YAMLKeyCheck.check(yaml, file: source)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw YAMLSyntaxError.sweepFileError(error, file: source)
        }
        guard let root else { throw SweepFileError(file: source, line: nil, field: "(document)", reason: "is empty") }
        let top = try YAMLFields(root, path: "", file: source)
        try top.allowOnly([
            "name", "benchmark", "models", "tasks", "languages", "fewshot_sets", "strict", "shard_size", "template",
            "threads", "lease_seconds", "heartbeat_seconds", "max_attempts",
        ])
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: folder).appendingPathComponent(path).standardized.path
        }

        let benchmarkText = try top.path("benchmark")
        let benchmark: BenchmarkSource = benchmarkText == "demo" ? .demo : .manifest(path: resolve(benchmarkText))

        let models = try parseModels(top, source: source, resolve: resolve)

        let tasks = try top.distinctListOrAll(
            "tasks", BenchmarkTask.init(corpusName:), "a task (\(BenchmarkTask.corpusNameList))", suggestion: BenchmarkTask.didYouMean)
        let languages = try top.distinctListOrAll(
            "languages", BenchmarkLanguage.init(rawValue:), "a language (\(BenchmarkLanguage.codeList))",
            suggestion: BenchmarkLanguage.didYouMean)
        var sets = FewShotSet.paperSets
        if top.has("fewshot_sets") {
            sets = []
            for node in try top.sequence("fewshot_sets") {
                // Any set from 1 is taken here; the plan checks that the data has it.
                guard let text = node.scalar?.string, let number = Int(text), let set = FewShotSet(rawValue: number) else {
                    throw SweepFileError(file: source, line: node.mark?.line, field: "fewshot_sets",
                                         reason: "has \"\(node.scalar?.string ?? "?")\"; a set is 0 (zero-shot) or a set number from 1 (the paper's: 1, 2, 3)")
                }
                if sets.contains(set) { throw SweepFileError(file: source, line: node.mark?.line, field: "fewshot_sets", reason: "repeats \(set)") }
                sets.append(set)
            }
            if sets.isEmpty { throw top.invalid("fewshot_sets", "is empty") }
        }
        let heartbeat = try top.optionalDouble("heartbeat_seconds", in: 0.05 ... 3600) ?? 10
        let lease = try top.optionalDouble("lease_seconds", in: 0.1 ... 86400) ?? 120
        if lease <= heartbeat { throw top.invalid("lease_seconds", "(\(lease)) must be longer than heartbeat_seconds (\(heartbeat))") }
        return SweepFile(
            name: try top.name("name"), benchmark: benchmark, models: models, tasks: tasks, languages: languages,
            fewShotSets: sets, strict: try top.optionalBool("strict") ?? false,
            shardSize: try top.optionalInt("shard_size", in: 1 ... 100_000) ?? 50,
            template: try top.optionalName("template") ?? "paper",
            threads: try top.optionalInt("threads", in: 0 ... 1024) ?? 0,
            leaseSeconds: lease, heartbeatSeconds: heartbeat,
            maxAttempts: try top.optionalInt("max_attempts", in: 1 ... 100) ?? 3, source: source)
    }
}
