import Foundation
import Testing
@testable import Benchmark

/// A model against a baseline: paired counts, McNemar's exact test, flips, agreement, KL, and
/// the tables and fields of every format.
@Suite struct BaselineComparisonTests {
    typealias R = TestData

    /// MedQA (A–D): the gold letter is A; `right` puts the mass on A, `wrong` on `letter`.
    static func answer(_ model: String, _ id: String, right: Bool, letter: String = "B", task: BenchmarkTask = .medQA,
                       language: BenchmarkLanguage = .en, set: FewShotSet = 1) -> QuestionRecord {
        let letters = task.letters
        let chosen = right ? "A" : letter
        let probabilities = letters.map { $0 == chosen ? 0.7 : 0.1 }
        return R.record(model: model, task: task, language: language, set: set, id: id, gold: "A", probabilities: probabilities)
    }

    @Test func countsFlipsAgreementAndDivergence() {
        var comparison = PairedComparison()
        // q1 both right; q2 base only; q3 variant only; q4 both wrong with different letters.
        comparison.add(baseline: Self.answer("b", "q1", right: true), variant: Self.answer("v", "q1", right: true), rule: .paper)
        comparison.add(baseline: Self.answer("b", "q2", right: true), variant: Self.answer("v", "q2", right: false), rule: .paper)
        comparison.add(baseline: Self.answer("b", "q3", right: false), variant: Self.answer("v", "q3", right: true), rule: .paper)
        comparison.add(baseline: Self.answer("b", "q4", right: false, letter: "C"), variant: Self.answer("v", "q4", right: false, letter: "D"), rule: .paper)
        #expect(comparison.pairs == 4)
        #expect(comparison.baselineOnly == 1 && comparison.variantOnly == 1)
        #expect(comparison.accuracyDelta == 0)
        #expect(comparison.flipRate == 0.5)
        #expect(comparison.agreement == 0.25)
        // Identical distributions give 0; a swap of 0.7 and 0.1 gives 0.7·ln 7 + 0.1·ln(1/7).
        let swapped = 0.6 * log(7.0)
        let expected = 3 * swapped / 4
        #expect(abs(comparison.meanDivergence! - expected) < 1e-12, "\(comparison.meanDivergence!) vs \(expected)")
        #expect(comparison.mcNemarPValue == 1)
    }

    /// Exact binomial tails: b = 0, c = 5 gives 2·(1/32); b = 1, c = 9 gives 2·11/1024.
    @Test(arguments: [(0, 5, 0.0625), (1, 9, 22.0 / 1024), (3, 3, 1.0), (0, 0, 1.0), (10, 30, 0.002221)])
    func mcNemarIsTheExactTwoSidedBinomialTail(baselineOnly: Int, variantOnly: Int, expected: Double) {
        var comparison = PairedComparison()
        comparison.baselineOnly = baselineOnly
        comparison.variantOnly = variantOnly
        comparison.pairs = baselineOnly + variantOnly
        let tolerance = expected < 0.01 ? 1e-6 : 1e-12
        #expect(abs(comparison.mcNemarPValue - expected) < tolerance, "\(comparison.mcNemarPValue)")
    }

    /// The restricted rule reads the letters' argmax, the paper's rule the top token: a model
    /// whose top token is no letter is wrong by the paper and may be right restricted.
    @Test func theRuleDecidesTheVerdict() {
        let base = Self.answer("b", "q", right: true)
        let noLetter = R.record(model: "v", id: "q", gold: "A", probabilities: [0.3, 0.1, 0.1, 0.1], top: .some(nil), topProbability: 0.4)
        var paper = PairedComparison(), restricted = PairedComparison()
        paper.add(baseline: base, variant: noLetter, rule: .paper)
        restricted.add(baseline: base, variant: noLetter, rule: .restricted)
        #expect(paper.accuracyDelta == -100 && paper.agreement == 0)
        #expect(restricted.accuracyDelta == 0 && restricted.agreement == 1)
    }

