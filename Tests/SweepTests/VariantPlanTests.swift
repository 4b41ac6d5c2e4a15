import Engine
import Foundation
import GGUF
import Synchronization
import Testing
import TestSupport
import Variants
@testable import Sweep

/// Planning a sweep with variants: each is built once into the cache beside the journal, named
/// by its recipe and parents, planned like a model file, and journaled with its origin; a
/// failed build fails the plan with the reason.
@Suite(.offThePool) struct VariantPlanTests {
    /// A fresh cache folder, as a journal in its own folder would have.
    static func cache() -> VariantCache {
        VariantCache(besideJournal: SweepFixtures.path("sweep") + "/sweep.journal")
    }

    static let quantized = SweepFile.Model(name: "tiny-a-q8", source: .variant(.quantize(from: "tiny-a", type: .q8_0)))

    static func slerp(t: Double = 0.3) throws -> SweepFile.Model {
        SweepFile.Model(name: "slerp", source: .variant(.merge(MergeVariant(
            base: "tiny-a", model: "tiny-b", recipe: try MergeRecipe(method: .slerp, t: .constant(t))))))
    }

    /// The notes a plan's progress hears.
    final class Notes: Sendable {
        private let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func add(_ line: String) { lines.withLock { $0.append(line) } }
    }

    func plan(_ models: [SweepFile.Model], cache: VariantCache, notes: Notes = Notes()) throws -> Plan {
        try Plan.make(SweepFixtures.sweep(models: models), variants: cache, progress: notes.add)
    }

