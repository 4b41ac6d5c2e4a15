import Foundation

/// A folder of the released BioInstructQA data, surveyed to write its manifest (`medsweep
/// benchmark init`): which files of the layout are there, the language and tasks each holds,
/// its SHA-256, its questions per task, and the files left out and why.
///
/// Files are found by name anywhere under the folder (hidden ones skipped), as the authors
/// named them: `overall_test+prompt.json` is English, `<Language>-full.json` a translation
/// (`French-full.json`). The other splits (`overall_train+prompt.json`, `…validation…`) are
/// not the benchmark's test questions and are left out, as is every other file. Each data file
/// is read in full (leniently: odd records are counted as a sweep would count them), so a file
/// the readers cannot use is an error now, naming its record and field, not when a sweep starts.
///
/// ```swift
/// let survey = try BioInstructQAFolder.survey("/data/bioinstructqa")
/// let manifest = survey.manifest(name: "bioinstructqa", writtenTo: "/data/bioinstructqa/benchmark.yaml")
/// ```
public struct BioInstructQAFolder: Sendable {
    /// A data file of the layout, read.
    public struct DataFileFound: Sendable, Equatable {
        /// Relative to the surveyed folder.
        public var path: String
        public var language: BenchmarkLanguage
        public var sha256: String
        /// Questions read per task (a task the file has no record of is absent).
        public var questionCounts: [BenchmarkTask: Int]
        /// Records of the task skipped as odd (see `OddRecordKind.skipsRecord`), per task.
        public var skippedRecords: [BenchmarkTask: Int]
        /// Records whose `corpus_name` is none of the 10 tasks, per corpus name.
        public var otherCorpora: [String: Int]
        /// What reading warned about (odd records), as `run` would print it.
        public var warnings: [String]

        /// The tasks the file has questions of, in the paper's order.
        public var tasks: [BenchmarkTask] { questionCounts.keys.sorted() }
    }

    /// Why a file under the folder is not in the manifest.
    public enum LeftOut: Sendable, Equatable, CustomStringConvertible {
        /// `overall_<split>+prompt.json` of a split that is not `test`.
        case otherSplit(String)
        /// A name that is not one of the layout's.
        case notInTheLayout
        /// Read, but no record is of one of the 10 tasks.
        case noTaskRecords(otherCorpora: [String: Int])
        /// Another file of the same language is in the manifest.
        case secondFile(BenchmarkLanguage, used: String)

        public var description: String {
            switch self {
            case .otherSplit(let split):
                "the \(split) split; the benchmark is the test split (overall_test+prompt.json)"
            case .notInTheLayout:
                "not a file of the BioInstructQA layout (overall_test+prompt.json, <Language>-full.json)"
            case .noTaskRecords(let corpora):
                "no record of the 10 tasks"
                    + (corpora.isEmpty ? "" : " (corpora: " + corpora.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")")
            case .secondFile(let language, let used):
                "a second \(language.englishName) (\(language.rawValue)) file; the manifest has \(used)"
            }
        }
    }

    public struct LeftOutFile: Sendable, Equatable {
        /// Relative to the surveyed folder.
        public var path: String
        public var reason: LeftOut

        public init(path: String, reason: LeftOut) {
            self.path = path
            self.reason = reason
        }
    }

    /// The surveyed folder, as given.
    public let folder: String
    /// One per language found, in the benchmark's language order.
    public var dataFiles: [DataFileFound]
    /// In path order.
    public var leftOut: [LeftOutFile]

    /// The tasks some data file has questions of, in the paper's order.
    public var tasks: [BenchmarkTask] { Set(dataFiles.flatMap(\.tasks)).sorted() }
    public var languages: [BenchmarkLanguage] { dataFiles.map(\.language) }

