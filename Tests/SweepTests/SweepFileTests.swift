import Benchmark
import Foundation
import Testing
@testable import Sweep

/// Reading sweep files: every key, the defaults, and errors that name the file, the line and
/// the field.
@Suite struct SweepFileTests {
    static let source = "/sweeps/run/sweep.yaml"
    static let folder = "/sweeps/run"
    static let digest = String(repeating: "3A9c", count: 16)

    func parse(_ yaml: String) throws(SweepFileError) -> SweepFile {
        try SweepFile.parse(yaml: yaml, source: Self.source, folder: Self.folder)
    }

    /// The error `yaml` gives, or nil when it parses.
    func failure(_ yaml: String) -> SweepFileError? {
        do {
            _ = try parse(yaml)
            return nil
        } catch {
            return error
        }
    }

    static let minimal = """
        name: small
        benchmark: demo
        models:
          - name: m
            path: m.gguf
        """

    @Test func everyKeyIsRead() throws {
        let sweep = try parse("""
            name: full-sweep
            benchmark: ../bench/benchmark.yaml
            models:
              - name: Model-A
                path: models/a.gguf
                sha256: \(Self.digest)
              - name: Model-B
                path: /abs/b.gguf
            tasks: [MedQA, PubMedQA]
            languages:
              - en
              - fr
            fewshot_sets: [0, 2]
            strict: true
            shard_size: 7
            template: lm-eval
            threads: 4
            lease_seconds: 30.5
            heartbeat_seconds: 2.5
            max_attempts: 5
            """)
        #expect(sweep.name == "full-sweep")
        #expect(sweep.benchmark == .manifest(path: "/sweeps/bench/benchmark.yaml"))
        #expect(sweep.models.count == 2)
        #expect(sweep.models.first == SweepFile.Model(name: "Model-A", path: "/sweeps/run/models/a.gguf", sha256: Self.digest.lowercased()))
        #expect(sweep.models.last == SweepFile.Model(name: "Model-B", path: "/abs/b.gguf", sha256: nil))
        #expect(sweep.tasks == [.medQA, .pubMedQA])
        #expect(sweep.languages == [.en, .fr])
        #expect(sweep.fewShotSets == [.zeroShot, 2])
        #expect(sweep.strict)
        #expect(sweep.shardSize == 7)
        #expect(sweep.template == "lm-eval")
        #expect(sweep.threads == 4)
        #expect(sweep.leaseSeconds == 30.5)
        #expect(sweep.heartbeatSeconds == 2.5)
        #expect(sweep.maxAttempts == 5)
        #expect(sweep.source == Self.source)
    }

    @Test func defaults() throws {
        let sweep = try parse(Self.minimal)
        #expect(sweep.benchmark == .demo)
        #expect(sweep.models == [SweepFile.Model(name: "m", path: "/sweeps/run/m.gguf")])
        #expect(sweep.tasks == nil)
        #expect(sweep.languages == nil)
        #expect(sweep.fewShotSets == [1, 2, 3])
        #expect(!sweep.strict)
        #expect(sweep.shardSize == 50)
        #expect(sweep.template == "paper")
        #expect(sweep.threads == 0)
        #expect(sweep.leaseSeconds == 120)
        #expect(sweep.heartbeatSeconds == 10)
        #expect(sweep.maxAttempts == 3)
        // Built in code, the same defaults.
        let built = SweepFile(name: "small", benchmark: .demo, models: sweep.models, source: Self.source)
        #expect(built == sweep)
    }

    @Test func allMeansEveryTaskAndLanguage() throws {
        let sweep = try parse(Self.minimal + "\ntasks: all\nlanguages: all\n")
        #expect(sweep.tasks == nil)
        #expect(sweep.languages == nil)
    }

