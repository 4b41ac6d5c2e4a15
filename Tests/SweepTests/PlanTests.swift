import Benchmark
import Foundation
import Testing
import TestSupport
@testable import Sweep

/// Expanding a sweep into work units over the demo benchmark (3 questions per task and
/// language) and tiny real model files.
@Suite(.offThePool) struct PlanTests {
    func isLowercaseHex(_ text: String) -> Bool {
        text.allSatisfy { ("0" ... "9").contains($0) || ("a" ... "f").contains($0) }
    }

    @Test(arguments: [1, 2, 3, 50])
    func unitCountIsTheProductOfTheSweepsDimensions(shardSize: Int) throws {
        let plan = try SweepFixtures.plan(
            models: SweepFixtures.modelsAB, tasks: [.medQA, .pubMedQA], languages: [.en, .fr], sets: [1, 2], shardSize: shardSize)
        let shards = (3 + shardSize - 1) / shardSize
        // A unit holds its slice in both languages.
        #expect(plan.units.count == 2 * 2 * 2 * shards)
        #expect(plan.units.allSatisfy { $0.languages == [.en, .fr] })
        #expect(plan.questionCount == 2 * 2 * 2 * 2 * 3)
        #expect(plan.tasks == [.medQA, .pubMedQA])
        #expect(plan.languages == [.en, .fr])
        // Ordered by model first, so a worker keeps its model loaded.
        let models = plan.units.map(\.model)
        #expect(models.firstIndex(of: "tiny-b") == plan.units.count / 2)
        #expect(models.lastIndex(of: "tiny-a") == plan.units.count / 2 - 1)
        // Shards cover the questions without gap or overlap.
        for unit in plan.units where unit.shard == shards - 1 {
            #expect(unit.firstQuestion + unit.sliceLength == 3)
            #expect(unit.firstQuestion == (shards - 1) * shardSize)
        }
        #expect(plan.units.allSatisfy { $0.sliceLength >= 1 && $0.sliceLength <= shardSize })
        #expect(plan.units.allSatisfy { $0.questionCount == 2 * $0.sliceLength })
    }

    @Test func idsAreHexUniqueAndStable() throws {
        let one = try SweepFixtures.plan(models: SweepFixtures.modelsAB, tasks: [.medQA, .pubMedQA], languages: [.en, .fr], sets: [1, 2], shardSize: 2)
        let two = try SweepFixtures.plan(models: SweepFixtures.modelsAB, tasks: [.medQA, .pubMedQA], languages: [.en, .fr], sets: [1, 2], shardSize: 2)
        #expect(one.units.allSatisfy { $0.id.count == 32 && isLowercaseHex($0.id) })
        #expect(Set(one.units.map(\.id)).count == one.units.count)
        let same = one.units == two.units
        #expect(same)
    }

    @Test func anotherModelFileChangesEveryID() throws {
        let one = try SweepFixtures.plan(models: [.init(name: "m", path: SweepFixtures.modelA)], tasks: [.medQA], languages: [.en], shardSize: 2)
        let two = try SweepFixtures.plan(models: [.init(name: "m", path: SweepFixtures.modelB)], tasks: [.medQA], languages: [.en], shardSize: 2)
        #expect(one.units.count == two.units.count)
        #expect(one.modelDigests["m"] != two.modelDigests["m"])
        #expect(Set(one.units.map(\.id)).isDisjoint(with: two.units.map(\.id)))
    }

    @Test func anotherShardSizeChangesEveryID() throws {
        let two = try SweepFixtures.plan(tasks: [.medQA], languages: [.en], shardSize: 2)
        let three = try SweepFixtures.plan(tasks: [.medQA], languages: [.en], shardSize: 3)
        #expect(two.units.count == 2)
        #expect(three.units.count == 1)
        #expect(Set(two.units.map(\.id)).isDisjoint(with: three.units.map(\.id)))
        // The sweep's name is not part of a unit's identity; the work is the same.
        let renamed = try Plan.make(SweepFixtures.sweep(name: "renamed", tasks: [.medQA], languages: [.en], shardSize: 3))
        #expect(renamed.units.map(\.id) == three.units.map(\.id))
    }