    /// Surveys `folder`, leaving out the file at `ignoring` (a manifest being replaced) when it
    /// is under it; `progress` hears of each data file as it is read (seconds for the real ones).
    public static func survey(
        _ folder: String, ignoring: String? = nil, progress: (String) -> Void = { _ in }
    ) throws -> BioInstructQAFolder {
        let root = URL(fileURLWithPath: folder).standardized.path
        let ignored = ignoring.map { URL(fileURLWithPath: $0).standardized.path }
        var candidates: [BenchmarkLanguage: [String]] = [:]
        var leftOut: [LeftOutFile] = []
        for path in regularFiles(under: root) where (root as NSString).appendingPathComponent(path) != ignored {
            let name = (path as NSString).lastPathComponent
            if let split = otherSplit(ofFileNamed: name) {
                leftOut.append(LeftOutFile(path: path, reason: .otherSplit(split)))
            } else if let language = BioInstructQAReader.language(ofFileNamed: name) {
                candidates[language, default: []].append(path)
            } else {
                leftOut.append(LeftOutFile(path: path, reason: .notInTheLayout))
            }
        }
        var dataFiles: [DataFileFound] = []
        for language in BenchmarkLanguage.allCases {
            guard let paths = candidates[language] else { continue }
            // The layout's own place first (base/, langs_processed/), then path order.
            let canonical = "\(language.bioInstructQAFolder)/\(language.bioInstructQAFileName)"
            let ordered = paths.filter { $0 == canonical } + paths.filter { $0 != canonical }.sorted()
            var used: String?
            for path in ordered {
                if let used {
                    leftOut.append(LeftOutFile(path: path, reason: .secondFile(language, used: used)))
                    continue
                }
                progress("reading \(path) (\(language.englishName))")
                let found = try read(path, root: root, language: language)
                if found.questionCounts.isEmpty {
                    leftOut.append(LeftOutFile(path: path, reason: .noTaskRecords(otherCorpora: found.otherCorpora)))
                } else {
                    dataFiles.append(found)
                    used = path
                }
            }
        }
        return BioInstructQAFolder(folder: folder, dataFiles: dataFiles, leftOut: leftOut.sorted { $0.path < $1.path })
    }

    /// The manifest of the data files, to be written at `manifestPath`: data paths relative to
    /// its folder when the data is under it, absolute otherwise.
    public func manifest(name: String, writtenTo manifestPath: String) -> BenchmarkManifest {
        let root = URL(fileURLWithPath: folder).standardized.path
        let manifestFolder = URL(fileURLWithPath: manifestPath).standardized.deletingLastPathComponent().path
        let entries = dataFiles.map { found in
            let absolute = (root as NSString).appendingPathComponent(found.path)
            let prefix = manifestFolder.hasSuffix("/") ? manifestFolder : manifestFolder + "/"
            let path = absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
            return ManifestEntry(
                format: .bioInstructQA, file: ManifestFile(path: path, sha256: found.sha256), tasks: found.tasks,
                languages: [found.language])
        }
        return BenchmarkManifest(
            name: name, description: "BioInstructQA data in \(root), surveyed by medsweep benchmark init", entries: entries,
            source: manifestPath, storage: .directory(manifestFolder))
    }

    private static func read(_ path: String, root: String, language: BenchmarkLanguage) throws -> DataFileFound {
        let file = DataFile.path((root as NSString).appendingPathComponent(path))
        // Sizes are not checked: a folder of another size than the paper's is still its data.
        let reader = BioInstructQAReader(file: file, checksTestSizes: false, mode: .lenient)
        let summary = try reader.read(language: language) { _ in }
        return DataFileFound(
            path: path, language: language, sha256: try file.sha256(), questionCounts: summary.questionCounts,
            skippedRecords: summary.skippedRecords, otherCorpora: summary.skippedCorpora, warnings: summary.warnings)
    }

    /// `train` for `overall_train+prompt.json`; nil for the test split and other names.
    static func otherSplit(ofFileNamed name: String) -> String? {
        guard name.hasPrefix("overall_"), name.hasSuffix("+prompt.json") else { return nil }
        let split = String(name.dropFirst("overall_".count).dropLast("+prompt.json".count))
        return split == "test" ? nil : split
    }

    /// The regular files under `root` (or links to one: a Hugging Face snapshot links its
    /// files to blobs), relative to it, in path order; hidden files and folders (a `.git` of a
    /// cloned data set) are skipped.
    private static func regularFiles(under root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let path = walker.nextObject() as? String {
            let type = walker.fileAttributes?[.type] as? FileAttributeType
            if (path as NSString).lastPathComponent.hasPrefix(".") {
                if type == .typeDirectory { walker.skipDescendants() }
                continue
            }
            var status = stat()
            let full = (root as NSString).appendingPathComponent(path)
            if type == .typeRegular || (type == .typeSymbolicLink && stat(full, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG) {
                files.append(path)
            }
        }
        return files.sorted()
    }
}
