import Foundation

/// A benchmark manifest: which files hold which task in which language, with their SHA-256
/// digests, so a sweep names its data by manifest and a changed file is noticed; and the
/// prompt templates the benchmark defines besides the built-in ones.
///
/// ```yaml
/// name: bioinstructqa
/// demo: false
/// data:
///   - format: bioinstructqa
///     path: langs_processed/French-full.json
///     sha256: <64 hex digits>
///     languages: [fr]
///   - format: mmlu-csv
///     path: mmlu/test/anatomy_test.csv
///     sha256: <64 hex digits>
///     tasks: [MMLU_anatomy]
///     languages: [en]
///     fewshot: {path: mmlu/dev/anatomy_dev.csv, sha256: <64 hex digits>, seed: 42}
/// templates:
///   - {name: plain, instruction: "", context: "{context}\n", option: "{letter}) {text}", …}
/// ```
///
/// ```swift
/// let manifest = try BenchmarkManifest.load(path: "benchmark.yaml")
/// let (questions, summary) = try manifest.questions(task: .anatomy, language: .en)
/// ```
public struct BenchmarkManifest: Sendable {
    /// Where the manifest's files are: a folder on disk, or bytes in memory (the demo).
    public enum Storage: Sendable {
        case directory(String)
        case memory([String: [UInt8]])
    }

    public var name: String
    public var description: String?
    /// Demo data: small on purpose, so test-set sizes are not checked against the paper's.
    public var isDemo: Bool
    public var entries: [ManifestEntry]
    /// Templates defined by the manifest, besides the built-in ones.
    public var templates: [PromptTemplate]
    /// The manifest's name in messages (its path, for a file).
    public var source: String
    public var storage: Storage

    public init(
        name: String, description: String? = nil, isDemo: Bool = false, entries: [ManifestEntry],
        templates: [PromptTemplate] = [], source: String, storage: Storage
    ) {
        self.name = name
        self.description = description
        self.isDemo = isDemo
        self.entries = entries
        self.templates = templates
        self.source = source
        self.storage = storage
    }

    /// Reads and checks the manifest at `path`; relative data paths are taken from its folder.
    public static func load(path: String) throws -> BenchmarkManifest {
        if let problem = PathProblem.reading(path, as: "a benchmark manifest") {
            throw BenchmarkManifestError.path(manifest: path, problem: problem)
        }
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw BenchmarkManifestError.unreadable(manifest: path, reason: "not UTF-8 text")
            }
            text = decoded
        } catch let error as BenchmarkManifestError {
            throw error
        } catch {
            throw BenchmarkManifestError.unreadable(manifest: path, reason: PathProblem(error: error).description)
        }
        let folder = (path as NSString).deletingLastPathComponent
        return try ManifestParser.parse(yaml: text, source: path, storage: .directory(folder.isEmpty ? "." : folder))
    }

    /// The entry holding `task` in `language`.
    public func entry(task: BenchmarkTask, language: BenchmarkLanguage) throws -> ManifestEntry {
        guard let entry = entries.first(where: { $0.holds(task, language) }) else {
            throw BenchmarkManifestError.notCovered(manifest: source, task: task, language: language)
        }
        return entry
    }

    /// The tasks some entry holds in some language, in the paper's order.
    public var tasks: [BenchmarkTask] { BenchmarkTask.allCases.filter { task in entries.contains { $0.tasks.contains(task) } } }

    /// The languages some entry holds, in the benchmark's order.
    public var languages: [BenchmarkLanguage] {
        BenchmarkLanguage.allCases.filter { language in entries.contains { $0.languages.contains(language) } }
    }

    /// The template named `name`: a built-in one or one of the manifest's.
    public func template(named name: String) throws -> PromptTemplate {
        try PromptTemplate.named(name, among: templates)
    }

    /// The data file `file` names, after checking its SHA-256 against the recorded one.
    public func verifiedDataFile(_ file: ManifestFile) throws -> DataFile {
        let dataFile: DataFile
        switch storage {
        case .directory(let folder):
            let path = file.path.hasPrefix("/") ? file.path : (folder as NSString).appendingPathComponent(file.path)
            dataFile = .path(path)
        case .memory(let files):
            guard let bytes = files[file.path] else {
                throw BenchmarkDataError.unreadable(file: "\(source): \(file.path)", reason: "No such file in the manifest's files")
            }
            dataFile = .bytes(bytes, name: file.path)
        }
        let actual = try dataFile.sha256()
        guard actual == file.sha256 else {
            throw BenchmarkManifestError.digestMismatch(manifest: source, file: dataFile.name, expected: file.sha256, actual: actual)
        }
        return dataFile
    }

    /// The questions of `task` in `language`, read from the entry that holds them (digests
    /// checked first), in file order; odd records read as `mode` says (see `ReadMode`).
    public func questions(
        task: BenchmarkTask, language: BenchmarkLanguage, mode: ReadMode = .lenient
    ) throws -> (questions: [BenchmarkQuestion], summary: ReadSummary) {
        let entry = try entry(task: task, language: language)
        let file = try verifiedDataFile(entry.file)
        var questions: [BenchmarkQuestion] = []
        let summary: ReadSummary
        switch entry.format {
        case .bioInstructQA:
            let reader = BioInstructQAReader(file: file, checksTestSizes: !isDemo, mode: mode)
            summary = try reader.read(language: language, tasks: [task]) {
                questions.append($0)
            }
        default:
            guard let fewShot = entry.fewShot else {
                throw BenchmarkManifestError.invalid(manifest: source, line: nil, field: "fewshot", reason: "missing for \(entry.file.path)")
            }
            let pool = try verifiedDataFile(fewShot.file)
            let reader = try OriginalSourceReader(
                format: entry.format, task: task, test: file, fewShotPool: pool, sampler: fewShot.sampler, checksTestSizes: !isDemo,
                mode: mode)
            summary = try reader.read { questions.append($0) }
        }
        return (questions, summary)
    }
}
