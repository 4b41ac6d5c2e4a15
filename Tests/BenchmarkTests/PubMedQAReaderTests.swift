import Benchmark
import Testing

/// PubMedQA's JSON: PMID → {QUESTION, CONTEXTS, final_decision}, options yes / no / maybe.
@Suite struct PubMedQAReaderTests {
    static func entry(_ pmid: String, decision: String = "yes", contexts: String = #"["Background.", "Results."]"#) -> String {
        #""\#(pmid)": {"QUESTION": "Does it work?", "CONTEXTS": \#(contexts), "LABELS": ["BACKGROUND", "RESULTS"], "final_decision": "\#(decision)", "LONG_ANSWER": "It does."}"#
    }

    static let pool = "{" + ["1", "2", "3", "4"].map { entry("90\($0)", decision: "no") }.joined(separator: ", ") + "}"

    /// Strict by default, so the error tests see the first problem.
    private func reader(_ test: String, mode: ReadMode = .strict) throws -> OriginalSourceReader {
        try OriginalSourceReader(
            format: .pubMedQAJSON, task: .pubMedQA, test: .path(try TestData.write(test, name: "test_set.json")),
            fewShotPool: .path(try TestData.write(Self.pool, name: "train_set.json")), sampler: FewShotSampler(seed: 5),
            checksTestSizes: false, mode: mode)
    }

    private func error(_ test: String) throws -> String {
        do {
            _ = try reader(test).questions()
        } catch let error as BenchmarkDataError {
            return error.description
        }
        Issue.record("read without error")
        return ""
    }

    @Test func readsQuestionsContextsAndDecisions() throws {
        let questions = try reader("{" + Self.entry("111") + ", " + Self.entry("222", decision: "maybe") + "}").questions()
        #expect(questions.map(\.identifier) == ["111", "222"])
        #expect(questions.map(\.goldLetter) == ["A", "C"])
        #expect(questions[0].context == "Background. Results.")
        #expect(questions[0].options.map(\.text) == ["yes", "no", "maybe"])
        #expect(questions[0].fewShotSets[0].allSatisfy { $0.context == "Background. Results." && $0.correctLetter == "B" })
        #expect(questions[0].fewShotDraws[0].exampleIdentifiers.allSatisfy { $0.hasPrefix("90") })
    }

    @Test func badDecisionIsRefused() throws {
        #expect(try error("{" + Self.entry("111", decision: "perhaps") + "}")
            .hasSuffix(#"record 0 ("111"): field "final_decision": "perhaps" is not one of yes, no, maybe"#))
    }

    @Test func missingOrEmptyContextsAreRefused() throws {
        let missing = #"{"7": {"QUESTION": "Q?", "final_decision": "no"}}"#
        #expect(try error(missing).hasSuffix(#"record 0 ("7"): missing field "CONTEXTS""#))
        #expect(try error("{" + Self.entry("8", contexts: "[]") + "}").hasSuffix(#"field "CONTEXTS": [] is empty"#))
        #expect(try error("{" + Self.entry("9", contexts: "\"flat\"") + "}").hasSuffix(#"field "CONTEXTS": expected an array, found "flat""#))
    }

    @Test func duplicatePMIDsAreRefusedWhenStrictAndSkippedOtherwise() throws {
        let file = "{" + Self.entry("111") + ", " + Self.entry("111") + ", " + Self.entry("222") + "}"
        #expect(try error(file).hasSuffix(#"record 1 ("111"): duplicate identifier "111" (first at record 0)"#))
        var questions: [BenchmarkQuestion] = []
        let summary = try reader(file, mode: .lenient).read { questions.append($0) }
        #expect(questions.map(\.identifier) == ["111", "222"])
        #expect(summary.skippedRecords == [.pubMedQA: 1])
        #expect(summary.warnings.count == 1)
        #expect(summary.warnings.first?.hasSuffix(
            #"record 1 ("111"): duplicate identifier "111" (first at record 0); skipped (the first record of the identifier is kept); the only PubMedQA record like it"#) == true)
    }

    @Test func invalidUTF8IsRefused() throws {
        var bytes = Array(("{" + Self.entry("111") + "}").utf8)
        let offset = bytes.firstIndex(of: UInt8(ascii: "?"))!
        bytes[offset] = 0xED  // a surrogate lead (ED A0 …) is not UTF-8
        bytes[offset + 1] = 0xA0
        let test = try TestData.write(bytes, name: "test_set.json")
        let reader = try OriginalSourceReader(
            format: .pubMedQAJSON, task: .pubMedQA, test: .path(test),
            fewShotPool: .path(try TestData.write(Self.pool, name: "train_set.json")), sampler: FewShotSampler(seed: 0))
        #expect(throws: BenchmarkDataError.invalidUTF8(file: test, location: RecordLocation(record: 0), field: "QUESTION", byteOffset: offset)) {
            try reader.questions()
        }
    }
}
