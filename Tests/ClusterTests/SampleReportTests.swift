@testable import Benchmark
import Foundation
import Sweep
import Testing
import TestSupport

extension MultiProcessSweeps {
    /// `report --format samples`: one JSON line per scored question, with the prompts the
    /// workers scored when asked, and no prompt when the sweep file no longer gives them.
    @Suite struct SampleReportTests {
        @Test(.timeLimit(.minutes(3))) func everyScoredQuestionIsALineWithItsPrompt() async throws {
            let fixture = try ClusterFixture(name: "samples", tasks: ["MedQA", "PubMedQA"], languages: ["en", "fr"], sets: [1], shardSize: 3)
            defer { fixture.remove() }
            let run = try await CommandRun.medsweepOffPool(
                "run", fixture.sweepPath, "--workers", "1", "--threads", "1", "--journal", fixture.journalPath)
            #expect(run.status == 0, "\(run.standardError.suffix(2000))")

            let samples = try await CommandRun.medsweepOffPool("report", "--journal", fixture.journalPath, "--format", "samples", "--with-prompts")
            #expect(samples.status == 0, "\(samples.standardError)")
            let lines = samples.standardOutput.split(separator: "\n")
            let journal = try Journal.openForReading(path: fixture.journalPath)
            let records = try journal.records()
            #expect(lines.count == records.count && lines.count == 12)

            // Each line is the journal's result, and its prompt the one the plan gave the worker.
            let plan = try fixture.plan()
            var prompts: [String: String] = [:]
            for unit in plan.units {
                for question in try plan.questions(for: unit) { prompts["\(question.id) \(question.language.rawValue)"] = question.prompt }
            }
            for (line, record) in zip(lines, records) {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                #expect(object["model"] as? String == record.model)
                #expect(object["task"] as? String == record.task.corpusName)
                #expect(object["language"] as? String == record.language.rawValue)
                #expect(object["fewshot_set"] as? Int == 1)
                #expect(object["question_id"] as? String == record.questionID)
                #expect(object["gold"] as? String == record.goldLetter)
                #expect(object["letters"] as? [String] == record.letters)
                // Numbers read with Swift's correctly rounded parser (Foundation's JSON reader is off
                // by an ulp or two): the journal's doubles, bit for bit.
                let node = try JSONParser.parseDocument(Array(line.utf8))
                func doubles(_ node: JSONNode?) -> [UInt64]? {
                    guard case .array(let items)? = node else { return nil }
                    return items.compactMap { if case .number(let text) = $0 { Double(text)?.bitPattern } else { nil } }
                }
                #expect(doubles(node["letter_probabilities"]) == record.letterProbabilities.map(\.bitPattern))
                #expect(object["correct"] as? Bool == record.isCorrect)
                #expect(object["restricted_prediction"] as? String == record.restrictedPrediction)
                #expect(object["restricted_correct"] as? Bool == record.isRestrictedCorrect)
                let top = try #require(object["top_token"] as? [String: Any])
                #expect(top["id"] is Int && top["piece"] is String && top["text"] is String)
                guard case .number(let topText)? = node["top_token"]?["probability"] else {
                    Issue.record("top_token.probability is not a number")
                    continue
                }
                #expect(Double(topText)?.bitPattern == record.topTokenProbability.bitPattern)
                #expect((object["prompt_tokens"] as? Int ?? 0) > 0)
                let prompt = try #require(object["prompt"] as? String)
                #expect(prompt == prompts["\(record.questionID) \(record.language.rawValue)"])
            }

            // Without --with-prompts no line has one; --output writes the same lines to a file.
            let file = fixture.folder + "/samples.jsonl"
            let bare = try await CommandRun.medsweepOffPool("report", "--journal", fixture.journalPath, "--format", "samples", "--output", file)
            #expect(bare.status == 0 && bare.standardOutput.isEmpty)
            #expect(bare.standardError.contains("wrote \(file): 12 scored questions"))
            let written = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
            #expect(written.count == 12 && !written.contains { $0.contains("\"prompt\"") })

            // Another template in the sweep file: the units' ids no longer come out, so no prompt
            // is shown, and the error says why and what to do.
            let sweep = try String(contentsOfFile: fixture.sweepPath, encoding: .utf8)
            try (sweep + "template: lm-eval\n").write(toFile: fixture.sweepPath, atomically: true, encoding: .utf8)
            let changed = try await CommandRun.medsweepOffPool("report", "--journal", fixture.journalPath, "--format", "samples", "--with-prompts")
            #expect(changed.status == 2)
            #expect(changed.standardError.contains("was not scored with the prompts \(fixture.sweepPath) gives now"), "\(changed.standardError)")
            #expect(changed.standardError.contains("--sweep FILE"))
        }

        @Test(arguments: [
            (["--demo-data", "--format", "samples"], "synthetic records have no tokens or prompts"),
            (["--journal", "j", "--with-prompts"], "--with-prompts goes with --format samples"),
            (["--journal", "j", "--format", "samples", "--sweep", "s.yaml"], "--sweep goes with --with-prompts"),
            (["--journal", "j", "--format", "jsonl"], "'jsonl' is not a format; the formats are text, markdown, csv, json, html, samples"),
        ])
        func badSampleOptionsAreRefused(arguments: [String], message: String) throws {
            let run = try CommandRun.run(CommandRun.medsweep, ["report"] + arguments)
            #expect(run.status == 64)
            #expect(run.standardError.contains(message), "\(run.standardError)")
        }
    }
}
