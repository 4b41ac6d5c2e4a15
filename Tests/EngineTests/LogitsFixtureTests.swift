import Engine
import Foundation
import GGUF
import Testing
import TestSupport

/// The engine's last-position logits against llama.cpp's on the same files and tokens, within
/// the fixtures' tolerances: the same top token wherever llama.cpp's top-2 margin exceeds 0.2,
/// an RMS difference at most 0.05 and a largest difference at most 0.25.
@Suite(.offThePool, .enabled(if: Fixtures.available, Fixtures.skipReason))
struct LogitsFixtureTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let model: String
        let file: String
        let prompt: String
        let tokens: [Int32]
        let referenceFile: String
        var testDescription: String { "\(model) \(prompt)" }
    }

    static func cases() throws -> [Case] {
        guard Fixtures.available else { return [] }
        let index = try JSONSerialization.jsonObject(
            with: Data(contentsOf: Fixtures.logits.appendingPathComponent("index.json"))) as! [String: Any]
        let prompts = index["prompts"] as! [String: [String: Any]]
        let models = index["models"] as! [String: [String: Any]]
        return models.keys.sorted().flatMap { model in
            let entry = models[model]!
            let perPrompt = entry["prompts"] as! [String: [String: Any]]
            return perPrompt.keys.sorted().map { prompt in
                Case(
                    model: model, file: entry["file"] as! String, prompt: prompt,
                    tokens: (prompts[prompt]!["tokens_llama_cpp"] as! [NSNumber]).map { Int32($0.intValue) },
                    referenceFile: perPrompt[prompt]!["last_logits_f32le"] as! String)
            }
        }
    }

    @Test(arguments: try cases())
    func logitsMatchLlamaCpp(_ testCase: Case) throws {
        let model = try MistralModel(path: Fixtures.root.appendingPathComponent(testCase.file).path)
        let transformer = Transformer(model: model, threads: 2)
        let logits = transformer.evaluate(testCase.tokens, appendingTo: transformer.makeSequence())
        let reference = try Data(contentsOf: Fixtures.root.appendingPathComponent(testCase.referenceFile))
            .withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(logits.count == reference.count)

        var squares = 0.0, largest = 0.0
        for (ours, theirs) in zip(logits, reference) {
            let difference = Double(ours) - Double(theirs)
            squares += difference * difference
            largest = max(largest, abs(difference))
        }
        let rms = (squares / Double(reference.count)).squareRoot()
        let sorted = reference.indices.sorted { reference[$0] > reference[$1] }
        let margin = reference[sorted[0]] - reference[sorted[1]]
        let ourTop = logits.indices.max { logits[$0] < logits[$1] }!
        print("\(testCase.model) \(testCase.prompt) (\(testCase.tokens.count) tokens): RMS \(rms), max \(largest), "
            + "top \(ourTop) vs \(sorted[0]) (reference margin \(margin))")
        #expect(rms <= 0.05, "RMS difference \(rms)")
        #expect(largest <= 0.25, "largest difference \(largest)")
        if margin > 0.2 { #expect(ourTop == sorted[0]) }
    }
}
