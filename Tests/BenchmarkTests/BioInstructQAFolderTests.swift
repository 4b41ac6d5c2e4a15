import Benchmark
import Foundation
import Testing
import TestSupport

/// Surveying a folder of the BioInstructQA layout: the files used, their languages, tasks,
/// counts and digests, and the files left out with their reasons.
@Suite struct BioInstructQAFolderTests {
    /// A folder with English (2 MedQA, 1 anatomy, 1 record of another corpus), French (1
    /// MedQA), the train split, a stray file, a hidden folder, and a second French file
    /// outside langs_processed/.
    static func makeFolder() throws -> String {
        let folder = temporaryPath("survey")
        let manager = FileManager.default
        for sub in ["base", "langs_processed", "extra", ".git"] {
            try manager.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
        }
        func write(_ path: String, _ text: String) throws { try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + path)) }
        typealias S = BioInstructQASamples
        try write("base/overall_test+prompt.json", S.file([
            S.record(identifier: "q1"), S.record(identifier: "q2"), S.record(identifier: "a1", corpus: "MMLU_anatomy"),
            S.record(identifier: "x1", corpus: "Cardiology"),
        ]))
        try write("langs_processed/French-full.json", S.file([S.record(identifier: "q1", translated: true)]))
        try write("extra/French-full.json", S.file([S.record(identifier: "q9", translated: true)]))
        try write("base/overall_train+prompt.json", S.file([S.record(identifier: "t1")]))
        try write("notes.txt", "not data")
        try write(".git/German-full.json", S.file([S.record(identifier: "q1", translated: true)]))
        return folder
    }

    @Test func findsTheLayoutsFilesAndSaysWhatItLeftOut() throws {
        let folder = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var read: [String] = []
        let survey = try BioInstructQAFolder.survey(folder) { read.append($0) }
        #expect(read == ["reading base/overall_test+prompt.json (English)", "reading langs_processed/French-full.json (French)"])
        #expect(survey.languages == [.en, .fr])
        #expect(survey.tasks == [.anatomy, .medQA])
        let english = try #require(survey.dataFiles.first)
        #expect(english.path == "base/overall_test+prompt.json")
        #expect(english.questionCounts == [.medQA: 2, .anatomy: 1])
        #expect(english.otherCorpora == ["Cardiology": 1])
        #expect(english.sha256 == (try DataFile.path(folder + "/base/overall_test+prompt.json").sha256()))
        #expect(survey.dataFiles.last?.questionCounts == [.medQA: 1])
        #expect(survey.leftOut == [
            .init(path: "base/overall_train+prompt.json", reason: .otherSplit("train")),
            .init(path: "extra/French-full.json", reason: .secondFile(.fr, used: "langs_processed/French-full.json")),
            .init(path: "notes.txt", reason: .notInTheLayout),
        ])
        #expect(survey.leftOut[0].reason.description == "the train split; the benchmark is the test split (overall_test+prompt.json)")
    }

    /// The manifest names each file relative to its own folder (absolute when the data is
    /// elsewhere), with the tasks found, and reads back as a manifest whose questions are the
    /// files'.
    @Test func itsManifestReadsBack() throws {
        let folder = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let survey = try BioInstructQAFolder.survey(folder)
        let inside = survey.manifest(name: "tiny", writtenTo: folder + "/benchmark.yaml")
        #expect(inside.entries.map(\.file.path) == ["base/overall_test+prompt.json", "langs_processed/French-full.json"])
        #expect(inside.entries.map(\.tasks) == [[.anatomy, .medQA], [.medQA]])
        try Data(inside.yaml().utf8).write(to: URL(fileURLWithPath: folder + "/benchmark.yaml"))
        let loaded = try BenchmarkManifest.load(path: folder + "/benchmark.yaml")
        #expect(loaded.entries == inside.entries)
        #expect(try loaded.questions(task: .medQA, language: .fr).questions.map(\.identifier) == ["q1"])

        let elsewhere = survey.manifest(name: "tiny", writtenTo: temporaryPath("manifests") + "/b.yaml")
        #expect(elsewhere.entries.first?.file.path == URL(fileURLWithPath: folder).standardized.path + "/base/overall_test+prompt.json")
    }

    @Test func aFolderWithoutDataHasNoDataFiles() throws {
        let folder = temporaryPath("survey-empty")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("[]".utf8).write(to: URL(fileURLWithPath: folder + "/Spanish-full.json"))
        let survey = try BioInstructQAFolder.survey(folder)
        #expect(survey.dataFiles.isEmpty)
        #expect(survey.leftOut == [.init(path: "Spanish-full.json", reason: .noTaskRecords(otherCorpora: [:]))])
    }

    /// A data file of the layout that the reader cannot use is an error naming the record
    /// and field, not a file silently left out.
    @Test func aBrokenDataFileIsAnError() throws {
        let folder = temporaryPath("survey-broken")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/overall_test+prompt.json"
        try Data(BioInstructQASamples.file([BioInstructQASamples.record(removing: ["question"])]).utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: BenchmarkDataError.self) { try BioInstructQAFolder.survey(folder) }
        #expect(error?.description == "\(path): record 0 (\"q1\"): missing field \"question\"")
    }
}
