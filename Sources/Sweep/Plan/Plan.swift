import Benchmark
import Engine
import Foundation
import GGUF

/// A sweep expanded into work units, with everything a unit's questions need: the checked
/// models, the benchmark's questions and the prompt template.
///
/// Making a plan checks the whole sweep before any work starts: every model file exists, has
/// its expected digest and is a model the engine runs; every task, language and few-shot set
/// has data.
public struct Plan: Sendable {
    public let sweep: SweepFile
    public let template: PromptTemplate
    /// The tasks and languages the sweep covers, in the benchmark's order.
    public let tasks: [BenchmarkTask]
    public let languages: [BenchmarkLanguage]
    /// The sweep's models in its order, variants built.
    public let models: [PlannedModel]
    /// Model name → the file's SHA-256.
    public var modelDigests: [String: String] {
        Dictionary(models.map { ($0.name, $0.sha256) }, uniquingKeysWith: { first, _ in first })
    }
    /// In scheduling order: by model (workers keep a model loaded), then task, set, shard.
    public let units: [WorkUnit]
    /// Prompts over all units (a question counts once per model, language and few-shot set).
    public var questionCount: Int { units.reduce(0) { $0 + $1.questionCount } }
    /// What reading the data warned about (odd records rendered or skipped, test sets of
    /// another size than the paper's), in reading order.
    public let dataWarnings: [String]
    /// Models of the sweep file left out because their file is missing (`MissingModels.leaveQueued`):
    /// the plan has none of their units, and a journal keeps those it holds queued.
    public let missingModels: [SweepFile.Model]
    private let questionSets: [QuestionSet: [BenchmarkQuestion]]

    /// What to do with a model whose file does not exist.
    public enum MissingModels: Sendable {
        /// Stop: the sweep cannot start (`PlanError.modelUnreadable`).
        case refuse
        /// Plan the other models; the missing one's units, already in a journal, stay queued
        /// there for a later run that has the file.
        case leaveQueued
    }

    private struct QuestionSet: Hashable {
        let task: BenchmarkTask
        let language: BenchmarkLanguage
    }

    /// Reads the benchmark (strictly when `sweep.strict`) and the models, builds the variants
    /// into `variants` (or finds them built there), and expands the sweep. `progress` receives
    /// what takes time (a digest being computed, a variant being built); `warning` what the
    /// data reading warned about (also kept in `dataWarnings`).
    public static func make(
        _ sweep: SweepFile, missingModels: MissingModels = .refuse, variants: VariantCache? = nil,
        progress: @escaping @Sendable (String) -> Void = { _ in }, warning: (String) -> Void = { _ in }
    ) throws -> Plan {
        var sweep = sweep
        var missing: [SweepFile.Model] = []
        if missingModels == .leaveQueued {
            missing = missingFiles(sweep.models)
            sweep.models.removeAll { model in missing.contains { $0.name == model.name } }
            for model in missing {
                if let path = model.path {
                    warning("model \(model.name): \(path) does not exist; its units stay queued")
                } else {
                    warning("model \(model.name): a model it is made from does not exist; its units stay queued")
                }
            }
            if sweep.models.isEmpty { throw PlanError.nothingToDo }
        }
        let manifest: BenchmarkManifest
        do {
            manifest = try sweep.benchmark.load()
        } catch {
            throw PlanError.benchmark(reason: "\(error)")
        }
        let template: PromptTemplate
        do {
            template = try manifest.template(named: sweep.template)
        } catch {
            throw PlanError.benchmark(reason: "\(error)")
        }
        let templateDigest = FileDigest.sha256(String(describing: template))

        // A sweep built in code may repeat an item (a sweep file may not): each counts once, so
        // no two units share an id.
        let tasks = (sweep.tasks ?? manifest.tasks).firstOccurrences
        let languages = (sweep.languages ?? manifest.languages).firstOccurrences
        let fewShotSets = sweep.fewShotSets.firstOccurrences
        var questionSets: [QuestionSet: [BenchmarkQuestion]] = [:]
        var dataDigests: [QuestionSet: String] = [:]
        var dataWarnings: [String] = []
        let mode: ReadMode = sweep.strict ? .strict : .lenient
        for language in languages {
            for task in tasks {
                let key = QuestionSet(task: task, language: language)
                let entry: ManifestEntry
                do {
                    entry = try manifest.entry(task: task, language: language)
                    let (questions, summary) = try manifest.questions(task: task, language: language, mode: mode)
                    summary.warnings.forEach(warning)
                    dataWarnings += summary.warnings
                    questionSets[key] = questions
                    dataDigests[key] = entry.file.sha256
                } catch {
                    throw PlanError.missingData(task: task.corpusName, language: language.rawValue, reason: "\(error)")
                }
                for set in fewShotSets where !set.isZeroShot {
                    if let question = questionSets[key]!.first(where: { $0.examples(for: set) == nil }) {
                        throw PlanError.missingFewShotSet(
                            file: entry.file.path, task: task.corpusName, language: language.rawValue, set: set,
                            question: question.identifier, available: question.fewShotSets.count)
                    }
                }
            }
        }

        // The models last: hashing them and building variants take the longest, and a mistake in
        // the data is better found before than after.
        let models = try plannedModels(sweep, variants: variants, progress: progress)
        let modelDigests = Dictionary(models.map { ($0.name, $0.sha256) }, uniquingKeysWith: { first, _ in first })

        // A unit holds a slice of one task's questions in every language (WorkUnit says why);
        // the slices follow the longest of the languages' test sets.
        var units: [WorkUnit] = []
        for model in sweep.models {
            for task in tasks {
                let counts = languages.map { questionSets[QuestionSet(task: task, language: $0)]!.count }
                let longest = counts.max() ?? 0
                for set in fewShotSets {
                    for (shard, first) in stride(from: 0, to: longest, by: sweep.shardSize).enumerated() {
                        let slices = zip(languages, counts).compactMap { language, count in
                            let size = min(sweep.shardSize, count - first)
                            return size > 0 ? WorkUnit.LanguageSlice(language: language, questionCount: size) : nil
                        }
                        let id = WorkUnit.id(
                            model: model.name, modelDigest: modelDigests[model.name]!, templateDigest: templateDigest,
                            task: task, fewShotSet: set, firstQuestion: first,
                            slices: slices.map { ($0, dataDigests[QuestionSet(task: task, language: $0.language)]!) })
                        units.append(WorkUnit(
                            id: id, model: model.name, task: task, slices: slices, fewShotSet: set, shard: shard,
                            firstQuestion: first))
                    }
                }
            }
        }
        if units.isEmpty { throw PlanError.nothingToDo }
        return Plan(
            sweep: sweep, template: template, tasks: tasks, languages: languages, models: models, units: units,
            dataWarnings: dataWarnings, missingModels: missing, questionSets: questionSets)
    }

