import Engine
import Foundation
import Sweep
import Testing
import TestSupport

/// A sweep file whose models include variants: two model files, a quantization of one, and a
/// SLERP merge of both read from a mergekit config with Hugging Face names.
struct VariantSweep {
    let folder: String
    let sweepPath: String
    let journalPath: String

    init(name: String, mergeLine: String = "merge: {config: slerp.yml, base: base, model: bio}", bioVocabulary: Int = 600) throws {
        folder = temporaryPath("variants-\(name)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (file, seed, vocabulary) in [("base.gguf", UInt64(1), 600), ("bio.gguf", 2, bioVocabulary)] {
            var config = MistralConfig.tiny
            config.blockCount = 2
            config.vocabularySize = vocabulary
            try SyntheticModel(config: config, fileType: .f16, seed: seed).write(to: folder + "/" + file)
        }
        try """
            slices:
              - sources:
                  - {model: org/Base-Model, layer_range: [0, 2]}
                  - {model: org/Bio-Model, layer_range: [0, 2]}
            merge_method: slerp
            base_model: org/Base-Model
            parameters:
              t:
                - {filter: self_attn, value: [0, 0.5, 0.3, 0.7, 1]}
                - {filter: mlp, value: [1, 0.5, 0.7, 0.3, 0]}
                - value: 0.5
            dtype: float16
            """.write(toFile: folder + "/slerp.yml", atomically: true, encoding: .utf8)
        sweepPath = folder + "/sweep.yaml"
        try """
            name: \(name)
            benchmark: demo
            models:
              - {name: base, path: base.gguf}
              - {name: bio, path: bio.gguf}
              - name: bio-Q8_0
                quantize: {from: bio, type: Q8_0}
              - name: bio-slerp
                \(mergeLine)
            tasks: [MedQA]
            languages: [en]
            fewshot_sets: [1]
            shard_size: 3
            lease_seconds: 10
            heartbeat_seconds: 0.5
            """.write(toFile: sweepPath, atomically: true, encoding: .utf8)
        journalPath = folder + "/sweep.journal"
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}

extension MultiProcessSweeps {
    /// `medsweep run` builds the variants into `variants/` beside the journal, scores them like
    /// the model files, and journals their recipes and parents; run again, it finds them built.
    @Suite struct VariantSweepTests {
        @Test(.timeLimit(.minutes(3))) func variantsAreBuiltOnceScoredAndJournaled() async throws {
            let sweep = try VariantSweep(name: "variants")
            defer { sweep.remove() }
            let run = try await CommandRun.medsweepOffPool(
                "run", sweep.sweepPath, "--workers", "1", "--threads", "1", "--journal", sweep.journalPath)
            #expect(run.status == 0, "\(run.standardError.suffix(2000))")
            #expect(run.standardError.contains("model bio-Q8_0: building the Q8_0 quantization of bio into \(sweep.folder)/variants/"),
                    "\(run.standardError.prefix(3000))")
            #expect(run.standardError.contains("model bio-slerp: building the slerp merge of base (base) and bio into"))
            #expect(run.standardOutput.contains("sweep variants: 4 units done, 0 failed"), "\(run.standardOutput)")

            let journal = try Journal.openForReading(path: sweep.journalPath)
            let models = try journal.models()
            #expect(models.map(\.name) == ["base", "bio", "bio-Q8_0", "bio-slerp"])
            #expect(models[0].origin == nil && models[1].origin == nil)
            #expect(models[2].origin?.recipe == #"{"quantize":{"type":"Q8_0"}}"#)
            #expect(models[2].origin?.parents == [.init(name: "bio", sha256: models[1].sha256)])
            let slerp = try #require(models[3].origin)
            #expect(slerp.parents.map(\.name) == ["base", "bio"])
            #expect(slerp.recipe.hasPrefix(#"{"merge":{"method":"slerp","t":[{"filter":"self_attn","value":[0,0.5,0.3,0.7,1]}"#), "\(slerp.recipe)")
            #expect(models[2].path.hasPrefix(sweep.folder + "/variants/") && models[3].path.hasPrefix(sweep.folder + "/variants/"))
            let records = try journal.records()
            #expect(Set(records.map(\.model)) == ["base", "bio", "bio-Q8_0", "bio-slerp"])

            // Again: nothing is built, nothing is added.
            let again = try await CommandRun.medsweepOffPool(
                "run", sweep.sweepPath, "--workers", "1", "--threads", "1", "--journal", sweep.journalPath)
            #expect(again.status == 0, "\(again.standardError.suffix(2000))")
            #expect(!again.standardError.contains("building"), "\(again.standardError.prefix(3000))")
            #expect(again.standardError.contains("model bio-Q8_0: Q8_0 quantization of bio, built before: \(models[2].path)"))
            #expect(try Journal.openForReading(path: sweep.journalPath).models() == models)
        }

        /// A config naming a model the sweep does not have, and a merge of models with other
        /// vocabularies: refused before any work, naming the file and field (or the files), and
        /// no journal is written.
        @Test(arguments: [
            ("merge: {config: slerp.yml, model: bio}", 600,
             "sweep.yaml:9: models[3].merge.config names \"org/Base-Model\" as the base, which is not a model of this sweep (models: base, bio, bio-Q8_0, bio-slerp); give merge.base to say which sweep model it stands for"),
            ("merge: {config: slerp.yml, base: base, model: bio}", 700,
             "model bio-slerp: the variant cannot be built: tensor 'token_embd.weight' has shape [256, 600] in "),
        ])
        func badVariantsStopTheSweepBeforeItStarts(mergeLine: String, bioVocabulary: Int, message: String) async throws {
            let sweep = try VariantSweep(name: "bad-variants", mergeLine: mergeLine, bioVocabulary: bioVocabulary)
            defer { sweep.remove() }
            let run = try await CommandRun.medsweepOffPool(
                "run", sweep.sweepPath, "--workers", "1", "--threads", "1", "--journal", sweep.journalPath)
            #expect(run.status == 2)
            #expect(run.standardError.contains(message), "\(run.standardError.suffix(2000))")
            #expect(!FileManager.default.fileExists(atPath: sweep.journalPath))
        }
    }
}
