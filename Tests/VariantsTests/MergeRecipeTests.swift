import Foundation
import Testing
import TestSupport
@testable import Variants

/// Recipes, parameter schedules and mergekit configs.
@Suite struct MergeRecipeTests {
    static let bioMistralT = ParameterSchedule([
        .init(filter: "self_attn", value: .anchors([0, 0.5, 0.3, 0.7, 1])),
        .init(filter: "mlp", value: .anchors([1, 0.5, 0.7, 0.3, 0])),
        .init(filter: nil, value: .scalar(0.5)),
    ])

    /// mergekit's interpolation, restated: f = i / 31, x = 4f, between anchors ⌊x⌋ and ⌊x⌋ + 1.
    static func interpolated(_ anchors: [Double], layer: Int, of layers: Int) -> Double {
        let x = Double(layer) / Double(layers - 1) * Double(anchors.count - 1)
        let i = Int(x.rounded(.down)), j = Swift.min(anchors.count - 1, i + 1)
        return anchors[i] + (x - Double(i)) * (anchors[j] - anchors[i])
    }

    @Test(arguments: [0, 8, 16, 31])
    func bioMistralAnchorsAreInterpolatedPerLayer(layer: Int) {
        let attention = TensorPlace(ggufName: "blk.\(layer).attn_k.weight", blockCount: 32)
        let mlp = TensorPlace(ggufName: "blk.\(layer).ffn_down.weight", blockCount: 32)
        let norm = TensorPlace(ggufName: "blk.\(layer).attn_norm.weight", blockCount: 32)
        #expect(attention.huggingFaceName == "model.layers.\(layer).self_attn.k_proj.weight")
        let t = Self.bioMistralT
        #expect(abs(t.value(for: attention.huggingFaceName, at: attention.position)! - Self.interpolated([0, 0.5, 0.3, 0.7, 1], layer: layer, of: 32)) < 1e-12)
        #expect(abs(t.value(for: mlp.huggingFaceName, at: mlp.position)! - Self.interpolated([1, 0.5, 0.7, 0.3, 0], layer: layer, of: 32)) < 1e-12)
        #expect(t.value(for: norm.huggingFaceName, at: norm.position) == 0.5)
    }

    @Test func knownValuesAtTheAnchorLayers() {
        let t = Self.bioMistralT
        func value(_ layer: Int) -> Double { t.value(for: "model.layers.\(layer).self_attn.q_proj.weight", at: Double(layer) / 31)! }
        #expect(value(0) == 0)
        #expect(abs(value(8) - (0.5 + (32.0 / 31 - 1) * (0.3 - 0.5))) < 1e-12)   // 0.49354…
        #expect(abs(value(16) - (0.3 + (64.0 / 31 - 2) * (0.7 - 0.3))) < 1e-12)  // 0.32580…
        #expect(value(31) == 1)
    }

    /// mergekit evaluates the embedding at position 0 and the final norm and head at 1.
    @Test func tensorsOutsideTheLayersTakeTheFirstOrLastAnchor() {
        let gradient = ParameterSchedule([.init(filter: nil, value: .anchors([0.2, 0.9]))])
        let embedding = TensorPlace(ggufName: "token_embd.weight", blockCount: 32)
        let head = TensorPlace(ggufName: "output.weight", blockCount: 32)
        let norm = TensorPlace(ggufName: "output_norm.weight", blockCount: 32)
        #expect(embedding.huggingFaceName == "model.embed_tokens.weight" && embedding.position == 0)
        #expect(head.huggingFaceName == "lm_head.weight" && head.position == 1)
        #expect(norm.huggingFaceName == "model.norm.weight" && norm.position == 1)
        #expect(gradient.value(for: embedding.huggingFaceName, at: embedding.position) == 0.2)
        #expect(gradient.value(for: head.huggingFaceName, at: head.position) == 0.9)
        // BioMistral's filters match neither: the default 0.5.
        #expect(Self.bioMistralT.value(for: head.huggingFaceName, at: 1) == 0.5)
    }

    @Test func theFirstMatchingFilterWins() {
        let schedule = ParameterSchedule([
            .init(filter: "q_proj", value: .scalar(0.1)), .init(filter: "self_attn", value: .scalar(0.2)),
        ])
        #expect(schedule.value(for: "model.layers.0.self_attn.q_proj.weight", at: 0) == 0.1)
        #expect(schedule.value(for: "model.layers.0.self_attn.k_proj.weight", at: 0) == 0.2)
        #expect(schedule.value(for: "model.layers.0.mlp.up_proj.weight", at: 0) == nil)
    }

    @Test func recipesHaveOneCanonicalText() throws {
        let a = try MergeRecipe(method: .ties, density: .constant(0.5), weight: .constant(0.5))
        let b = try MergeRecipe(method: .ties, density: .constant(0.5), weight: .constant(0.5), normalize: true)
        #expect(a == b)
        #expect(a.canonicalDescription == b.canonicalDescription)
        #expect(a.canonicalDescription == #"{"density":[{"value":0.5}],"method":"ties","normalize":true,"weight":[{"value":0.5}]}"#)
        let decoded = try JSONDecoder().decode(MergeRecipe.self, from: Data(a.canonicalDescription.utf8))
        #expect(decoded == a)
        #expect(try MergeRecipe(method: .dareTies).canonicalDescription != MergeRecipe(method: .dareTies, seed: 1).canonicalDescription)
        #expect(try MergeRecipe(method: .slerp, t: .constant(-0.0)) == MergeRecipe(method: .slerp, t: .constant(0)))
    }

