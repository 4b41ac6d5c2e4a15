import Benchmark
import Testing
import TestSupport

/// The real data's quirks, one small file per kind (`BioInstructQASamples.oddRecords`): a
/// lenient read renders each record as the authors' getPrompt would or skips it, with exactly
/// one warning per kind naming the file, the first record, the field and the count; a strict
/// read stops at the first with the error that names the same.
@Suite struct BioInstructQALeniencyTests {
    typealias Sample = BioInstructQASamples.OddRecordSample

    private func reader(_ sample: Sample, mode: ReadMode) throws -> BioInstructQAReader {
        BioInstructQAReader(file: .path(try TestData.write(sample.text, name: sample.fileName)), checksTestSizes: false, mode: mode)
    }

    private func parts(_ sample: Sample) throws -> (BenchmarkTask, BenchmarkLanguage) {
        (try #require(BenchmarkTask(corpusName: sample.task)), try #require(BenchmarkLanguage(rawValue: sample.language)))
    }

    @Test(arguments: BioInstructQASamples.oddRecords)
    func lenientReadRendersOrSkipsWithOneWarning(sample: Sample) throws {
        let reader = try reader(sample, mode: .lenient)
        let (task, language) = try parts(sample)
        var questions: [BenchmarkQuestion] = []
        let summary = try reader.read(language: language, tasks: [task]) { questions.append($0) }
        #expect(questions.map(\.identifier) == sample.kept)
        #expect(summary.questionCounts == [task: sample.kept.count])

        #expect(summary.warnings == [sample.warning(path: reader.file.name)])
        let warning = try #require(summary.oddRecords.first)
        #expect(warning.kind.rawValue == sample.kind)
        #expect(warning.task == task)
        #expect(warning.count == sample.count)
        #expect(warning.first.field == sample.field)
        #expect(warning.first.location?.record != nil)

        if warning.kind.skipsRecord {
            #expect(summary.skippedRecords[task] ?? 0 >= 1)
        } else {
            #expect(summary.skippedRecords.isEmpty)
        }
        let question = try #require(questions.first { $0.identifier == sample.question })
        let prompt = try PromptTemplate.paper.prompt(for: question, fewShotSet: try #require(FewShotSet(rawValue: sample.fewShotSet)))
        #expect(prompt == sample.prompt)
    }

    @Test(arguments: BioInstructQASamples.oddRecords)
    func strictReadStopsAtTheFirstWithFileRecordFieldAndValue(sample: Sample) throws {
        let reader = try reader(sample, mode: .strict)
        let (task, language) = try parts(sample)
        do {
            try reader.read(language: language, tasks: [task]) { _ in }
            Issue.record("\(sample.kind): read without error")
        } catch let error as BenchmarkDataError {
            #expect(error.description == sample.strictError(path: reader.file.name))
            #expect(error.field == sample.field)
        }
    }

    /// Two records of each of two kinds: two warnings, each counting its records once, however
    /// many fields of the record have the quirk.
    @Test func warningsAreOnePerKindAndFieldWithTheirCounts() throws {
        let threeOptions = #"{"context": null, "question": "e?", "options": {"A": "a", "B": "b", "C": "c"}, "correct_answer_letter": "A"}"#
        let records = [
            TestData.bioInstructQARecord(identifier: "q1", overrides: [("classes", #"["w", "x", "y", "z"]"#)]),
            TestData.bioInstructQARecord(identifier: "q2", overrides: [
                ("few_shot_samples[1]", "[\(threeOptions), \(threeOptions)]"), ("few_shot_samples[3]", "[\(threeOptions)]"),
            ]),
            TestData.bioInstructQARecord(identifier: "q3", overrides: [("classes", #"["w", "x", "y", "z"]"#), ("few_shot_samples[2]", "[\(threeOptions)]")]),
            TestData.bioInstructQARecord(identifier: "q4"),
        ]
        let path = try TestData.write(BioInstructQASamples.file(records), name: "overall_test+prompt.json")
        let summary = try BioInstructQAReader(file: .path(path), checksTestSizes: false).read(language: .en) { _ in }
        #expect(summary.questionCounts == [.medQA: 4])
        #expect(summary.oddRecords.map(\.kind) == [.classesNotLetters, .exampleOptions])
        #expect(summary.oddRecords.map(\.count) == [2, 2])
        #expect(summary.oddRecords.map(\.first.location?.identifier) == ["q1", "q2"])
        #expect(summary.warnings[1] == "\(path): " + #"record 1 ("q2"): field "few_shot_samples[1][0].options": letters A, B, C do not match the options of MedQA (A, B, C, D); rendered with the example's own options, as the authors' getPrompt does; 2 MedQA records like it"#)
    }

    /// Test sizes are still checked after odd records are skipped, and their warnings follow.
    @Test func skippedRecordsLeaveTheTestSetSmaller() throws {
        let records = [TestData.bioInstructQARecord(identifier: "a"), TestData.bioInstructQARecord(identifier: "a")]
        let path = try TestData.write(BioInstructQASamples.file(records), name: "overall_test+prompt.json")
        let summary = try BioInstructQAReader(file: .path(path)).read(language: .en, tasks: [.medQA]) { _ in }
        #expect(summary.skippedRecords == [.medQA: 1])
        #expect(summary.warnings.count == 2)
        #expect(summary.warnings.last == "\(path): MedQA has 1 test questions in en; the paper's test set has 1273")
    }
}
