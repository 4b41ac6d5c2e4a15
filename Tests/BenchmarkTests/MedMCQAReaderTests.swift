import Benchmark
import Testing

/// MedMCQA's JSON Lines: `id`, `question`, `opa` … `opd`, `cop` numbered from 1.
@Suite struct MedMCQAReaderTests {
    static func line(_ id: String, cop: String = "3", removing: String? = nil) -> String {
        var members = [
            ("id", "\"\(id)\""), ("question", "\"Which one?\""), ("opa", "\"first\""), ("opb", "\"second\""), ("opc", "\"third\""),
            ("opd", "\"fourth\""), ("cop", cop), ("choice_type", "\"single\""), ("subject_name", "\"Pharmacology\""),
        ]
        members.removeAll { $0.0 == removing }
        return "{" + members.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    static let pool = (1 ... 5).map { line("train-\($0)", cop: "1") }.joined(separator: "\n")

    /// Strict by default, so the error tests see the first problem.
    private func reader(_ test: String, mode: ReadMode = .strict) throws -> OriginalSourceReader {
        try OriginalSourceReader(
            format: .medMCQAJSONL, task: .medMCQA, test: .path(try TestData.write(test, name: "dev.json")),
            fewShotPool: .path(try TestData.write(Self.pool, name: "train.json")), sampler: FewShotSampler(seed: 9),
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

    @Test func readsOptionsAndTheOneBasedCorrectOption() throws {
        let questions = try reader(Self.line("e1b2", cop: "1") + "\n" + Self.line("c7d8", cop: "4")).questions()
        #expect(questions.map(\.identifier) == ["e1b2", "c7d8"])
        #expect(questions.map(\.goldLetter) == ["A", "D"])
        #expect(questions[0].options.map(\.text) == ["first", "second", "third", "fourth"])
        #expect(questions[0].fewShotDraws[0].exampleIdentifiers.allSatisfy { $0.hasPrefix("train-") })
    }

    @Test func correctOptionOutOfRangeIsRefused() throws {
        #expect(try error(Self.line("x", cop: "0")).hasSuffix(#"record 0 (line 1, "x"): field "cop": 0 is not an option number of MedMCQA (1 to 4, for A to D)"#))
        #expect(try error(Self.line("x", cop: "5")).hasSuffix(#"field "cop": 5 is not an option number of MedMCQA (1 to 4, for A to D)"#))
        #expect(try error(Self.line("x", cop: "\"C\"")).hasSuffix(#"field "cop": expected an integer, found "C""#))
    }

    @Test func missingOptionIsRefused() throws {
        #expect(try error(Self.line("x", removing: "opd")).hasSuffix(#"record 0 (line 1, "x"): missing field "opd""#))
    }

    @Test func duplicateIdentifiersAreRefusedWhenStrictAndSkippedOtherwise() throws {
        let file = [Self.line("a"), Self.line("b"), Self.line("a"), Self.line("a")].joined(separator: "\n")
        #expect(try error(file).hasSuffix(#"record 2 (line 3, "a"): duplicate identifier "a" (first at record 0)"#))
        var questions: [BenchmarkQuestion] = []
        let summary = try reader(file, mode: .lenient).read { questions.append($0) }
        #expect(questions.map(\.identifier) == ["a", "b"])
        #expect(summary.skippedRecords == [.medMCQA: 2])
        #expect(summary.warnings.count == 1)
        #expect(summary.warnings.first?.hasSuffix(
            #"record 2 (line 3, "a"): duplicate identifier "a" (first at record 0); skipped (the first record of the identifier is kept); 2 MedMCQA records like it"#) == true)
    }

    @Test func invalidUTF8IsRefused() throws {
        var bytes = Array(Self.line("x").utf8)
        let offset = bytes.indices.first { bytes[$0] == UInt8(ascii: "t") && bytes[$0 + 1] == UInt8(ascii: "h") }!  // "third"
        bytes[offset] = 0xF5  // never a UTF-8 lead byte
        let test = try TestData.write(bytes, name: "dev.json")
        let reader = try OriginalSourceReader(
            format: .medMCQAJSONL, task: .medMCQA, test: .path(test),
            fewShotPool: .path(try TestData.write(Self.pool, name: "train.json")), sampler: FewShotSampler(seed: 0))
        #expect(throws: BenchmarkDataError.invalidUTF8(file: test, location: RecordLocation(record: 0, line: 1), field: "opc", byteOffset: offset)) {
            try reader.questions()
        }
    }
}
