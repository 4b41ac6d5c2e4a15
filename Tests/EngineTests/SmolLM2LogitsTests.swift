import Engine
import Foundation
import GGUF
import Testing
import TestSupport

/// A real model, SmolLM2-135M-Instruct (Q4_1 matrices, tied Q8_0 output head, byte-level BPE
/// vocabulary), against llama.cpp's last-position logits for six paper prompts in five
/// languages (`fixtures/smollm2/`). Its logits have a standard deviation of about 3, so the
/// tolerances are the fixtures' scaled up: the same top token wherever llama.cpp's top-2 margin
/// exceeds 0.2, an RMS difference at most 0.08 and a largest difference at most 0.4.
@Suite(.offThePool, .enabled(if: Fixtures.available, Fixtures.skipReason),
       .enabled(if: RealModels.smolLM2Available, RealModels.smolLM2SkipReason))
struct SmolLM2LogitsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let prompt: String
        let tokens: [Int32]
        let referenceFile: String
        var testDescription: String { prompt }
    }

    static var folder: URL { Fixtures.root.appendingPathComponent("smollm2") }

    static func cases() throws -> [Case] {
        guard Fixtures.available,
              let data = try? Data(contentsOf: folder.appendingPathComponent("index.json"))
        else { return [] }
        let index = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let prompts = index["prompts"] as! [String: [String: Any]]
        return prompts.keys.sorted().map { id in
            Case(prompt: id, tokens: (prompts[id]!["tokens_llama_cpp"] as! [NSNumber]).map { Int32($0.intValue) },
                 referenceFile: prompts[id]!["logits_file"] as? String ?? "\(id).f32")
        }
    }

    static let model: Result<MistralModel, any Error> = Result { try MistralModel(path: RealModels.smolLM2Path) }

    @Test(arguments: try cases())
    func logitsMatchLlamaCpp(_ testCase: Case) throws {
        let transformer = Transformer(model: try Self.model.get(), threads: 2)
        let logits = transformer.evaluate(testCase.tokens, appendingTo: transformer.makeSequence())
        let reference = try Data(contentsOf: Self.folder.appendingPathComponent(testCase.referenceFile))
            .withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        try #require(logits.count == reference.count)

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
        print("SmolLM2 \(testCase.prompt) (\(testCase.tokens.count) tokens): RMS \(rms), max \(largest), "
            + "top \(ourTop) vs \(sorted[0]) (reference margin \(margin))")
        #expect(rms <= 0.08, "RMS difference \(rms)")
        #expect(largest <= 0.4, "largest difference \(largest)")
        if margin > 0.2 { #expect(ourTop == sorted[0]) }
    }
}
