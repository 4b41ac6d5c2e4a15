import Benchmark
import Foundation
import TestSupport

/// Small files and records the benchmark tests build.
enum TestData {
    /// One folder for every file these tests write, removed when the test process exits (a
    /// folder per file, left behind, added up to a hundred per run).
    static let root: String = {
        let root = temporaryPath("benchmark-tests")
        atexit { try? FileManager.default.removeItem(atPath: TestData.root) }
        return root
    }()

    /// Writes `bytes` to a fresh temporary file named `name` (inside its own folder, so the
    /// name is kept), and returns the path.
    static func write(_ bytes: [UInt8], name: String) throws -> String {
        let folder = (root as NSString).appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func write(_ text: String, name: String) throws -> String {
        try write(Array(text.utf8), name: name)
    }

    /// The file `name` beside the tests, in `Golden/`.
    static func golden(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// One BioInstructQA record as JSON text (see `BioInstructQASamples.record`).
    static func bioInstructQARecord(
        identifier: String = "q1", corpus: String = "MedQA", letters: [String] = ["A", "B", "C", "D"],
        translated: Bool = false, overrides: [(String, String)] = [], removing: Set<String> = []
    ) -> String {
        BioInstructQASamples.record(
            identifier: identifier, corpus: corpus, letters: letters, translated: translated, overrides: overrides, removing: removing)
    }

    /// A record with letter probabilities `probabilities` (aligned with the task's letters).
    static func record(
        model: String = "m", task: BenchmarkTask = .medQA, language: BenchmarkLanguage = .en, set: FewShotSet = 1,
        id: String, gold: String, probabilities: [Double], top: String?? = .none, topProbability: Double? = nil
    ) -> QuestionRecord {
        let letters = task.letters
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
        let topLetter: String? = top ?? letters[best]
        return QuestionRecord(
            model: model, task: task, language: language, fewShotSet: set, questionID: id, goldLetter: gold, letters: letters,
            letterProbabilities: probabilities, topTokenProbability: topProbability ?? probabilities[best], topTokenLetter: topLetter)
    }
}