    /// The sweep's models with their files checked and hashed, each variant built after the
    /// models it is made from; in the sweep's order.
    private static func plannedModels(
        _ sweep: SweepFile, variants: VariantCache?, progress: @escaping @Sendable (String) -> Void
    ) throws -> [PlannedModel] {
        let order: [SweepFile.Model]
        switch SweepFile.buildOrder(sweep.models) {
        case .success(let models): order = models
        case .failure(let cycle): throw PlanError.variantCycle(model: cycle.names[0], reason: cycle.reason)
        }
        var planned: [String: PlannedModel] = [:]
        for model in order {
            let path: String, origin: VariantOrigin?
            switch model.source {
            case .file(let file):
                (path, origin) = (file, nil)
            case .variant(let variant):
                guard let variants else { throw PlanError.noVariantCache(model: model.name) }
                let parents = try variant.parents.map { name in
                    guard let parent = planned[name] else {
                        throw PlanError.variantBuildFailed(model: model.name, reason: "it is made from \(name), which is not a model of the sweep")
                    }
                    return parent
                }
                (path, origin) = try VariantBuilder(cache: variants, progress: progress)
                    .file(for: model.name, variant: variant, parents: parents)
            }
            try checkRunnable(model.name, path: path)
            progress("checking \(model.name): sha256 of \(path)")
            let digest = try FileDigest.sha256(path: path)
            if let expected = model.sha256, expected != digest {
                throw PlanError.modelDigestMismatch(model: model.name, path: path, expected: expected, actual: digest)
            }
            planned[model.name] = PlannedModel(name: model.name, path: path, sha256: digest, origin: origin)
        }
        return sweep.models.map { planned[$0.name]! }
    }

    /// The models whose file does not exist, and the variants made from them.
    private static func missingFiles(_ models: [SweepFile.Model]) -> [SweepFile.Model] {
        var missing = Set(models.filter { $0.path.map { !FileManager.default.fileExists(atPath: $0) } ?? false }.map(\.name))
        // A variant of a variant of a missing file is missing too: repeat until nothing changes.
        while true {
            let more = models.filter { !missing.contains($0.name) && ($0.variant?.parents ?? []).contains(where: missing.contains) }
            if more.isEmpty { break }
            missing.formUnion(more.map(\.name))
        }
        return models.filter { missing.contains($0.name) }
    }

    /// Opens the model enough to know the engine runs it, before any work is handed out.
    private static func checkRunnable(_ name: String, path: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw PlanError.modelUnreadable(path: path, reason: "does not exist or cannot be read")
        }
        do {
            let file = try GGUFFile(path: path)
            _ = try MistralModel(file: file)
            _ = try ModelTokenizer(file: file)
        } catch {
            throw PlanError.modelNotRunnable(model: name, path: path, reason: "\(error)")
        }
    }

    /// The plan cut to its first `count` units (a trial run, a benchmark).
    public func prefix(_ count: Int) -> Plan {
        Plan(
            sweep: sweep, template: template, tasks: tasks, languages: languages, models: models,
            units: Array(units.prefix(count)), dataWarnings: dataWarnings, missingModels: missingModels, questionSets: questionSets)
    }

    public func model(named name: String) -> PlannedModel? {
        models.first { $0.name == name }
    }

    /// The unit's prompts, grouped by question: a question's languages one after another (in
    /// the sweep's language order), since they share a prefix the worker computes once. The
    /// groups are ordered by their first prompt, so groups sharing a prefix of their own (the
    /// instruction, the same solved examples) follow each other and reuse the prefix cache.
    public func questions(for unit: WorkUnit) throws -> [UnitQuestion] {
        var groups: [String: [UnitQuestion]] = [:]
        var order: [String] = []
        for slice in unit.slices {
            let all = questionSets[QuestionSet(task: unit.task, language: slice.language)] ?? []
            let end = min(all.count, unit.firstQuestion + slice.questionCount)
            for index in unit.firstQuestion ..< end {
                let question = all[index]
                let rendered = UnitQuestion(
                    id: question.identifier, index: index, language: slice.language,
                    prompt: try template.prompt(for: question, fewShotSet: unit.fewShotSet),
                    letters: question.letters, gold: question.goldLetter)
                if groups[question.identifier] == nil { order.append(question.identifier) }
                groups[question.identifier, default: []].append(rendered)
            }
        }
        return order.map { groups[$0]! }.sorted { $0[0].prompt < $1[0].prompt }.flatMap { $0 }
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each only where it first appears.
    fileprivate var firstOccurrences: [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