    /// Pairs are the same question, language and set; averages are means of the tasks' Δ, and
    /// "—" (nil) when a task has no pairs.
    @Test func cellsAveragesAndMissingTasks() throws {
        var records: [QuestionRecord] = []
        for index in 0 ..< 4 {
            records.append(Self.answer("base", "m\(index)", right: true))
            records.append(Self.answer("var", "m\(index)", right: index < 2))          // MedQA: −50
            records.append(Self.answer("base", "p\(index)", right: false, task: .pubMedQA))
            records.append(Self.answer("var", "p\(index)", right: true, task: .pubMedQA)) // PubMedQA: +100
        }
        records.append(Self.answer("var", "unpaired", right: true))
        records.append(Self.answer("base", "m0", right: true, language: .fr))
        let comparison = try BaselineComparison(records: records, baseline: "base", rule: .paper, tasks: [.medQA, .pubMedQA])
        let medQA = try #require(comparison.entry(setting: .fewShot, model: "var", language: .en, task: .medQA))
        #expect(medQA.delta == -50 && medQA.pairs.pairs == 4)
        #expect(comparison.entry(setting: .fewShot, model: "var", language: .en, task: .pubMedQA)?.delta == 100)
        let average = try #require(comparison.entry(setting: .fewShot, model: "var", language: .en, task: nil))
        #expect(average.delta == 25)
        #expect(average.pairs.pairs == 8 && average.pairs.baselineOnly == 2 && average.pairs.variantOnly == 4)
        #expect(comparison.entry(setting: .fewShot, model: "var", language: nil, task: nil)?.delta == 25)
        #expect(comparison.entry(setting: .fewShot, model: "var", language: .fr, task: nil) == nil)
        #expect(comparison.models == ["var"])

        // Only MedQA compared in French: the average has a missing task.
        records.append(Self.answer("var", "m0", right: false, language: .fr))
        let partial = try BaselineComparison(records: records, baseline: "base", rule: .paper, tasks: [.medQA, .pubMedQA])
        #expect(partial.entry(setting: .fewShot, model: "var", language: .fr, task: nil)?.delta == nil)
        #expect(BaselineComparison.deltaText(partial.entry(setting: .fewShot, model: "var", language: .fr, task: nil)) == "—")
        #expect(BaselineComparison.deltaText(partial.entry(setting: .fewShot, model: "var", language: .fr, task: .medQA)) == "−100.0")
    }

    @Test func anUnknownBaselineNamesTheModels() {
        #expect(throws: BaselineError.unknownModel("nope", known: ["base"])) {
            try BaselineComparison(records: [Self.answer("base", "q", right: true)], baseline: "nope", rule: .paper, tasks: [.medQA])
        }
        #expect(BaselineError.unknownModel("nope", known: ["a", "b"]).description == "--baseline nope: no such model in the records (models: a, b)")
    }

    /// Every format carries the comparison: tables in text, Markdown and HTML, columns in CSV,
    /// an object in JSON.
    @Test func everyFormatCarriesTheComparison() throws {
        let source = SyntheticRecordSource(benchmark: .demo, seed: 3)
        let report = try BenchmarkReport(source: source, metric: .accuracy, baseline: "synthetic-medical-7b")
        let title = "Δ accuracy vs synthetic-medical-7b (points), English (en)"
        for format in [ReportFormat.text, .markdown, .html] {
            let text = report.rendered(format)
            #expect(text.contains(title), "\(format)")
            #expect(text.contains("vs synthetic-medical-7b: average over the tasks"), "\(format)")
            #expect(text.contains("McNemar"), "\(format)")
        }
        let csv = report.rendered(.csv).split(separator: "\n")
        #expect(csv[0].hasSuffix(",setting,baseline,delta,p_value,flip_rate,agreement,mean_kl,pairs"))
        let general = try #require(csv.first { $0.hasPrefix("accuracy,synthetic-general-7b,all,average,") })
        #expect(general.split(separator: ",", omittingEmptySubsequences: false).count == 22)
        #expect(general.contains(",synthetic-medical-7b,"))
        let own = try #require(csv.first { $0.hasPrefix("accuracy,synthetic-medical-7b,all,average,") })
        #expect(own.hasSuffix(",,,,,,,"))

        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any])
        let baseline = try #require(json["baseline"] as? [String: Any])
        #expect(baseline["model"] as? String == "synthetic-medical-7b" && baseline["rule"] as? String == "paper")
        let comparisons = try #require(baseline["comparisons"] as? [[String: Any]])
        let all = try #require(comparisons.first { $0["model"] as? String == "synthetic-general-7b" && $0["language"] as? String == "all" })
        let entry = try #require(report.baseline?.entry(setting: .fewShot, model: "synthetic-general-7b", language: nil, task: nil))
        #expect(all["pairs"] as? Int == entry.pairs.pairs)
        #expect(abs((all["delta"] as? Double ?? 0) - entry.delta!) < 1e-9)

        let restricted = try BenchmarkReport(source: source, metric: .restrictedAccuracy, baseline: "synthetic-medical-7b")
        #expect(restricted.baseline?.rule == .restricted)
        #expect(restricted.rendered(.text).contains("Δ restricted accuracy vs synthetic-medical-7b"))
    }
}
