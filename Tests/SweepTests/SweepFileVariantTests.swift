import Engine
import Foundation
import Testing
import TestSupport
import Variants
@testable import Sweep

/// Variants in a sweep file (`quantize:` and `merge:` models): what is read, and errors that
/// name the file, the line and the field.
@Suite struct SweepFileVariantTests {
    static let source = "/sweeps/run/sweep.yaml"

    func parse(_ yaml: String, folder: String = "/sweeps/run") throws(SweepFileError) -> SweepFile {
        try SweepFile.parse(yaml: yaml, source: Self.source, folder: folder)
    }

    func failure(_ yaml: String, folder: String = "/sweeps/run") -> SweepFileError? {
        do {
            _ = try parse(yaml, folder: folder)
            return nil
        } catch {
            return error
        }
    }

    /// A sweep with the base models `base` and `bio` and the model entries `entries`.
    static func sweep(_ entries: String) -> String {
        """
        name: variants
        benchmark: demo
        models:
          - name: base
            path: base.gguf
          - name: bio
            path: bio.gguf
        \(entries)
        """
    }

    @Test func quantizeAndInlineMergesAreRead() throws {
        let sweep = try parse(Self.sweep("""
              - name: bio-q4
                quantize: {from: bio, type: q4_k_m}
              - name: ties
                merge: {method: ties, base: base, model: bio, density: 0.5, weight: 0.5, out_type: bf16}
              - name: slerp
                merge:
                  method: slerp
                  base: base
                  model: bio
                  t: [0, 0.5, 1]
              - name: dare
                merge: {method: dare_ties, base: base, model: bio, density: 0.5, weight: 0.5, seed: 7}
            """))
        #expect(sweep.models.map(\.name) == ["base", "bio", "bio-q4", "ties", "slerp", "dare"])
        #expect(sweep.models[0].path == "/sweeps/run/base.gguf")
        #expect(sweep.models[2].variant == .quantize(from: "bio", type: .q4_K_M))
        #expect(sweep.models[2].path == nil)
        #expect(sweep.models[3].variant == .merge(MergeVariant(
            base: "base", model: "bio",
            recipe: try MergeRecipe(method: .ties, density: .constant(0.5), weight: .constant(0.5)), outputType: .bf16)))
        #expect(sweep.models[4].variant == .merge(MergeVariant(
            base: "base", model: "bio",
            recipe: try MergeRecipe(method: .slerp, t: ParameterSchedule([.init(filter: nil, value: .anchors([0, 0.5, 1]))])))))
        guard case .merge(let dare) = sweep.models[5].variant else { Issue.record("not a merge"); return }
        #expect(dare.recipe.seed == 7)
        #expect(dare.recipe.normalize == false)
    }

    @Test func recipesAreCanonicalJSON() throws {
        #expect(ModelVariant.quantize(from: "x", type: .q8_0).recipe == #"{"quantize":{"type":"Q8_0"}}"#)
        let merge = ModelVariant.merge(MergeVariant(
            base: "a", model: "b", recipe: try MergeRecipe(method: .ties, density: .constant(0.5), weight: .constant(0.5))))
        #expect(merge.recipe == #"{"merge":{"density":[{"value":0.5}],"method":"ties","normalize":true,"weight":[{"value":0.5}]},"out_type":"F16"}"#)
        #expect(merge.parents == ["a", "b"])
    }

    /// BioMistral's SLERP config (mergekit's YAML, with Hugging Face names) in a sweep: merge.base
    /// and merge.model say which sweep models its names stand for.
    @Test func aMergekitConfigIsReadWithItsNamesMappedToSweepModels() throws {
        let folder = temporaryPath("variant-config")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try MergeConfigSamples.slerp.write(toFile: folder + "/slerp.yml", atomically: true, encoding: .utf8)
        let sweep = try parse(Self.sweep("""
              - name: slerp
                merge: {config: slerp.yml, base: base, model: bio}
            """), folder: folder)
        guard case .merge(let merge) = sweep.models[2].variant else { Issue.record("not a merge"); return }
        #expect(merge.base == "base" && merge.model == "bio")
        #expect(merge.recipe.method == .slerp)
        #expect(merge.layerCount == 32)
        #expect(merge.outputType == .bf16)
        let t = try #require(merge.recipe.t)
        #expect(t.value(for: "model.layers.0.self_attn.q_proj.weight", at: 0) == 0)
        #expect(t.value(for: "model.layers.0.mlp.up_proj.weight", at: 0) == 1)
        #expect(t.value(for: "model.norm.weight", at: 1) == 0.5)

        // Without merge.base, the config's base_model must be a sweep model: the error names the
        // config, the name and the way out.
        let error = try #require(failure(Self.sweep("""
              - name: slerp
                merge: {config: slerp.yml, model: bio}
            """), folder: folder))
        #expect(error.field == "models[2].merge.config")
        #expect(error.line == 9)
        #expect(error.reason.contains("names \"mistralai/Mistral-7B-Instruct-v0.1\" as the base, which is not a model of this sweep (models: base, bio, slerp)"),
                "\(error)")
        #expect(error.reason.contains("give merge.base"), "\(error)")

        let recipeToo = try #require(failure(Self.sweep("""
              - name: slerp
                merge: {config: slerp.yml, base: base, model: bio, t: 0.5}
            """), folder: folder))
        #expect(recipeToo.field == "models[2].merge.t")
        #expect(recipeToo.reason == "cannot be given with config, which sets the recipe")

        let missing = try #require(failure(Self.sweep("""
              - name: slerp
                merge: {config: nowhere.yml, base: base, model: bio}
            """), folder: folder))
        #expect(missing.field == "models[2].merge.config")
        #expect(missing.reason.contains("\(folder)/nowhere.yml: no such file"), "\(missing)")
    }

    @Test(arguments: [
        // (model entry, field, what the reason says)
        ("quantize: {from: bio, type: Q9_9}", "models[2].quantize.type", "\"Q9_9\" is not a file type medsweep quantizes to (F32, F16, BF16"),
        ("quantize: {from: nobody, type: Q8_0}", "models[2].quantize.from",
         "names \"nobody\" as the from, which is not a model of this sweep (models: base, bio, v)"),
        ("quantize: {from: v, type: Q8_0}", "models[2].quantize.from", "names \"v\", the model itself"),
        ("quantize: {type: Q8_0}", "models[2].quantize.from", "is missing"),
        ("quantize: {from: bio, type: Q8_0, imatrix: x}", "models[2].quantize.imatrix", "is not a known key (known: from, type)"),
        ("merge: {method: frankenmerge, base: base, model: bio}", "models[2].merge.method", "\"frankenmerge\" is not a merge method (slerp, ties"),
        ("merge: {method: slerp, base: base, model: bio}", "models[2].merge.t", "missing: slerp needs t"),
        ("merge: {method: slerp, base: base, model: bio, t: 1.5}", "models[2].merge.t", "1.5: must be in [0, 1]"),
        ("merge: {method: slerp, base: base, model: bio, t: half}", "models[2].merge.t", "has \"half\", not a decimal number"),
        ("merge: {method: ties, base: base, model: bio, density: 0}", "models[2].merge.density", "0.0: must be in (0, 1]"),
        ("merge: {method: slerp, base: base, model: bio, t: 0.5, density: 0.5}", "models[2].merge.density", "slerp does not read it"),
        ("merge: {method: ties, base: base, model: bio, seed: -1}", "models[2].merge.seed", "\"-1\" is not a whole number"),
        ("merge: {method: ties, base: base, model: bio, out_type: Q4_0}", "models[2].merge.out_type", "\"Q4_0\" is not one of F16, BF16"),
        ("merge: {method: ties, base: bio, model: bio}", "models[2].merge.model", "is \"bio\", the base too"),
        ("merge: {method: ties, model: bio}", "models[2].merge.base", "is missing"),
        ("merge: {method: ties, base: base, model: elsewhere}", "models[2].merge.model",
         "names \"elsewhere\" as the model, which is not a model of this sweep"),
        ("path: v.gguf\n    quantize: {from: bio, type: Q8_0}", "models[2].quantize", "and path are both given"),
        ("sha256: \(String(repeating: "0", count: 64))", "models[2].path", "is missing: a model is a file (path), or a variant (quantize or merge)"),
    ])
    func badVariantsAreRefusedNamingTheField(entry: String, field: String, reason: String) throws {
        let error = try #require(failure(Self.sweep("  - name: v\n    " + entry)))
        #expect(error.file == Self.source)
        #expect(error.field == field, "\(error)")
        #expect(error.reason.contains(reason), "\(error)")
        #expect(error.line != nil, "\(error)")
    }

    @Test func variantsMadeFromEachOtherInACircleAreRefused() throws {
        let error = try #require(failure(Self.sweep("""
              - name: x
                quantize: {from: y, type: Q8_0}
              - name: y
                quantize: {from: x, type: Q4_0}
            """)))
        #expect(error.field == "models[2].name")
        #expect(error.reason == "\"x\" is made from itself: x ← y ← x")
    }

    /// Parents may come later in the file; the plan builds them first.
    @Test func buildOrderPutsParentsFirst() throws {
        let sweep = try parse(Self.sweep("""
              - name: q
                quantize: {from: m, type: Q8_0}
              - name: m
                merge: {method: linear, base: base, model: bio}
            """))
        let order = try SweepFile.buildOrder(sweep.models).get().map(\.name)
        #expect(order == ["base", "bio", "m", "q"])
    }
}
