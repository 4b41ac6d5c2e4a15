import Engine
import Foundation
import Sweep
import Testing

extension MultiProcessSweeps {
    /// A coordinator and three worker processes on loopback finish a sweep, and the journal holds
    /// exactly what one process scoring the same units alone computes, bit for bit.
    @Suite struct HappyPathTests {
        @Test(.timeLimit(.minutes(2))) func threeWorkersMatchASingleProcessBitForBit() async throws {
            let fixture = try ClusterFixture(name: "happy")
            defer { fixture.remove() }
            let coordinator = try fixture.coordinator()
            let workers = try (1 ... 3).map { try fixture.worker("w\($0)") }
            let statuses = await ClusterFixture.waitForAll([coordinator] + workers, timeout: .seconds(90))
            #expect(statuses == [0, 0, 0, 0], "coordinator stderr:\n\(coordinator.standardError.suffix(3000))")

            let plan = try fixture.plan()
            let journal = try Journal.openForReading(path: fixture.journalPath)
            let states = try journal.unitStates()
            #expect(states.count == plan.units.count)
            #expect(states.allSatisfy { $0.state == .done })
            #expect(try journal.counts().results == plan.questionCount)
            // Every worker took part (units are small and many).
            let workersThatScored = Set(try journal.events(kind: .resultCommitted).compactMap(\.workerID))
            #expect(workersThatScored.count >= 2)

            // The same units, scored here by one scorer in one process, one prompt at a time (the
            // workers scored each question's languages as one group over their shared prefix).
            let model = try MistralModel(path: plan.models[0].path)
            let scorer = try Scorer(model: model, threads: 2)
            var compared = 0
            for unit in plan.units {
                let stored = Dictionary(uniqueKeysWithValues: try journal.results(unitID: unit.id).map { ([$0.questionID, $0.language.rawValue], $0) })
                for question in try plan.questions(for: unit) {
                    let score = try scorer.score(prompt: question.prompt, letters: question.letters)
                    guard let result = stored[[question.id, question.language.rawValue]] else {
                        Issue.record("unit \(unit.id) has no result for \(question.id)")
                        continue
                    }
                    #expect(result.topTokenID == score.topTokenID)
                    #expect(result.topTokenProbability.bitPattern == score.topTokenProbability.bitPattern)
                    #expect(result.letterProbabilities.map(\.bitPattern) == score.letters.map(\.probability.bitPattern))
                    #expect(result.topLetter == score.topLetter)
                    #expect(result.promptTokens == score.promptTokens)
                    compared += 1
                }
            }
            #expect(compared == plan.questionCount)
            #expect(coordinator.standardOutput.contains("units done, 0 failed"))
        }
    }
}
