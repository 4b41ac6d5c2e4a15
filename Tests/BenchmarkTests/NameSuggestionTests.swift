@testable import Benchmark
import Testing

/// "Did you mean" offers only names a typo away, and nothing for a name that is far off.
@Suite struct NameSuggestionTests {
    @Test(arguments: [
        ("shard_sise", ["shard_size"]),  // a substitution
        ("modles", ["models"]),  // two neighbours swapped
        ("fewshot_set", ["fewshot_sets"]),  // a deletion
        ("heartbeat_secondss", ["heartbeat_seconds"]),  // an insertion
        ("Templates", ["template"]),  // case is not a difference; then one deletion
    ])
    func closeKeysAreFound(typed: String, expected: [String]) {
        let keys = ["name", "benchmark", "models", "tasks", "languages", "fewshot_sets", "shard_size", "template", "heartbeat_seconds"]
        #expect(NameSuggestion.closest(to: typed, among: keys) == expected)
    }

    @Test func farNamesAndExactNamesGetNothing() {
        #expect(NameSuggestion.closest(to: "cardiology", among: BenchmarkTask.allCases.map(\.corpusName)).isEmpty)
        #expect(NameSuggestion.closest(to: "xx", among: BenchmarkLanguage.allCases.map(\.rawValue)).isEmpty)
        #expect(NameSuggestion.closest(to: "MedQA", among: ["MedQA", "MedMCQA"]).isEmpty)
        #expect(NameSuggestion.didYouMean("cardiology", among: ["MedQA"]) == "")
        // A short word allows one edit only: "abcd" is two from "name".
        #expect(NameSuggestion.closest(to: "abcd", among: ["name"]).isEmpty)
    }

    @Test func tasksAndLanguagesSuggestTheirNames() {
        #expect(BenchmarkTask.didYouMean("MedQ") == "; did you mean \"MedQA\"?")
        #expect(BenchmarkTask.didYouMean("medqa") == "; did you mean \"MedQA\"?")
        #expect(BenchmarkTask.didYouMean("MedQA5_options") == "; did you mean \"MedQA-5_options\"?")
        #expect(BenchmarkTask.didYouMean("MMLU_anatomie") == "; did you mean \"MMLU_anatomy\"?")
        #expect(BenchmarkLanguage.didYouMean("FR") == "; did you mean \"fr\"?")
        #expect(BenchmarkLanguage.didYouMean("French") == "; did you mean \"fr\" (French)?")
        // Equally close names are all offered, in the list's order.
        #expect(BenchmarkLanguage.didYouMean("ez") == "; did you mean \"en\" or \"es\"?")
    }

    @Test func editDistanceCountsASwapAsOneEdit() {
        func distance(_ a: String, _ b: String) -> Int { NameSuggestion.editDistance(Array(a), Array(b)) }
        #expect(distance("", "abc") == 3)
        #expect(distance("abc", "abc") == 0)
        #expect(distance("abcd", "abdc") == 1)
        #expect(distance("kitten", "sitting") == 3)
    }
}