    @Test func relativePathsResolveAgainstTheFolder() throws {
        let sweep = try parse("""
            name: paths
            benchmark: ./data/../data/benchmark.yaml
            models:
              - {name: up, path: ../../models/up.gguf}
              - {name: here, path: ./x/y.gguf}
              - {name: absolute, path: /m/abs.gguf}
            """)
        #expect(sweep.benchmark == .manifest(path: "/sweeps/run/data/benchmark.yaml"))
        #expect(sweep.models.map(\.path) == ["/models/up.gguf", "/sweeps/run/x/y.gguf", "/m/abs.gguf"])
    }

    @Test func loadReadsAFileAndResolvesAgainstItsFolder() throws {
        let folder = SweepFixtures.path("sweepdir")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/sweep.yaml"
        try Self.minimal.write(toFile: file, atomically: true, encoding: .utf8)
        let sweep = try SweepFile.load(path: file)
        #expect(sweep.source == file)
        #expect(sweep.models.first?.path == folder + "/m.gguf")

        let missing = #expect(throws: SweepFileError.self) { try SweepFile.load(path: folder + "/absent.yaml") }
        #expect(missing?.field == "(file)")
        #expect(missing?.file == folder + "/absent.yaml")
        #expect(missing?.description == folder + "/absent.yaml: no such file")
        let isFolder = #expect(throws: SweepFileError.self) { try SweepFile.load(path: folder) }
        #expect(isFolder?.description == folder + ": is a folder, not a sweep file")

        try Data([0x6E, 0x61, 0xFF, 0xFE, 0x3A]).write(to: URL(fileURLWithPath: folder + "/binary.yaml"))
        let binary = #expect(throws: SweepFileError.self) { try SweepFile.load(path: folder + "/binary.yaml") }
        #expect(binary?.field == "(file)")
    }

    // MARK: - Errors

    /// A bad sweep file and the line and field its error names.
    struct Bad: Sendable, CustomTestStringConvertible {
        var label: String
        var yaml: String
        var line: Int?
        var field: String
        var reason: String
        var testDescription: String { label }
    }

