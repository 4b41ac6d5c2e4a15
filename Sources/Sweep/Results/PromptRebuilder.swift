import Benchmark
import Foundation

/// Rebuilds the prompts a journal's questions were scored with, from the sweep file, and
/// proves they are those: a unit's id is a digest of its model file, its prompt template and
/// its data files (``WorkUnit/id``), so the unit id computed again from the sweep file's
/// template and data, with the journal's model digests, equals the journal's only when the
/// prompts are the same. A prompt is never shown for a unit that fails that check.
public final class PromptRebuilder {
    private let sweepPath: String
    private let manifest: BenchmarkManifest
    private let template: PromptTemplate
    private let templateDigest: String
    private let mode: ReadMode
    /// Model name → the digests its files had in the journal's plans (schema v5).
    private let modelDigests: [String: [String]]
    /// Read when made: the journal is not read again while its results are streamed.
    private let units: [String: Journal.UnitIdentity]
    private var questions: [QuestionSetKey: (byID: [String: BenchmarkQuestion], dataDigest: String)] = [:]
    private var checkedUnits: Set<String> = []

    private struct QuestionSetKey: Hashable {
        let task: BenchmarkTask
        let language: BenchmarkLanguage
    }

    /// `sweepPath`: the sweep file to rebuild from (nil: the one the journal was first run from).
    public init(journal: Journal, sweepPath: String? = nil) throws(PromptRebuildError) {
        let models: [PlannedModel]
        do {
            self.sweepPath = try sweepPath ?? journal.sweepSource()
            models = try journal.models()
            units = try journal.unitIdentities()
        } catch {
            throw .journal("\(error)")
        }
        guard !models.isEmpty else { throw .noModelDigests(journal: journal.path) }
        modelDigests = Dictionary(grouping: models, by: \.name).mapValues { $0.map(\.sha256) }
        let sweep: SweepFile
        do {
            sweep = try SweepFile.load(path: self.sweepPath)
            manifest = try sweep.benchmark.load()
            template = try manifest.template(named: sweep.template)
        } catch {
            throw .sweepFile(path: self.sweepPath, reason: "\(error)")
        }
        templateDigest = FileDigest.sha256(String(describing: template))
        mode = sweep.strict ? .strict : .lenient
    }

    /// The prompt `scored` was scored with.
    public func prompt(for scored: ScoredQuestion) throws(PromptRebuildError) -> String {
        let key = QuestionSetKey(task: scored.task, language: scored.result.language)
        let set = try questionSet(key)
        try check(unit: scored.unitID)
        guard let question = set.byID[scored.result.questionID] else {
            throw .questionMissing(sweepFile: sweepPath, question: scored.result.questionID, task: scored.task.corpusName,
                                   language: scored.result.language.rawValue)
        }
        do {
            return try template.prompt(for: question, fewShotSet: scored.fewShotSet)
        } catch {
            throw .render(question: question.identifier, reason: "\(error)")
        }
    }

    private func questionSet(_ key: QuestionSetKey) throws(PromptRebuildError) -> (byID: [String: BenchmarkQuestion], dataDigest: String) {
        if let loaded = questions[key] { return loaded }
        do {
            let entry = try manifest.entry(task: key.task, language: key.language)
            let read = try manifest.questions(task: key.task, language: key.language, mode: mode).questions
            let loaded = (Dictionary(read.map { ($0.identifier, $0) }, uniquingKeysWith: { first, _ in first }), entry.file.sha256)
            questions[key] = loaded
            return loaded
        } catch {
            throw .sweepFile(path: sweepPath, reason: "no data for \(key.task.corpusName) in \(key.language.rawValue): \(error)")
        }
    }

    /// Checks the unit's id comes out the same from the sweep file's template and data.
    private func check(unit id: String) throws(PromptRebuildError) {
        if checkedUnits.contains(id) { return }
        guard let identity = units[id] else { throw .journal("unit \(id) is not in the journal") }
        var dataDigests: [BenchmarkLanguage: String] = [:]
        for slice in identity.slices {
            dataDigests[slice.language] = try questionSet(QuestionSetKey(task: identity.task, language: slice.language)).dataDigest
        }
        let named = identity.isNamed(id, modelDigests: modelDigests[identity.model] ?? [], templateDigest: templateDigest) {
            dataDigests[$0]
        }
        guard named else { throw .changedSince(sweepFile: sweepPath, unit: id, model: identity.model, task: identity.task.corpusName) }
        checkedUnits.insert(id)
    }
}

/// Why prompts cannot be shown beside a journal's results.
public enum PromptRebuildError: Error, Sendable, Equatable, CustomStringConvertible {
    case journal(String)
    /// Journals written before schema v5 do not record their models' digests.
    case noModelDigests(journal: String)
    case sweepFile(path: String, reason: String)
    case changedSince(sweepFile: String, unit: String, model: String, task: String)
    case questionMissing(sweepFile: String, question: String, task: String, language: String)
    case render(question: String, reason: String)

    public var description: String {
        switch self {
        case .journal(let reason):
            reason
        case .noModelDigests(let journal):
            "\(journal) records no model digests (written before medsweep recorded them): its prompts cannot be checked, so none are shown"
        case .sweepFile(let path, let reason):
            "sweep file \(path): \(reason)"
        case .changedSince(let sweepFile, let unit, let model, let task):
            "unit \(unit) (\(model), \(task)) was not scored with the prompts \(sweepFile) gives now: its template or data "
                + "changed since; give the sweep file the journal was run with (--sweep FILE)"
        case .questionMissing(let sweepFile, let question, let task, let language):
            "question \(question) of \(task) in \(language) is not in the data \(sweepFile) names"
        case .render(let question, let reason):
            "question \(question): \(reason)"
        }
    }
}
