import Benchmark
import Testing

/// The released BioInstructQA layout: English and translated records, few-shot sets, and the
/// errors a malformed file gets (each naming file, record and field). Odd records, which a
/// lenient read renders or skips, are refused here by strict reads; BioInstructQALeniencyTests
/// reads them leniently.
@Suite struct BioInstructQAReaderTests {
    private func file(_ records: [String], name: String = "overall_test+prompt.json", mode: ReadMode = .lenient) throws -> BioInstructQAReader {
        let path = try TestData.write("[\n" + records.joined(separator: ",\n") + "\n]\n", name: name)
        return BioInstructQAReader(file: .path(path), checksTestSizes: false, mode: mode)
    }

    /// The error a strict read of `records` stops at.
    private func error(_ records: [String], name: String = "overall_test+prompt.json", language: BenchmarkLanguage = .en) throws -> String {
        let reader = try file(records, name: name, mode: .strict)
        do {
            _ = try reader.read(language: language) { _ in }
        } catch let error as BenchmarkDataError {
            return error.description
        }
        Issue.record("the file was read without error")
        return ""
    }

    @Test func readsEnglishFieldsOptionsInFileOrderAndThreeSets() throws {
        let record = TestData.bioInstructQARecord(overrides: [("options", #"{"B": "second", "A": "first", "D": "fourth", "C": "third"}"#)])
        let questions = try file([record]).questions(task: .medQA, language: .en)
        let question = try #require(questions.first)
        #expect(question.identifier == "q1")
        #expect(question.question == "What is it?")
        #expect(question.letters == ["B", "A", "D", "C"])
        #expect(question.options[0].text == "second")
        #expect(question.goldLetter == "B")
        #expect(question.context == nil)
        #expect(question.fewShotSets.count == 3)
        #expect(question.fewShotSets.allSatisfy { $0.count == 3 })
        #expect(question.fewShotSets[0][0].question == "example?")
    }

    @Test func readsTranslatedFieldsFromALanguageFile() throws {
        let record = TestData.bioInstructQARecord(translated: true)
        let reader = try file([record], name: "French-full.json")
        let french = try #require(try reader.questions(task: .medQA, language: .fr).first)
        #expect(french.question == "Qu'est-ce ?")
        #expect(french.language == .fr)
        let english = try #require(try reader.questions(task: .medQA, language: .en).first)
        #expect(english.question == "What is it?")
    }

    /// As the authors' script: only PubMedQA questions show a context, a translated one only
    /// when the English context is not null; other tasks' contexts are ignored.
    @Test func contextRulesFollowTheAuthorsScript() throws {
        let letters = ["A", "B", "C"]
        let pubmed = TestData.bioInstructQARecord(
            identifier: "p1", corpus: "PubMedQA", letters: letters, translated: true,
            overrides: [("context", "\"Abstract.\""), ("context_translated", "\"Résumé.\"")])
        let pubmedNullContext = TestData.bioInstructQARecord(
            identifier: "p2", corpus: "PubMedQA", letters: letters, translated: true, overrides: [("context_translated", "\"ignored\"")])
        let medqa = TestData.bioInstructQARecord(identifier: "m1", translated: true, overrides: [("context", "\"not shown\"")])
        let reader = try file([pubmed, pubmedNullContext, medqa], name: "French-full.json")
        let french = try reader.questions(task: .pubMedQA, language: .fr)
        #expect(french.map(\.context) == ["Résumé.", nil])
        let english = try reader.questions(task: .pubMedQA, language: .en)
        #expect(english.map(\.context) == ["Abstract.", nil])
        #expect(try reader.questions(task: .medQA, language: .en).first?.context == nil)
    }

    @Test func missingFieldNamesFileRecordAndField() throws {
        let good = TestData.bioInstructQARecord(identifier: "q1")
        let bad = TestData.bioInstructQARecord(identifier: "q2", removing: ["correct_answer_letter"])
        let message = try error([good, bad])
        #expect(message.hasSuffix(#"overall_test+prompt.json: record 1 ("q2"): missing field "correct_answer_letter""#))
    }

    @Test func wrongLetterIsRefusedWhenStrict() throws {
        let message = try error([TestData.bioInstructQARecord(overrides: [("correct_answer_letter", "\"F\"")])])
        #expect(message.hasSuffix(#"record 0 ("q1"): field "correct_answer_letter": "F" is not an option letter of MedQA (A, B, C, D)"#))
    }

    @Test func optionsNotMatchingTheTaskAreRefusedWhenStrict() throws {
        let fiveOptions = TestData.bioInstructQARecord(letters: ["A", "B", "C", "D", "E"], overrides: [("classes", #"["A", "B", "C", "D"]"#)])
        let message = try error([fiveOptions])
        #expect(message.hasSuffix(#"field "options": letters A, B, C, D, E do not match the options of MedQA (A, B, C, D)"#))
        let badExample = TestData.bioInstructQARecord(overrides: [
            ("few_shot_samples[2]", #"[{"context": null, "question": "x?", "options": {"A": "a", "B": "b"}, "correct_answer_letter": "A"}]"#),
        ])
        #expect(try error([badExample]).contains(#"field "few_shot_samples[2][0].options": letters A, B do not match"#))
        let badClasses = TestData.bioInstructQARecord(overrides: [("classes", #"["yes", "no"]"#)])
        #expect(try error([badClasses]).contains(#"field "classes": [yes, no] do not match the option letters of MedQA"#))
    }

    @Test func invalidUTF8IsReportedWithItsByteOffsetAndField() throws {
        var bytes = Array(("[" + TestData.bioInstructQARecord(overrides: [("question", "\"Bad XX byte\"")]) + "]").utf8)
        let offset = bytes.indices.first { bytes[$0] == UInt8(ascii: "X") && bytes[$0 + 1] == UInt8(ascii: "X") }!
        bytes[offset] = 0xC3
        bytes[offset + 1] = 0x28  // 0xC3 must be followed by a continuation byte
        let path = try TestData.write(bytes, name: "overall_test+prompt.json")
        #expect(throws: BenchmarkDataError.invalidUTF8(
            file: path, location: RecordLocation(record: 0), field: "question", byteOffset: offset)) {
            try BioInstructQAReader(file: .path(path)).read(language: .en) { _ in }
        }
    }

    @Test func duplicateIdentifiersAreRefusedWhenStrict() throws {
        let records = ["a", "b", "a"].map { TestData.bioInstructQARecord(identifier: $0) }
        #expect(try error(records).hasSuffix(#"record 2 ("a"): duplicate identifier "a" (first at record 0)"#))
    }

    @Test func duplicateKeysAndBrokenJSONAreSyntaxErrors() throws {
        let duplicated = #"[{"identifier": "q1", "identifier": "q2"}]"#
        #expect(try error([String(duplicated.dropFirst().dropLast())]).hasSuffix(#"record 0: byte 23: duplicate key "identifier""#))
        let path = try TestData.write(#"[{"identifier": "q1",]"#, name: "broken.json")
        #expect(throws: BenchmarkDataError.self) { try BioInstructQAReader(file: .path(path)).read(language: .en) { _ in } }
    }

    /// A malformed record is not a quirk: lenient reading refuses it too, naming the field.
    @Test func missingFieldsAndWrongTypesAreRefusedEvenWhenLenient() throws {
        let reader = try file([TestData.bioInstructQARecord(overrides: [("options", #""A, B, C, D""#)])])
        #expect(throws: BenchmarkDataError.wrongType(
            file: reader.file.name, location: RecordLocation(record: 0, identifier: "q1"), field: "options",
            expected: "an object of option letter to text", found: #""A, B, C, D""#)) {
            try reader.read(language: .en) { _ in }
        }
        let noSets = try file([TestData.bioInstructQARecord(removing: ["few_shot_samples[3]"])])
        #expect(throws: BenchmarkDataError.missingField(
            file: noSets.file.name, location: RecordLocation(record: 0, identifier: "q1"), field: "few_shot_samples[3]")) {
            try noSets.read(language: .en) { _ in }
        }
    }

    /// The released files have sets 1 to 3; a file with more gives them all.
    @Test func setsBeyondTheThirdAreReadWhenTheRecordHasThem() throws {
        let example = #"{"context": null, "question": "fourth?", "options": {"A": "a", "B": "b", "C": "c", "D": "d"}, "correct_answer_letter": "C"}"#
        let question = try #require(try file([TestData.bioInstructQARecord(overrides: [("few_shot_samples[4]", "[\(example)]")])])
            .questions(task: .medQA, language: .en).first)
        #expect(question.availableSets == [1, 2, 3, 4])
        #expect(question.examples(for: 4)?.map(\.question) == ["fourth?"])
        #expect(question.examples(for: 5) == nil)
        #expect(question.examples(for: .zeroShot) == [])
    }

    @Test func wrongLanguageForTheFileIsRefused() throws {
        let record = TestData.bioInstructQARecord(translated: true)
        #expect(try error([record], name: "French-full.json", language: .es)
            .hasSuffix("cannot give language es: French-full.json holds the French translation (fr)"))
        #expect(try error([record], name: "overall_test+prompt.json", language: .de)
            .hasSuffix("cannot give language de: overall_test+prompt.json holds the English questions only"))
    }

    @Test func otherCorporaAreSkippedAndCounted() throws {
        let records = [TestData.bioInstructQARecord(identifier: "x", corpus: "OtherCorpus"), TestData.bioInstructQARecord()]
        let summary = try file(records).read(language: .en) { _ in }
        #expect(summary.skippedCorpora == ["OtherCorpus": 1])
        #expect(summary.questionCounts == [.medQA: 1])
    }

    @Test func testSetsOfAnotherSizeAreWarnedAbout() throws {
        let path = try TestData.write("[" + TestData.bioInstructQARecord() + "]", name: "overall_test+prompt.json")
        let summary = try BioInstructQAReader(file: .path(path)).read(language: .en, tasks: [.medQA]) { _ in }
        #expect(summary.warnings == ["\(path): MedQA has 1 test questions in en; the paper's test set has 1273"])
    }
}