    @Test func digestsAreTheModelFilesSHA256() throws {
        let plan = try SweepFixtures.plan(models: SweepFixtures.modelsAB)
        #expect(plan.modelDigests["tiny-a"] == (try FileDigest.sha256(path: SweepFixtures.modelA)))
        #expect(plan.modelDigests["tiny-b"] == (try FileDigest.sha256(path: SweepFixtures.modelB)))
        #expect(plan.modelDigests["tiny-a"]?.count == 64)
        // The right digest, given, is accepted.
        let digest = plan.modelDigests["tiny-a"]!
        _ = try Plan.make(SweepFixtures.sweep(models: [.init(name: "tiny-a", path: SweepFixtures.modelA, sha256: digest)]))
        #expect(plan.model(named: "tiny-b")?.path == SweepFixtures.modelB)
        #expect(plan.model(named: "absent") == nil)
    }

    @Test func questionsOfAUnitAreItsShardInEveryLanguageGroupedByQuestion() throws {
        let plan = try SweepFixtures.plan(tasks: [.medQA, .pubMedQA], languages: [.en, .fr, .zh], sets: [0, 2], shardSize: 2)
        for unit in plan.units {
            let questions = try plan.questions(for: unit)
            #expect(questions.count == unit.questionCount, "\(unit.label)")
            // A question's languages follow each other, in the sweep's order; groups by prompt.
            let groups = stride(from: 0, to: questions.count, by: 3).map { Array(questions[$0 ..< $0 + 3]) }
            #expect(groups.allSatisfy { $0.map(\.language) == [.en, .fr, .zh] && Set($0.map(\.id)).count == 1 }, "\(unit.label)")
            #expect(zip(groups, groups.dropFirst()).allSatisfy { $0[0].prompt <= $1[0].prompt }, "\(unit.label)")
            #expect(questions.allSatisfy { (unit.firstQuestion ..< unit.firstQuestion + unit.sliceLength).contains($0.index) })
            #expect(Set(questions.map(\.index)).count == questions.count / 3)
            // With examples, the languages of a question share most of their prompt (the
            // instruction and the English examples).
            if !unit.fewShotSet.isZeroShot {
                for group in groups {
                    let shared = zip(group[0].prompt, group[2].prompt).prefix { $0 == $1 }.count
                    #expect(shared > group[0].prompt.count / 2, "\(unit.label): \(shared) of \(group[0].prompt.count) characters shared")
                }
            }
            #expect(questions.allSatisfy { $0.letters == unit.task.letters && $0.letters.contains($0.gold) })
            #expect(questions.allSatisfy { !$0.prompt.isEmpty })
        }
        // Few-shot set 0 is zero-shot: its prompts are shorter than set 2's.
        let zero = plan.units.first { $0.fewShotSet == 0 }!
        let two = plan.units.first { $0.fewShotSet == 2 && $0.task == zero.task && $0.shard == zero.shard }!
        let zeroPrompts = try plan.questions(for: zero).map(\.prompt.count).reduce(0, +)
        let twoPrompts = try plan.questions(for: two).map(\.prompt.count).reduce(0, +)
        #expect(zeroPrompts < twoPrompts)
    }

    @Test func questionIDsOfAllShardsCoverTheTaskOnce() throws {
        let plan = try SweepFixtures.plan(tasks: [.pubMedQA], languages: [.zh], shardSize: 1)
        let ids = try plan.units.flatMap { try plan.questions(for: $0).map(\.id) }
        #expect(ids.count == 3)
        #expect(Set(ids) == Set(DemoBenchmark.identifiers(of: .pubMedQA)))
    }