    @Test func theConfigsRecipeEqualsTheOneBuiltFromFields() throws {
        let config = try MergekitConfig(yaml: MergeConfigSamples.slerp, file: "slerp.yml")
        #expect(config.recipe == (try MergeRecipe(method: .slerp, t: Self.bioMistralT)))
        #expect(config.baseModel == MergeConfigSamples.instruct && config.model == MergeConfigSamples.bioMistral)
        #expect(config.outputType == .bf16 && config.layerCount == 32)

        let ties = try MergekitConfig(yaml: MergeConfigSamples.ties, file: "ties.yml")
        #expect(ties.recipe == (try MergeRecipe(method: .ties, density: .constant(0.5), weight: .constant(0.5), normalize: true)))
        #expect(ties.layerCount == nil)

        let dare = try MergekitConfig(yaml: MergeConfigSamples.dareTies, file: "dare.yml", seed: 7)
        #expect(dare.recipe == (try MergeRecipe(method: .dareTies, density: .constant(0.5), weight: .constant(0.5), seed: 7)))
        #expect(dare.recipe.normalize == false)
        #expect(dare.notes.contains { $0.contains("int8_mask") })
    }

    @Test func configModelsAreResolvedByName() throws {
        let config = try MergekitConfig(yaml: MergeConfigSamples.ties, file: "ties.yml")
        let files = try config.resolve([MergeConfigSamples.instruct: "a.gguf", MergeConfigSamples.bioMistral: "b.gguf"])
        #expect(files.base == "a.gguf" && files.model == "b.gguf")
        #expect(throws: MergeError.unresolvedModel(file: "ties.yml", field: "models[1].model", name: MergeConfigSamples.bioMistral,
                                                   known: [MergeConfigSamples.instruct])) {
            try config.resolve([MergeConfigSamples.instruct: "a.gguf"])
        }
        let error = MergeError.unresolvedModel(file: "ties.yml", field: "models[1].model", name: "BioMistral/BioMistral-7B", known: ["x"])
        #expect(error.description == "ties.yml: models[1].model names model 'BioMistral/BioMistral-7B', which was not given (given: x)")
    }

    // MARK: bad input

    @Test func anUnknownMethodIsAnError() throws {
        let yaml = MergeConfigSamples.ties.replacingOccurrences(of: "merge_method: ties", with: "merge_method: frankenmerge")
        do {
            _ = try MergekitConfig(yaml: yaml, file: "bad.yml")
            Issue.record("no error")
        } catch {
            #expect(error.description.hasPrefix("bad.yml:"))
            #expect(error.description.contains("merge_method 'frankenmerge' is not a method"))
        }
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(MergeRecipe.self, from: Data(#"{"method":"frankenmerge"}"#.utf8))
        }
    }

    @Test(arguments: [0.0, -0.1, 1.5, Double.nan])
    func densityOutsideZeroToOneIsAnError(density: Double) {
        #expect(throws: MergeError.self) { try MergeRecipe(method: .ties, density: .constant(density)) }
        do {
            _ = try MergeRecipe(method: .dareTies, density: .constant(density))
        } catch {
            #expect(error.description.contains("density"))
        }
    }

    @Test(arguments: [-0.01, 1.01])
    func tOutsideZeroToOneIsAnError(t: Double) {
        #expect(throws: MergeError.badParameter(field: "t", value: "\(t)", reason: "must be in [0, 1]")) {
            try MergeRecipe(method: .slerp, t: .constant(t))
        }
        // Also inside a list of anchors, and in a config.
        #expect(throws: MergeError.self) {
            try MergeRecipe(method: .slerp, t: ParameterSchedule([.init(filter: "mlp", value: .anchors([0, t]))]))
        }
        let yaml = MergeConfigSamples.slerp.replacingOccurrences(of: "- value: 0.5", with: "- value: \(t)")
        #expect(throws: MergeError.self) { try MergekitConfig(yaml: yaml, file: "t.yml") }
    }

    @Test func slerpNeedsTAndRejectsParametersItDoesNotRead() {
        #expect(throws: MergeError.self) { try MergeRecipe(method: .slerp) }
        #expect(throws: MergeError.self) { try MergeRecipe(method: .slerp, t: .constant(0.5), density: .constant(0.5)) }
        #expect(throws: MergeError.self) { try MergeRecipe(method: .ties, seed: 3) }
    }

    @Test func configsNamingOtherThanTwoModelsOrPartialLayersAreErrors() {
        let three = MergeConfigSamples.ties + "\n"
        let extra = three.replacingOccurrences(of: "merge_method: ties", with: """
            merge_method: ties
            """).replacingOccurrences(of: "models:\n", with: "models:\n  - model: third/model\n")
        #expect(throws: MergeError.self) { try MergekitConfig(yaml: extra, file: "three.yml") }
        let partial = MergeConfigSamples.slerp.replacingOccurrences(of: "layer_range: [0, 32]", with: "layer_range: [8, 32]")
        #expect(throws: MergeError.self) { try MergekitConfig(yaml: partial, file: "partial.yml") }
        let float32 = MergeConfigSamples.slerp.replacingOccurrences(of: "dtype: bfloat16", with: "dtype: float32")
        #expect(throws: MergeError.self) { try MergekitConfig(yaml: float32, file: "f32.yml") }
        let typo = MergeConfigSamples.ties.replacingOccurrences(of: "density:", with: "densty:")
        #expect(throws: MergeError.self) { try MergekitConfig(yaml: typo, file: "typo.yml") }
    }

    @Test func aMissingConfigFileIsAnError() {
        #expect(throws: MergeError.unreadableFile(path: "/nonexistent/merge.yml", reason: "no such file")) {
            try MergekitConfig(path: "/nonexistent/merge.yml")
        }
    }
}