    static let bad: [Bad] = [
        Bad(label: "unknown top-level key", yaml: minimal + "\ncolour: blue\n", line: 6, field: "colour", reason: "not a known key"),
        Bad(label: "unknown key in a model", yaml: """
            name: x
            benchmark: demo
            models:
              - name: a
                path: a.gguf
              - name: b
                path: b.gguf
                weights: heavy
            """, line: 8, field: "models[1].weights", reason: "not a known key"),
        Bad(label: "missing name", yaml: """
            benchmark: demo
            models:
              - {name: a, path: a.gguf}
            """, line: 1, field: "name", reason: "is missing"),
        Bad(label: "missing benchmark", yaml: """
            name: x
            models:
              - {name: a, path: a.gguf}
            """, line: 1, field: "benchmark", reason: "is missing"),
        Bad(label: "missing models", yaml: "name: x\nbenchmark: demo\n", line: 1, field: "models", reason: "is missing"),
        Bad(label: "empty models", yaml: "name: x\nbenchmark: demo\nmodels: []\n", line: 3, field: "models", reason: "is empty"),
        Bad(label: "models not a list", yaml: "name: x\nbenchmark: demo\nmodels: one.gguf\n", line: 3, field: "models",
            reason: "should be a list"),
        Bad(label: "model not a mapping", yaml: "name: x\nbenchmark: demo\nmodels:\n  - a.gguf\n", line: 4, field: "models[0]",
            reason: "should be a mapping"),
        Bad(label: "model without a path", yaml: "name: x\nbenchmark: demo\nmodels:\n  - name: a\n", line: 4,
            field: "models[0].path", reason: "is missing"),
        Bad(label: "duplicate model name", yaml: """
            name: x
            benchmark: demo
            models:
              - name: same
                path: a.gguf
              - name: same
                path: b.gguf
            """, line: 6, field: "models[1].name", reason: "names two models"),
        Bad(label: "sha256 too short", yaml: minimal + "\n    sha256: abc123\n", line: 6, field: "models[0].sha256",
            reason: "not 64 hexadecimal digits"),
        Bad(label: "sha256 not hex", yaml: minimal + "\n    sha256: \(String(repeating: "g", count: 64))\n", line: 6,
            field: "models[0].sha256", reason: "not 64 hexadecimal digits"),
        Bad(label: "unknown task", yaml: minimal + "\ntasks:\n  - MedQA\n  - Cardiology\n", line: 8, field: "tasks",
            reason: "\"Cardiology\" is not a task"),
        Bad(label: "unknown language", yaml: minimal + "\nlanguages: [en, fr, xx]\n", line: 6, field: "languages",
            reason: "\"xx\" is not a language"),
        Bad(label: "tasks neither a list nor all", yaml: minimal + "\ntasks: MedQA\n", line: 6, field: "tasks",
            reason: "should be a list, or all"),
        Bad(label: "empty task list", yaml: minimal + "\ntasks: []\n", line: 6, field: "tasks", reason: "is empty"),
        Bad(label: "negative few-shot set", yaml: minimal + "\nfewshot_sets:\n  - 1\n  - -1\n", line: 8, field: "fewshot_sets",
            reason: "has \"-1\"; a set is 0 (zero-shot) or a set number from 1"),
        Bad(label: "few-shot set not a number", yaml: minimal + "\nfewshot_sets: [one]\n", line: 6, field: "fewshot_sets",
            reason: "has \"one\""),
        Bad(label: "strict not a boolean", yaml: minimal + "\nstrict: maybe\n", line: 6, field: "strict",
            reason: "\"maybe\" is not true or false"),
        Bad(label: "empty few-shot sets", yaml: minimal + "\nfewshot_sets: []\n", line: 6, field: "fewshot_sets", reason: "is empty"),
        Bad(label: "shard_size 0", yaml: minimal + "\nshard_size: 0\n", line: 6, field: "shard_size", reason: "0 is outside 1...100000"),
        Bad(label: "shard_size a word", yaml: minimal + "\nshard_size: many\n", line: 6, field: "shard_size",
            reason: "\"many\" is not a whole number"),
        Bad(label: "shard_size a fraction", yaml: minimal + "\nshard_size: 2.5\n", line: 6, field: "shard_size",
            reason: "\"2.5\" is not a whole number"),
        Bad(label: "threads a list", yaml: minimal + "\nthreads: [1, 2]\n", line: 6, field: "threads", reason: "should be a single value"),
        Bad(label: "threads negative", yaml: minimal + "\nthreads: -1\n", line: 6, field: "threads", reason: "outside 0...1024"),
        Bad(label: "max_attempts a word", yaml: minimal + "\nmax_attempts: three\n", line: 6, field: "max_attempts",
            reason: "not a whole number"),
        Bad(label: "lease_seconds a word", yaml: minimal + "\nlease_seconds: soon\n", line: 6, field: "lease_seconds",
            reason: "\"soon\" is not a decimal number"),
        Bad(label: "heartbeat_seconds NaN", yaml: minimal + "\nheartbeat_seconds: nan\n", line: 6, field: "heartbeat_seconds",
            reason: "\"nan\" is not a decimal number"),
        Bad(label: "lease equal to heartbeat", yaml: minimal + "\nheartbeat_seconds: 5\nlease_seconds: 5\n", line: 7,
            field: "lease_seconds", reason: "must be longer than heartbeat_seconds"),
        Bad(label: "lease shorter than heartbeat", yaml: minimal + "\nlease_seconds: 2\nheartbeat_seconds: 3\n", line: 6,
            field: "lease_seconds", reason: "must be longer than heartbeat_seconds"),
        Bad(label: "heartbeat longer than the default lease", yaml: minimal + "\nheartbeat_seconds: 600\n", line: 1,
            field: "lease_seconds", reason: "must be longer than heartbeat_seconds"),
        Bad(label: "empty name", yaml: "name: \"\"\nbenchmark: demo\nmodels:\n  - {name: a, path: a.gguf}\n", line: 1,
            field: "name", reason: "is empty"),
        Bad(label: "name a mapping", yaml: "name: {first: x}\nbenchmark: demo\nmodels:\n  - {name: a, path: a.gguf}\n", line: 1,
            field: "name", reason: "should be a single value"),
        Bad(label: "document a list", yaml: "- name: x\n- benchmark: demo\n", line: 1, field: "(document)",
            reason: "should be a mapping"),
    ]

