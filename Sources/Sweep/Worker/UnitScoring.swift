import Engine
import EngineVulkan
import Foundation
import Synchronization

/// How far a unit's scoring has come: the worker's heartbeats report it, with rates.
public struct UnitProgress: Sendable, Equatable {
    public var questionsDone: Int
    /// Prompt tokens of the scored questions (including those the prefix cache served).
    public var promptTokens: Int

    public init(questionsDone: Int, promptTokens: Int) {
        self.questionsDone = questionsDone
        self.promptTokens = promptTokens
    }
}

/// Scores a leased unit's questions. The worker calls one unit at a time, from its own thread.
public protocol UnitScoring: Sendable {
    /// The model in memory, preferred when the worker asks for work.
    var loadedModel: String? { get }
    /// Scores `unit`'s questions in order, reporting how many are done; stops early (returning
    /// nil) when `shouldStop` says so. Throws when the unit cannot be scored (model missing or
    /// different from the coordinator's, a prompt too long for the model).
    func score(
        _ unit: UnitBody, threads: Int, progress: @Sendable (UnitProgress) -> Void, shouldStop: @Sendable () -> Bool
    ) throws -> [QuestionResult]?
}

/// Scores with medsweep's engine, keeping one model loaded: a unit of another model evicts it
/// (a 7B model takes 4 GB and a minute to load, which is why the coordinator prefers units of
/// the loaded model).
public final class EngineUnitScoring: UnitScoring {
    private struct Loaded {
        var reference: ModelReference
        var threads: Int
        var scorer: Scorer
    }

    private let state = Mutex<Loaded?>(nil)
    private let prefixCacheBytes: Int
    private let backend: BackendSettings
    private let note: @Sendable (String) -> Void

    /// - Parameters:
    ///   - backend: where the engine runs (its threads are the unit's, given per call).
    ///   - note: receives what loading does ("loading …", "evicting …").
    public init(
        prefixCacheBytes: Int = 1 << 30, backend: BackendSettings = BackendSettings(),
        note: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.prefixCacheBytes = prefixCacheBytes
        self.backend = backend
        self.note = note
    }

    public var loadedModel: String? { state.withLock { $0?.reference.name } }

    public func score(
        _ unit: UnitBody, threads: Int, progress: @Sendable (UnitProgress) -> Void, shouldStop: @Sendable () -> Bool
    ) throws -> [QuestionResult]? {
        let scorer = try scorer(for: unit.model, threads: threads)
        var results: [QuestionResult] = []
        results.reserveCapacity(unit.questions.count)
        var progressSoFar = UnitProgress(questionsDone: 0, promptTokens: 0)
        // A question's languages come one after another (`Plan.questions(for:)`): scored as one
        // group, their shared prefix is computed once.
        for group in Self.groups(of: unit.questions) {
            if shouldStop() { return nil }
            let start = DispatchTime.now().uptimeNanoseconds
            let scores: [QuestionScore]
            do {
                scores = try scorer.score(group: group.map { ScoringRequest(prompt: $0.prompt, letters: $0.letters) })
            } catch {
                if case .forwardPass(let failure) = error.error {
                    throw UnitScoringError.backend(model: unit.model, unit: unit.unit.label, reason: failure.description)
                }
                let question = group[group.startIndex + error.index]
                throw UnitScoringError.question(
                    model: unit.model, unit: unit.unit.label, id: "\(question.id) (\(question.language.rawValue))",
                    reason: error.error.description)
            }
            // The group's time, shared by its questions in proportion to the tokens computed.
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let computed = max(1, scores.reduce(0) { $0 + $1.computedTokens })
            for (question, score) in zip(group, scores) {
                results.append(QuestionResult(
                    questionID: question.id, index: question.index, language: question.language, topTokenID: score.topTokenID,
                    topTokenPiece: score.topTokenPiece, topTokenText: score.topTokenText,
                    topTokenProbability: score.topTokenProbability,
                    topLetter: score.topLetter, letterProbabilities: score.letters.map(\.probability),
                    promptTokens: score.promptTokens, computedTokens: score.computedTokens,
                    seconds: seconds * Double(max(score.computedTokens, 0)) / Double(computed)))
                progressSoFar.promptTokens += score.promptTokens
            }
            progressSoFar.questionsDone = results.count
            progress(progressSoFar)
        }
        return results
    }

