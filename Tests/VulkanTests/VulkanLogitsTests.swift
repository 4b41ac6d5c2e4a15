import Engine
@testable import EngineVulkan
import Foundation
import Testing
import TestSupport
import VulkanCompute

/// The Vulkan forward pass against llama.cpp's last-position logits, with the CPU engine's
/// tolerances (EngineTests' LogitsFixtureTests and SmolLM2LogitsTests): the same top token
/// wherever llama.cpp's top-2 margin exceeds 0.2; RMS ≤ 0.05 and max ≤ 0.25 for the fixture
/// models, RMS ≤ 0.08 and max ≤ 0.4 for SmolLM2 (logits of twice the spread).
@Suite(.offThePool, .serialized, .enabled(if: VulkanAvailability.available, VulkanAvailability.skipReason),
       .enabled(if: Fixtures.available, Fixtures.skipReason))
struct VulkanLogitsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let model: String
        let path: String
        let prompt: String
        let tokens: [Int32]
        let reference: String
        let rmsLimit: Double
        let maxLimit: Double
        var testDescription: String { "\(model) \(prompt)" }
    }

    static func fixtureCases() throws -> [Case] {
        guard Fixtures.available else { return [] }
        let index = try JSONSerialization.jsonObject(
            with: Data(contentsOf: Fixtures.logits.appendingPathComponent("index.json"))) as! [String: Any]
        let prompts = index["prompts"] as! [String: [String: Any]]
        let models = index["models"] as! [String: [String: Any]]
        return models.keys.sorted().flatMap { model in
            let entry = models[model]!
            let perPrompt = entry["prompts"] as! [String: [String: Any]]
            return perPrompt.keys.sorted().map { prompt in
                Case(model: model, path: Fixtures.root.appendingPathComponent(entry["file"] as! String).path, prompt: prompt,
                     tokens: (prompts[prompt]!["tokens_llama_cpp"] as! [NSNumber]).map { Int32($0.intValue) },
                     reference: Fixtures.root.appendingPathComponent(perPrompt[prompt]!["last_logits_f32le"] as! String).path,
                     rmsLimit: 0.05, maxLimit: 0.25)
            }
        }
    }

    static func smolLM2Cases() throws -> [Case] {
        let folder = Fixtures.root.appendingPathComponent("smollm2")
        guard Fixtures.available, let data = try? Data(contentsOf: folder.appendingPathComponent("index.json")) else { return [] }
        let prompts = (try JSONSerialization.jsonObject(with: data) as! [String: Any])["prompts"] as! [String: [String: Any]]
        return prompts.keys.sorted().map { id in
            Case(model: "SmolLM2", path: RealModels.smolLM2Path, prompt: id,
                 tokens: (prompts[id]!["tokens_llama_cpp"] as! [NSNumber]).map { Int32($0.intValue) },
                 reference: folder.appendingPathComponent(prompts[id]!["logits_file"] as? String ?? "\(id).f32").path,
                 rmsLimit: 0.08, maxLimit: 0.4)
        }
    }

    /// One transformer per model file, made once (uploads are the slow part on lavapipe).
    nonisolated(unsafe) static var transformers: [String: VulkanTransformer] = [:]

    static func transformer(for path: String) throws -> VulkanTransformer {
        if let made = transformers[path] { return made }
        let made = try VulkanTransformer(model: MistralModel(path: path), device: VulkanAvailability.open(), kvCacheBytes: 64 << 20)
        transformers[path] = made
        return made
    }

    @Test(arguments: try fixtureCases())
    func fixtureLogitsMatchLlamaCpp(_ testCase: Case) throws {
        try check(testCase)
    }

    @Test(.enabled(if: RealModels.smolLM2Available, RealModels.smolLM2SkipReason), arguments: try smolLM2Cases())
    func smolLM2LogitsMatchLlamaCpp(_ testCase: Case) throws {
        try check(testCase)
    }

    func check(_ testCase: Case) throws {
        let transformer = try Self.transformer(for: testCase.path)
        let logits = try transformer.evaluate(testCase.tokens, appendingTo: transformer.makeSequence())
        let reference = try Data(contentsOf: URL(fileURLWithPath: testCase.reference)).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        try #require(logits.count == reference.count)
        let comparison = LogitComparison(logits, reference)
        print("vulkan \(testCase.model) \(testCase.prompt) (\(testCase.tokens.count) tokens): \(comparison)")
        #expect(comparison.rms <= testCase.rmsLimit, "RMS difference \(comparison.rms)")
        #expect(comparison.largest <= testCase.maxLimit, "largest difference \(comparison.largest)")
        if comparison.referenceMargin > 0.2 { #expect(comparison.ourTop == comparison.referenceTop) }
    }
}

/// How far logits are from reference logits: RMS and largest difference, and the top tokens.
struct LogitComparison: CustomStringConvertible {
    let rms: Double
    let largest: Double
    let ourTop: Int
    let referenceTop: Int
    let referenceMargin: Float

    init(_ logits: [Float], _ reference: [Float]) {
        var squares = 0.0, largest = 0.0
        for (ours, theirs) in zip(logits, reference) {
            let difference = Double(ours) - Double(theirs)
            squares += difference * difference
            largest = max(largest, abs(difference))
        }
        rms = (squares / Double(reference.count)).squareRoot()
        self.largest = largest
        let sorted = reference.indices.sorted { reference[$0] > reference[$1] }
        referenceTop = sorted[0]
        referenceMargin = reference[sorted[0]] - reference[sorted[1]]
        ourTop = logits.indices.max { logits[$0] < logits[$1] }!
    }

    var description: String {
        "RMS \(rms), max \(largest), top \(ourTop) vs \(referenceTop) (reference margin \(referenceMargin))"
    }
}