    @Test(arguments: bad) func badInputNamesLineAndField(_ bad: Bad) {
        guard let error = failure(bad.yaml) else {
            Issue.record("parsed without an error")
            return
        }
        #expect(error.file == Self.source)
        #expect(error.line == bad.line, "\(error)")
        #expect(error.field == bad.field, "\(error)")
        #expect(error.reason.contains(bad.reason), "\(error)")
        if let line = bad.line {
            #expect(error.description.hasPrefix("\(Self.source):\(line): \(bad.field) "), "\(error)")
        }
    }

    @Test func emptyDocument() {
        for yaml in ["", "# only a comment\n", "\n\n"] {
            let error = failure(yaml)
            #expect(error?.field == "(document)")
            #expect(error?.reason == "is empty")
            #expect(error?.description == "\(Self.source): (document) is empty")
        }
    }

    /// A YAML syntax error is reported on the line where YAML finds it.
    @Test func yamlSyntaxErrorNamesItsLine() {
        let error = failure("""
            name: x
            benchmark: demo
            models: [a, b
            tasks: all
            """)
        #expect(error?.field == "(document)")
        #expect(error?.reason.hasPrefix("is not valid YAML") == true, "\(String(describing: error))")
        // The parser notices the unclosed flow sequence on line 4 or 5 (its end); either is a
        // usable pointer, no line at all is not.
        #expect(error?.line != nil, "\(String(describing: error))")
        #expect(error.map { $0.description.hasPrefix("\(Self.source):") && $0.line.map { (3 ... 5).contains($0) } == true } == true,
                "\(String(describing: error))")
    }

    /// The sweep file takes any set from 0; whether the data has it is the plan's check.
    @Test func setsBeyondThePapersAreTakenForThePlanToCheck() throws {
        let sweep = try parse(Self.minimal + "\nfewshot_sets: [0, 4]\n")
        #expect(sweep.fewShotSets == [.zeroShot, 4])
    }

    @Test func yamlBadIndentationIsAnError() {
        let error = failure("name: x\n  benchmark: demo\n models: []\n")
        #expect(error?.field == "(document)")
        #expect(error?.reason.hasPrefix("is not valid YAML") == true, "\(String(describing: error))")
    }

    /// A key given twice must not silently keep one of the values.
    @Test func duplicateKeyIsAnError() {
        let error = failure(Self.minimal + "\nname: other\n")
        #expect(error?.reason.contains("repeats the key name") == true, "\(String(describing: error))")
        #expect(error?.description.hasPrefix("\(Self.source):") == true, "\(String(describing: error))")
    }

    /// Repeating a task, language or few-shot set would plan the same work unit twice (same
    /// id): the file should be refused at the repeated item.
    @Test(arguments: [
        ("tasks", "tasks: [MedQA, PubMedQA, MedQA]", "repeats \"MedQA\""),
        ("languages", "languages: [en, fr, en]", "repeats \"en\""),
        ("fewshot_sets", "fewshot_sets: [1, 2, 1]", "repeats 1"),
    ])
    func repeatedItemIsAnError(field: String, line: String, reason: String) {
        let error = failure(Self.minimal + "\n" + line + "\n")
        #expect(error?.field == field, "\(String(describing: error))")
        #expect(error?.line == 6, "\(String(describing: error))")
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test func errorDescriptionWithoutLine() {
        let error = SweepFileError(file: "s.yaml", line: nil, field: "(file)", reason: "cannot be read")
        #expect(error.description == "s.yaml: cannot be read")
        #expect(SweepFileError(file: "s.yaml", line: 9, field: "threads", reason: "is bad").description == "s.yaml:9: threads is bad")
    }
}
