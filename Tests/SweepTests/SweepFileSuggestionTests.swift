import Foundation
import Testing
@testable import Sweep

/// A misspelt key, task, language or variant parent in a sweep file is refused with the names
/// it could be and, when one is close, "did you mean" it; a name far from all gets no guess.
@Suite struct SweepFileSuggestionTests {
    static let minimal = SweepFileTests.minimal

    func reason(_ yaml: String) -> String? {
        do {
            _ = try SweepFile.parse(yaml: yaml, source: "s.yaml", folder: "/sweeps")
            return nil
        } catch {
            return error.description
        }
    }

    @Test(arguments: [
        ("shard_sise: 5", #"s.yaml:6: shard_sise is not a known key (known: "#, #"; did you mean "shard_size"?"#),
        ("langauges: [en]", #"s.yaml:6: langauges is not a known key"#, #"; did you mean "languages"?"#),
        ("tasks: [MedQA, MedQ]", #"s.yaml:6: tasks "MedQ" is not a task (MMLU_clinical_knowledge"#, #"; did you mean "MedQA"?"#),
        ("tasks: [medmcqa]", #"s.yaml:6: tasks "medmcqa" is not a task"#, #"; did you mean "MedMCQA"?"#),
        ("languages: [en, fn]", #"s.yaml:6: languages "fn" is not a language (en, es"#, #"; did you mean "en" or "fr"?"#),
        ("languages: [German]", #"s.yaml:6: languages "German" is not a language"#, #"; did you mean "de" (German)?"#),
    ])
    func closeNamesAreSuggested(line: String, start: String, end: String) throws {
        let message = try #require(reason(Self.minimal + "\n" + line + "\n"))
        #expect(message.hasPrefix(start), "\(message)")
        #expect(message.hasSuffix(end), "\(message)")
    }

    @Test func aModelKeyAndAVariantParentAreSuggestedToo() throws {
        let key = try #require(reason(Self.minimal + "\n    pth: x.gguf\n"))
        #expect(key.hasSuffix(#"; did you mean "path"?"#), "\(key)")
        let parent = try #require(reason(Self.minimal + "\n  - name: q\n    quantize: {from: mm, type: Q4_0}\n"))
        #expect(parent.hasSuffix(#"which is not a model of this sweep (models: m, q); did you mean "m"?"#), "\(parent)")
    }

    @Test(arguments: ["cardiology_and_more: 1", "tasks: [Cardiology]", "languages: [xx]"])
    func farNamesGetNoGuess(line: String) throws {
        let message = try #require(reason(Self.minimal + "\n" + line + "\n"))
        #expect(!message.contains("did you mean"), "\(message)")
    }
}
