import Foundation
import Testing
import TestSupport

/// `medsweep bench scoring` on a tiny synthetic model: the JSON it promises, every score
/// identical between the runs, and fewer tokens computed grouped (deterministic; times are
/// never asserted).
@Suite(.offThePool) struct ScoringBenchCommandTests {
    @Test func benchScoringReportsBothRunsAsJSON() throws {
        let model = try EngineCommandTests.makeModel("Q4_0")
        defer { try? FileManager.default.removeItem(atPath: model) }
        let run = try CommandRun.medsweep("bench", "scoring", "--model", model, "--questions", "2", "--threads", "2", "--json")
        #expect(run.status == 0, "\(run.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(Set(object.keys) == [
            "questions", "languages", "threads", "kernels", "baseline_questions_per_s", "grouped_questions_per_s", "ratio",
            "identical", "prompt_tokens", "tokens_computed", "tokens_computed_per_question", "families", "seconds",
        ])
        #expect(object["questions"] as? Int == 2 * 3 * 8, "2 questions of 3 families in 8 languages")
        #expect(object["identical"] as? Bool == true)
        for key in ["baseline_questions_per_s", "grouped_questions_per_s", "ratio"] {
            #expect(((object[key] as? NSNumber)?.doubleValue ?? 0) > 0, "\(key)")
        }
        let computed = try #require(object["tokens_computed"] as? [String: Int])
        let baseline = try #require(computed["baseline"]), grouped = try #require(computed["grouped"])
        let promptTokens = try #require(object["prompt_tokens"] as? Int)
        #expect(grouped < baseline && baseline <= promptTokens, "baseline \(baseline), grouped \(grouped) of \(promptTokens)")

        let families = try #require(object["families"] as? [[String: Any]])
        #expect(families.map { $0["family"] as? String } == ["MMLU", "MedQA", "PubMedQA"])
        let lengths = families.compactMap { ($0["prompt_tokens_per_question"] as? NSNumber)?.doubleValue }
        #expect(lengths.count == 3 && lengths[0] < lengths[1] && lengths[1] < lengths[2], "longer prompts from MMLU to PubMedQA: \(lengths)")
        for family in families {
            let tokens = try #require(family["tokens_computed"] as? [String: Int])
            #expect(tokens["grouped"]! < tokens["baseline"]!, "\(family["family"] ?? "?")")
        }
        let seconds = try #require(object["seconds"] as? [String: [String: Any]])
        #expect(seconds["grouped"]?["forward_tokens"] as? Int == grouped, "the forward passes ran exactly the computed tokens")
        #expect(seconds["baseline"]?["forward_tokens"] as? Int == baseline)
    }

    @Test func benchScoringPrintsATable() throws {
        let model = try EngineCommandTests.makeModel("Q8_0")
        defer { try? FileManager.default.removeItem(atPath: model) }
        let run = try CommandRun.medsweep("bench", "scoring", "--model", model, "--questions", "1", "--threads", "1")
        #expect(run.status == 0, "\(run.standardError)")
        for expected in ["MMLU", "MedQA", "PubMedQA", "overall", "identical: true", "baseline time (s)", "grouped time (s)"] {
            #expect(run.standardOutput.contains(expected), "\(expected) in:\n\(run.standardOutput)")
        }
        let bad = try CommandRun.medsweep("bench", "scoring", "--model", model, "--questions", "0")
        #expect(bad.status != 0)
        #expect(bad.standardError.contains("--questions 0 is outside 1...1000"))
    }
}