    /// Runs of consecutive questions with the same id (one question in several languages).
    static func groups(of questions: [UnitQuestion]) -> [ArraySlice<UnitQuestion>] {
        var groups: [ArraySlice<UnitQuestion>] = []
        var start = questions.startIndex
        for index in questions.indices.dropFirst() where questions[index].id != questions[index - 1].id {
            groups.append(questions[start ..< index])
            start = index
        }
        if start < questions.endIndex { groups.append(questions[start...]) }
        return groups
    }

    /// The loaded scorer when it is the unit's model, else loads that one (the old one goes
    /// first, so two models never share memory).
    private func scorer(for reference: ModelReference, threads: Int) throws -> Scorer {
        if let loaded = state.withLock({ $0 }), loaded.reference == reference, loaded.threads == threads {
            return loaded.scorer
        }
        if let old = state.withLock({ $0 }) { note("evicting \(old.reference.name)") }
        state.withLock { $0 = nil }
        guard FileManager.default.isReadableFile(atPath: reference.path) else {
            throw UnitScoringError.model(name: reference.name, path: reference.path, reason: "does not exist or cannot be read on this worker")
        }
        note("checking \(reference.name): sha256 of \(reference.path)")
        let digest: String
        do {
            digest = try FileDigest.sha256(path: reference.path)
        } catch {
            throw UnitScoringError.model(name: reference.name, path: reference.path, reason: "\(error)")
        }
        guard digest == reference.sha256 else {
            throw UnitScoringError.model(
                name: reference.name, path: reference.path,
                reason: "has sha256 \(digest) on this worker, the coordinator's has \(reference.sha256)")
        }
        var settings = backend
        settings.threads = threads
        note("loading \(reference.name) on \(settings.backend.rawValue)" + (settings.backend == .cpu ? " with \(threads) threads" : ""))
        let model: MistralModel
        do {
            model = try MistralModel(path: reference.path)
        } catch {
            throw UnitScoringError.model(name: reference.name, path: reference.path, reason: "\(error)")
        }
        let scorer: Scorer
        do {
            scorer = try settings.scorer(for: model, prefixCacheBytes: prefixCacheBytes)
        } catch .model(let reason) {
            throw UnitScoringError.model(name: reference.name, path: reference.path, reason: reason)
        } catch {
            // The device's fault, not the model's: another worker may score the unit.
            throw UnitScoringError.backend(model: reference, unit: nil, reason: "\(error)")
        }
        state.withLock { $0 = Loaded(reference: reference, threads: threads, scorer: scorer) }
        return scorer
    }
}

/// Why a worker could not score a unit; sent to the coordinator as the unit's error, so the
/// journal and both logs name the model (and its file), the unit and the question.
public enum UnitScoringError: Error, Sendable, CustomStringConvertible {
    case model(name: String, path: String, reason: String)
    /// A question of `unit` (its label) could not be scored: a prompt too long for the model,
    /// non-finite logits (weights that overflow or hold NaN).
    case question(model: ModelReference, unit: String, id: String, reason: String)
    /// The backend failed (no device memory for the model, the device lost): the unit is
    /// handed back for another worker, and this one stops.
    case backend(model: ModelReference, unit: String?, reason: String)

    /// Whether the backend failed rather than the unit (its model, its questions).
    public var isBackendFailure: Bool {
        if case .backend = self { true } else { false }
    }

    public var description: String {
        switch self {
        case .model(let name, let path, let reason): "model \(name): \(path) \(reason)"
        case .question(let model, let unit, let id, let reason):
            "model \(model.name) (\(model.path)): \(unit): question \(id): \(reason)"
        case .backend(let model, let unit, let reason):
            "model \(model.name) (\(model.path))\(unit.map { ": \($0)" } ?? ""): the backend failed: \(reason)"
        }
    }
}
