import Benchmark
import Foundation
import Testing
@testable import Sweep

/// The wire's envelope: bodies round-trip exactly, and what is not an envelope is refused.
@Suite struct EnvelopeTests {
    static let unit = WorkUnit(
        id: "0123456789abcdef0123456789abcdef", model: "tiny-a", task: .medQA5Options,
        slices: [.init(language: .zh, questionCount: 1), .init(language: .ar, questionCount: 1)], fewShotSet: 3, shard: 4,
        firstQuestion: 200)

    static let questions = [
        UnitQuestion(id: "q-1", index: 200, language: .zh, prompt: "Question: \"é中\" \\ \n Answer:", letters: ["A", "B", "C", "D", "E"], gold: "C"),
        UnitQuestion(id: "q-1", index: 200, language: .ar, prompt: "", letters: ["A", "B"], gold: "A"),
    ]

    static func results() -> [QuestionResult] {
        let values = SweepFixtures.awkwardValues
        return questions.enumerated().map { n, question in
            QuestionResult(
                questionID: question.id, index: question.index, language: question.language, topTokenID: n == 0 ? Int32.min : Int32.max,
                topTokenPiece: "▁\u{0}\"\\", topTokenText: n == 0 ? "\u{0}\"\\" : " B", topTokenProbability: values[(n + 3) % values.count], topLetter: n == 0 ? nil : "B",
                letterProbabilities: values, promptTokens: 4096, computedTokens: n == 0 ? 4096 : 0, seconds: values[n])
        }
    }

    @Test func unitBodyRoundTrips() throws {
        let body = UnitBody(
            lease: Int64.max, speculative: true, unit: Self.unit,
            model: ModelReference(name: "tiny-a", path: "/models/a b.gguf", sha256: String(repeating: "ab", count: 32)),
            questions: Self.questions, threads: 0)
        let bytes = Envelope.encode(.unit, request: "w1#7", body: body)
        let header = try Envelope.header(bytes)
        #expect(header.v == Envelope.version)
        #expect(header.kind == "unit")
        #expect(header.request == "w1#7")
        #expect(header.token == nil)
        // A reply carries no token field at all.
        #expect(!String(decoding: bytes, as: UTF8.self).contains("token"))
        let decoded = try Envelope.body(UnitBody.self, from: bytes)
        let same = decoded == body
        #expect(same)
    }

    @Test func resultBodyKeepsEveryBit() throws {
        let body = ResultBody(worker: "w-3f2a", lease: 17, unit: Self.unit.id, outcome: .scored, results: Self.results(), error: nil)
        let bytes = Envelope.encode(.result, request: "w-3f2a#17", token: "secret", body: body)
        #expect(try Envelope.header(bytes).token == "secret")
        let decoded = try Envelope.body(ResultBody.self, from: bytes)
        let written = SweepFixtures.bits(body.results ?? [])
        let read = SweepFixtures.bits(decoded.results ?? [])
        #expect(read.count == written.count)
        let firstDifference = read.indices.first { read[$0] != written[$0] }
        #expect(firstDifference == nil, "\(firstDifference.map { "number \($0): \(Double(bitPattern: read[$0])) for \(Double(bitPattern: written[$0]))" } ?? "")")
        let same = decoded == body
        #expect(same)
        #expect(decoded.results?.first?.topTokenID == Int32.min)
        #expect(decoded.results?.first?.topLetter == nil)
    }

    @Test(arguments: SweepFixtures.awkwardValues)
    func everyAwkwardValueRoundTrips(_ value: Double) throws {
        let bytes = Envelope.encode(.ok, request: nil, body: OkBody(leaseSeconds: value))
        #expect(try Envelope.body(OkBody.self, from: bytes).leaseSeconds.bitPattern == value.bitPattern)
    }

    @Test func otherBodiesRoundTrip() throws {
        let failed = ResultBody(worker: "w", lease: 1, unit: "u", outcome: .failed, results: nil, error: "model: gone")
        #expect(try Envelope.body(ResultBody.self, from: Envelope.encode(.result, request: "r", body: failed)) == failed)
        let error = ErrorBody(code: .invalidResult, message: "no")
        let errorBytes = Envelope.encode(.error, request: nil, body: error)
        #expect(try Envelope.body(ErrorBody.self, from: errorBytes) == error)
        #expect(String(decoding: errorBytes, as: UTF8.self).contains(#""code":"invalid_result""#))
        let ack = AckBody(outcome: .duplicate)
        #expect(try Envelope.body(AckBody.self, from: Envelope.encode(.ack, request: "r", body: ack)) == ack)
        let hello = HelloBody(worker: "w", host: "h", pid: 3, cores: 64, engineVersion: "1", loadedModel: "m")
        #expect(try Envelope.body(HelloBody.self, from: Envelope.encode(.hello, request: "r", body: hello)) == hello)
    }

    @Test(arguments: [
        "", "not json", "\u{FF}\u{FE}", "[]", "null", "42", #"{"kind":"hello"}"#, #"{"v":3}"#, #"{"v":1.5,"kind":"hello"}"#,
        #"{"v":3,"kind":7}"#, #"{"v":3,"kind":"hello""#,
    ])
    func headerOfWhatIsNotAnEnvelopeThrows(_ text: String) {
        #expect(throws: (any Error).self) { try Envelope.header(Array(text.utf8)) }
    }

    @Test func headerOfNonUTF8BytesThrows() {
        #expect(throws: (any Error).self) { try Envelope.header([0xC3, 0x28, 0xFF, 0x00]) }
    }

    @Test func headerIgnoresTheBody() throws {
        let header = try Envelope.header(Array(#"{"v":9,"kind":"whatever","body":[1,2,{"x":null}]}"#.utf8))
        #expect(header.v == 9)
        #expect(header.kind == "whatever")
        #expect(header.request == nil)
    }

    @Test func bodyOfTheWrongTypeThrows() {
        let bytes = Envelope.encode(.ok, request: "r", body: OkBody(leaseSeconds: 1))
        #expect(throws: DecodingError.self) { try Envelope.body(UnitBody.self, from: bytes) }
        let noBody = Array(#"{"v":3,"kind":"ok"}"#.utf8)
        #expect(throws: DecodingError.self) { try Envelope.body(OkBody.self, from: noBody) }
    }

    /// The names on the wire, as the README's protocol section lists them: renaming a case
    /// would break every worker of another version.
    @Test func theKindsHaveTheirDocumentedNames() {
        #expect(WireKind.allCases.map(\.rawValue) == [
            "hello", "welcome", "lease", "unit", "wait", "finished", "heartbeat", "ok", "cancel", "result", "ack", "error",
        ])
    }
}
