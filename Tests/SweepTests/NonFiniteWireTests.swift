import Foundation
import Testing
@testable import Sweep

/// Fault 2 of issue 18 on the wire: a non-finite number never traps the encoder (it was a
/// `try!` that killed the worker with SIGILL), and the coordinator refuses it as malformed.
@Suite struct NonFiniteWireTests {
    static func result(_ value: Double) -> QuestionResult {
        QuestionResult(
            questionID: "q", index: 0, language: .en, topTokenID: 1, topTokenPiece: "A", topTokenText: "A", topTokenProbability: value,
            topLetter: "A", letterProbabilities: [value, 0.5], promptTokens: 3, computedTokens: 3, seconds: 0.1)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func aNonFiniteNumberIsWrittenAsNull(value: Double) throws {
        let bytes = Envelope.encode(.result, request: "w#1", token: "secret", body: ResultBody(
            worker: "w", lease: 1, unit: "u", outcome: .scored, results: [Self.result(value)]))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""topTokenProbability":null"#), "\(text)")
        #expect(throws: DecodingError.self) { _ = try Envelope.body(ResultBody.self, from: bytes) }
    }

    @Test func theCoordinatorRefusesANonFiniteResultAndKeepsServing() async throws {
        let coordinator = try SweepFixtures.coordinator(plan: try SweepFixtures.plan())
        var worker = FakeWorker(coordinator, worker: "w1")
        _ = await worker.hello()
        let unit = try #require(Reply.unit(await worker.lease()))
        var results = SweepFixtures.results(for: unit.questions)
        results[0].letterProbabilities[0] = .nan
        let reply = await worker.result(worker.resultBody(unit, results: results))
        #expect(Reply.error(reply) == .malformed, "\(Reply.text(reply))")
        #expect(Reply.text(reply).contains("results.0.letterProbabilities.0"), "\(Reply.text(reply))")
        #expect(Reply.kind(await worker.hello()) == "welcome")
    }
}