    @Test func allTasksAndLanguagesOfTheDemo() throws {
        let plan = try SweepFixtures.plan(tasks: nil, languages: nil, sets: [1], shardSize: 3)
        #expect(plan.tasks.count == BenchmarkTask.allCases.count)
        #expect(plan.languages.count == BenchmarkLanguage.allCases.count)
        #expect(plan.units.count == BenchmarkTask.allCases.count)
        #expect(plan.questionCount == BenchmarkTask.allCases.count * BenchmarkLanguage.allCases.count * 3)
    }

    /// A sweep built in code that repeats a set (a sweep file may not) plans each unit once.
    @Test func repeatedSetDoesNotDuplicateIDs() throws {
        let once = try SweepFixtures.plan(sets: [1], shardSize: 3)
        let twice = try SweepFixtures.plan(sets: [1, 1], shardSize: 3)
        #expect(twice.units.map(\.id) == once.units.map(\.id))
    }

    // MARK: - Errors before any work

    func planError(_ sweep: SweepFile) -> PlanError? {
        do {
            _ = try Plan.make(sweep)
            return nil
        } catch let error as PlanError {
            return error
        } catch {
            Issue.record("not a PlanError: \(error)")
            return nil
        }
    }

    @Test func missingModelFile() {
        let path = SweepFixtures.path("absent.gguf")
        let error = planError(SweepFixtures.sweep(models: [.init(name: "gone", path: path)]))
        guard case .modelUnreadable(let reported, _)? = error else {
            Issue.record("expected modelUnreadable, got \(String(describing: error))")
            return
        }
        #expect(reported == path)
        #expect(error?.description.contains(path) == true)
    }

    @Test func fileThatIsNotAModel() throws {
        let path = SweepFixtures.path("text.gguf")
        try "not a model at all\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = planError(SweepFixtures.sweep(models: SweepFixtures.modelsA + [.init(name: "text", path: path)]))
        guard case .modelNotRunnable(let model, let reported, _)? = error else {
            Issue.record("expected modelNotRunnable, got \(String(describing: error))")
            return
        }
        #expect(model == "text")
        #expect(reported == path)
        // The path once, then the reader's reason.
        let description = error?.description ?? ""
        #expect(description.hasPrefix("model text: \(path): "), "\(description)")
        #expect(description.components(separatedBy: path).count == 2, "\(description)")
    }

    @Test func wrongDigest() throws {
        let wrong = String(repeating: "0", count: 64)
        let error = planError(SweepFixtures.sweep(models: [.init(name: "tiny-a", path: SweepFixtures.modelA, sha256: wrong)]))
        guard case .modelDigestMismatch(let model, _, let expected, let actual)? = error else {
            Issue.record("expected modelDigestMismatch, got \(String(describing: error))")
            return
        }
        #expect(model == "tiny-a")
        #expect(expected == wrong)
        #expect(actual == (try FileDigest.sha256(path: SweepFixtures.modelA)))
    }

    @Test func manifestThatDoesNotExist() {
        var sweep = SweepFixtures.sweep()
        sweep.benchmark = .manifest(path: SweepFixtures.path("nowhere/benchmark.yaml"))
        let error = planError(sweep)
        guard case .benchmark? = error else {
            Issue.record("expected benchmark, got \(String(describing: error))")
            return
        }
    }

    @Test func templateTheBenchmarkDoesNotHave() {
        var sweep = SweepFixtures.sweep()
        sweep.template = "no-such-template"
        guard case .benchmark? = planError(sweep) else {
            Issue.record("expected a benchmark error")
            return
        }
    }

    @Test func planErrorDescriptions() {
        #expect(PlanError.nothingToDo.description == "the sweep has no questions to score")
        #expect(PlanError.modelUnreadable(path: "/m.gguf", reason: "is gone").description == "model file /m.gguf is gone")
        #expect(PlanError.missingFewShotSet(file: "langs_processed/French-full.json", task: "MedQA", language: "fr", set: 4, question: "q1", available: 3).description
            == "fewshot_sets: 4: MedQA fr in langs_processed/French-full.json: question q1 has no few-shot set 4 (it has sets 1 to 3; 0 is zero-shot)")
    }
}