    @Test func aQuantizationIsBuiltOnceAndPlannedLikeAModel() throws {
        let cache = Self.cache()
        let notes = Notes()
        let first = try plan(SweepFixtures.modelsA + [Self.quantized], cache: cache, notes: notes)
        let model = try #require(first.model(named: "tiny-a-q8"))
        #expect(model.path.hasPrefix(cache.folder + "/") && model.path.hasSuffix(".gguf"))
        #expect(model.sha256 == (try FileDigest.sha256(path: model.path)))
        let parentDigest = try FileDigest.sha256(path: SweepFixtures.modelA)
        #expect(model.origin == VariantOrigin(recipe: #"{"quantize":{"type":"Q8_0"}}"#, parents: [.init(name: "tiny-a", sha256: parentDigest)]))
        let key = VariantCache.key(recipe: model.origin!.recipe, parentDigests: [parentDigest])
        #expect(model.path == cache.modelPath(key: key))
        #expect(notes.all.contains { $0.hasPrefix("model tiny-a-q8: building the Q8_0 quantization of tiny-a into ") }, "\(notes.all)")
        #expect(notes.all.contains { $0.hasPrefix("model tiny-a-q8: built in ") }, "\(notes.all)")

        // It is what `medsweep quantize` writes: every matrix Q8_0, and it runs.
        let file = try GGUFFile(path: model.path)
        #expect(file.tensors.filter { $0.ne.count > 1 }.allSatisfy { $0.type == .q8_0 })
        #expect(first.units.filter { $0.model == "tiny-a-q8" }.count == first.units.count / 2)
        // Nothing half-written is left, and the record says what the file is.
        let names = try FileManager.default.contentsOfDirectory(atPath: cache.folder).sorted()
        #expect(names == [key + ".gguf", key + ".json"])
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cache.recordPath(key: key)))) as? [String: Any]
        #expect(record?["model"] as? String == "tiny-a-q8")
        #expect(record?["recipe"] as? String == model.origin!.recipe)

        // A second plan (a restart) finds it built: same file, same digest, same units.
        let built = try FileManager.default.attributesOfItem(atPath: model.path)[.modificationDate] as? Date
        let againNotes = Notes()
        let again = try plan(SweepFixtures.modelsA + [Self.quantized], cache: cache, notes: againNotes)
        #expect(again.model(named: "tiny-a-q8") == model)
        #expect(again.units.map(\.id) == first.units.map(\.id))
        #expect(againNotes.all.contains("model tiny-a-q8: Q8_0 quantization of tiny-a, built before: \(model.path)"), "\(againNotes.all)")
        #expect(try FileManager.default.attributesOfItem(atPath: model.path)[.modificationDate] as? Date == built)

        // Another name for the same recipe shares the file.
        let renamed = SweepFile.Model(name: "other-name", source: Self.quantized.source)
        #expect(try plan(SweepFixtures.modelsA + [renamed], cache: cache).model(named: "other-name")?.path == model.path)
    }

    /// A merge of two models, then a quantization of the merge: built in order, each named by
    /// its own recipe and parents, so another t gives another file.
    @Test func aMergeAndAVariantOfItAreBuiltParentsFirst() throws {
        let cache = Self.cache()
        let quantizedMerge = SweepFile.Model(name: "slerp-q8", source: .variant(.quantize(from: "slerp", type: .q8_0)))
        // Listed before its parent: the plan still builds the merge first.
        let plan = try plan(SweepFixtures.modelsAB + [quantizedMerge, try Self.slerp()], cache: cache)
        #expect(plan.models.map(\.name) == ["tiny-a", "tiny-b", "slerp-q8", "slerp"])
        let merge = try #require(plan.model(named: "slerp"))
        #expect(merge.origin?.parents.map(\.name) == ["tiny-a", "tiny-b"])
        #expect(merge.origin?.recipe == #"{"merge":{"method":"slerp","t":[{"value":0.3}]},"out_type":"F16"}"#)
        #expect(plan.model(named: "slerp-q8")?.origin?.parents == [.init(name: "slerp", sha256: merge.sha256)])
        let merged = try GGUFFile(path: merge.path)
        #expect(merged.metadata["medsweep.merge.recipe"]?.stringValue == #"{"method":"slerp","t":[{"value":0.3}]}"#)

        let other = try self.plan(SweepFixtures.modelsAB + [try Self.slerp(t: 0.6)], cache: cache)
        #expect(other.model(named: "slerp")?.path != merge.path)
        #expect(other.model(named: "slerp")?.sha256 != merge.sha256)
    }

    /// The merged models must have the same shapes and vocabulary: the plan fails with the
    /// merger's reason, and no file is left in the cache.
    @Test func aFailedBuildFailsThePlanWithTheReason() throws {
        var config = MistralConfig.tiny
        config.blockCount = 1
        config.vocabularySize = 700
        config.contextLength = 512
        let wider = SweepFixtures.path("tiny-700.gguf")
        try SyntheticModel(config: config, fileType: .q4_0, seed: 3).write(to: wider)
        let cache = Self.cache()
        let models = [SweepFixtures.modelsA[0], SweepFile.Model(name: "tiny-b", path: wider), try Self.slerp()]
        do {
            _ = try plan(models, cache: cache)
            Issue.record("the plan was made")
        } catch let error as PlanError {
            guard case .variantBuildFailed(let model, let reason) = error else {
                Issue.record("expected variantBuildFailed, got \(error)")
                return
            }
            #expect(model == "slerp")
            #expect(reason.contains(SweepFixtures.modelA) && reason.contains(wider), "\(reason)")
            #expect(error.description.hasPrefix("model slerp: the variant cannot be built: "), "\(error)")
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: cache.folder)) ?? []
        #expect(left.isEmpty, "\(left)")
    }

    @Test func aVariantWhoseDigestIsNotTheExpectedOneIsRefused() throws {
        var pinned = Self.quantized
        pinned.sha256 = String(repeating: "0", count: 64)
        do {
            _ = try plan(SweepFixtures.modelsA + [pinned], cache: Self.cache())
            Issue.record("the plan was made")
        } catch PlanError.modelDigestMismatch(let model, _, let expected, _) {
            #expect(model == "tiny-a-q8")
            #expect(expected == pinned.sha256)
        }
    }

    @Test func withoutACacheAVariantIsRefused() {
        #expect(throws: PlanError.noVariantCache(model: "tiny-a-q8")) {
            try Plan.make(SweepFixtures.sweep(models: SweepFixtures.modelsA + [Self.quantized]))
        }
    }

    @Test func aCircleOfVariantsBuiltInCodeIsRefused() {
        let x = SweepFile.Model(name: "x", source: .variant(.quantize(from: "y", type: .q8_0)))
        let y = SweepFile.Model(name: "y", source: .variant(.quantize(from: "x", type: .q8_0)))
        #expect(throws: PlanError.variantCycle(model: "x", reason: "is made from itself: x ← y ← x")) {
            try Plan.make(SweepFixtures.sweep(models: SweepFixtures.modelsA + [x, y]), variants: Self.cache())
        }
    }

    /// With `--skip-missing-models`, a variant of a missing file is missing too: its units stay
    /// queued, the others run.
    @Test func aVariantOfAMissingModelIsLeftQueued() throws {
        let gone = SweepFile.Model(name: "gone", path: SweepFixtures.path("absent.gguf"))
        let fromGone = SweepFile.Model(name: "gone-q8", source: .variant(.quantize(from: "gone", type: .q8_0)))
        let ofThat = SweepFile.Model(name: "gone-q8-q4", source: .variant(.quantize(from: "gone-q8", type: .q4_0)))
        var warnings: [String] = []
        let plan = try Plan.make(
            SweepFixtures.sweep(models: SweepFixtures.modelsA + [gone, fromGone, ofThat]), missingModels: .leaveQueued,
            variants: Self.cache(), warning: { warnings.append($0) })
        #expect(plan.models.map(\.name) == ["tiny-a"])
        #expect(plan.missingModels.map(\.name) == ["gone", "gone-q8", "gone-q8-q4"])
        #expect(warnings.contains("model gone-q8: a model it is made from does not exist; its units stay queued"), "\(warnings)")
    }

    /// What a build that died left (a process that no longer exists) is removed; a live
    /// process's is not.
    @Test func partialFilesOfDeadBuildsAreRemoved() throws {
        let cache = Self.cache()
        let parentDigest = try FileDigest.sha256(path: SweepFixtures.modelA)
        let key = VariantCache.key(recipe: ModelVariant.quantize(from: "tiny-a", type: .q8_0).recipe, parentDigests: [parentDigest])
        try FileManager.default.createDirectory(atPath: cache.folder, withIntermediateDirectories: true)
        // pid_max is at most 4194304: this pid cannot be alive.
        let dead = cache.partialPath(key: key, pid: 4_194_305)
        let alive = cache.partialPath(key: key, pid: getppid())
        for path in [dead, alive] { try Data("half".utf8).write(to: URL(fileURLWithPath: path)) }
        _ = try plan(SweepFixtures.modelsA + [Self.quantized], cache: cache)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: alive))
        #expect(FileManager.default.fileExists(atPath: cache.modelPath(key: key)))
    }

    /// The journal keeps every planned model by name and digest, a variant with its recipe and
    /// parents; a second prepare adds nothing twice.
    @Test func theJournalRecordsEachVariantsRecipeAndParents() throws {
        let plan = try plan(SweepFixtures.modelsAB + [try Self.slerp(), Self.quantized], cache: Self.cache())
        let journal = try Journal.openForWriting(path: SweepFixtures.path("variants.journal"))
        for now in [1000.0, 2000] {
            _ = try journal.prepare(
                sweepName: plan.sweep.name, tasks: plan.tasks, source: plan.sweep.source, models: plan.models, units: plan.units, now: now)
        }
        let recorded = try journal.models()
        #expect(recorded == plan.models)
        #expect(recorded.map(\.name) == ["tiny-a", "tiny-b", "slerp", "tiny-a-q8"])
        #expect(recorded[0].origin == nil)
        #expect(recorded[2].origin?.parents.map(\.name) == ["tiny-a", "tiny-b"])
        #expect(recorded[3].origin?.recipe == #"{"quantize":{"type":"Q8_0"}}"#)
    }
}
