import Benchmark
import Testing

/// Metrics checked against cases worked out by hand.
@Suite struct MetricTests {
    /// Five MedQA questions. Confidence = highest letter probability; prediction = its letter.
    ///
    /// | q | letter probabilities (A B C D) | gold | conf | pred | right | paper bin |
    /// |---|--------------------------------|------|------|------|-------|-----------|
    /// | 1 | 0.90 0.05 0.03 0.01            | A    | 0.90 | A    | yes   | (0.8, 1]  |
    /// | 2 | 0.70 0.10 0.05 0.05            | B    | 0.70 | A    | no    | (0.6, 0.8]|
    /// | 3 | 0.10 0.10 0.65 0.05            | C    | 0.65 | C    | yes   | (0.6, 0.8]|
    /// | 4 | 0.20 0.15 0.10 0.35            | D    | 0.35 | D    | yes   | (0.2, 0.4]|
    /// | 5 | 0.30 0.33 0.10 0.07            | A    | 0.33 | B    | no    | (0.2, 0.4]|
    ///
    /// The paper's ECE (5 bins, raw probabilities):
    ///   (0.2, 0.4]: mean conf (0.35 + 0.33)/2 = 0.34, accuracy 1/2 → |0.34 − 0.5| × 2/5 = 0.064
    ///   (0.6, 0.8]: mean conf (0.70 + 0.65)/2 = 0.675, accuracy 1/2 → 0.175 × 2/5 = 0.070
    ///   (0.8, 1.0]: conf 0.90, accuracy 1 → 0.10 × 1/5 = 0.020
    ///   ECE = (0.064 + 0.070 + 0.020) × 100 = 15.4
    ///
    /// Renormalised (each row divided by its sum: 0.99, 0.90, 0.90, 0.80, 0.80):
    ///   confidences 0.9091, 0.7778, 0.7222, 0.4375, 0.4125
    ///   (0.4, 0.6]: mean (0.4375 + 0.4125)/2 = 0.425, accuracy 1/2 → 0.075 × 2/5 = 0.030
    ///   (0.6, 0.8]: mean (0.7778 + 0.7222)/2 = 0.75, accuracy 1/2 → 0.25 × 2/5 = 0.100
    ///   (0.8, 1.0]: 0.9091, accuracy 1 → 0.0909 × 1/5 = 0.01818
    ///   ECE = 14.818…
    ///
    /// (numpy running the authors' formula on these rows gives 15.400000000000002 and 14.818181818181817.)
    static let worked: [QuestionRecord] = [
        TestData.record(id: "1", gold: "A", probabilities: [0.90, 0.05, 0.03, 0.01]),
        TestData.record(id: "2", gold: "B", probabilities: [0.70, 0.10, 0.05, 0.05]),
        TestData.record(id: "3", gold: "C", probabilities: [0.10, 0.10, 0.65, 0.05]),
        TestData.record(id: "4", gold: "D", probabilities: [0.20, 0.15, 0.10, 0.35]),
        TestData.record(id: "5", gold: "A", probabilities: [0.30, 0.33, 0.10, 0.07]),
    ]

    @Test func paperECEOnTheWorkedExample() throws {
        let ece = try #require(Calibration.expectedCalibrationError(Self.worked))
        #expect(abs(ece - 15.4) < 1e-9)
        let bins = Calibration.bins(Calibration.confidences(Self.worked))
        #expect(bins.map(\.count) == [0, 2, 0, 2, 1])
    }

    @Test func renormalisedECEOnTheWorkedExample() throws {
        let ece = try #require(Calibration.expectedCalibrationError(Self.worked, renormalised: true))
        #expect(abs(ece - (0.03 + 0.1 + 0.2 * (1 - 0.9 / 0.99)) * 100) < 1e-9)
        #expect(abs(ece - 14.818181818181817) < 1e-9)
    }

    /// numpy's linspace(0, 1, 6), which the paper's bins come from.
    @Test func binBoundariesAreNumpys() {
        #expect(Calibration.binBoundaries(count: 5) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        // A confidence of exactly 0.6 falls in (0.4, 0.6000000000000001], as in numpy.
        let record = TestData.record(id: "x", gold: "A", probabilities: [0.6, 0.1, 0.1, 0.1])
        #expect(Calibration.bins(Calibration.confidences([record])).map(\.count) == [0, 0, 1, 0, 0])
    }

    @Test func paperAccuracyNeedsTheTopTokenRestrictedTheArgmax() throws {
        var records = Self.worked
        // Letters hold 0.4 of the mass and a non-letter token 0.5: the paper counts it wrong,
        // the argmax over letters (B) is right.
        records.append(TestData.record(id: "6", gold: "B", probabilities: [0.1, 0.2, 0.05, 0.05], top: .some(nil), topProbability: 0.5))
        #expect(abs(try #require(Accuracy.paper(records)) - 50) < 1e-9)
        #expect(abs(try #require(Accuracy.restricted(records)) - 200.0 / 3) < 1e-9)
        #expect(Accuracy.paper([]) == nil)
        // Ties go to the first letter, as numpy's argmax.
        #expect(TestData.record(id: "t", gold: "A", probabilities: [0.3, 0.3, 0.2, 0.2]).restrictedPrediction == "A")
    }

    @Test func brierScore() throws {
        // (0.5 − 1)² + 0.3² + 0.1² + 0.1² = 0.25 + 0.09 + 0.01 + 0.01 = 0.36
        let sure = TestData.record(id: "a", gold: "A", probabilities: [0.5, 0.3, 0.1, 0.1])
        #expect(abs(BrierScore.score(sure) - 0.36) < 1e-12)
        // Half the mass on the letters, same proportions: renormalised, the same score.
        let half = TestData.record(id: "b", gold: "A", probabilities: [0.25, 0.15, 0.05, 0.05])
        #expect(abs(BrierScore.score(half) - 0.36) < 1e-12)
        // Uniform over 4 letters: 0.75² + 3 × 0.25² = 0.75.
        let uniform = TestData.record(id: "c", gold: "C", probabilities: [0.25, 0.25, 0.25, 0.25])
        #expect(abs(BrierScore.score(uniform) - 0.75) < 1e-12)
        #expect(abs(BrierScore.mean([sure, uniform])! - 0.555) < 1e-12)
    }

    @Test func meanAndPopulationStandardDeviation() throws {
        #expect(SetStatistics.mean([50, 60, 70]) == 60)
        // √((100 + 0 + 100) / 3), not √(200 / 2): Python's statistics.pstdev, as the authors use.
        #expect(abs(SetStatistics.populationStandardDeviation([50, 60, 70])! - 8.164965809277260) < 1e-12)
        #expect(SetStatistics.populationStandardDeviation([42]) == 0)
        #expect(SetStatistics.mean([]) == nil)
    }

    @Test func bootstrapIsReproducibleForASeed() throws {
        let values: [Double] = [0, 100, 100, 0, 100]
        let first = try #require(Bootstrap.meanInterval(values, resamples: 200, seed: 7))
        let second = try #require(Bootstrap.meanInterval(values, resamples: 200, seed: 7))
        #expect(first == second)
        // Pinned: an independent implementation (Python: SplitMix64, the same draws, numpy's
        // percentile) gives 20.0 and 100.0 for this seed.
        #expect(first.lower == 20.0)
        #expect(first.upper == 100.0)
        let other = try #require(Bootstrap.meanInterval(values, resamples: 200, seed: 8))
        #expect(other.seed == 8)
        #expect(Bootstrap.meanInterval([5, 5, 5], resamples: 50, seed: 1) == BootstrapInterval(lower: 5, upper: 5, level: 0.95, resamples: 50, seed: 1))
        #expect(Bootstrap.meanInterval([], resamples: 50, seed: 1) == nil)
    }

    @Test func quantileInterpolatesLinearly() {
        #expect(Bootstrap.quantile([1, 2, 3, 4], 0.25) == 1.75)
        #expect(Bootstrap.quantile([1, 2, 3, 4], 1) == 4)
        #expect(Bootstrap.quantile([7], 0.5) == 7)
    }

    @Test func ensembleSumsLetterProbabilities() throws {
        let records = [
            TestData.record(model: "one", id: "q1", gold: "A", probabilities: [0.40, 0.45, 0.05, 0.05]),
            TestData.record(model: "two", id: "q1", gold: "A", probabilities: [0.50, 0.10, 0.20, 0.10]),
            TestData.record(model: "one", id: "q2", gold: "C", probabilities: [0.10, 0.20, 0.30, 0.35]),
            TestData.record(model: "two", id: "q2", gold: "C", probabilities: [0.10, 0.20, 0.60, 0.05]),
        ]
        let combined = try Ensemble.combine(records, first: "one", second: "two")
        #expect(combined.map(\.model) == ["one + two", "one + two"])
        // q1: sums 0.90 0.55 0.25 0.15 → A (right, though "one" alone said B);
        // q2: sums 0.20 0.40 0.90 0.40 → C.
        #expect(combined.map(\.topTokenLetter) == ["A", "C"])
        #expect(abs(combined[0].letterProbabilities[0] - 0.45) < 1e-12)
        #expect(Accuracy.paper(combined) == 100)
        #expect(throws: QuestionRecordError.self) { try Ensemble.combine(Array(records.dropLast()), first: "one", second: "two") }
        #expect(throws: QuestionRecordError.self) { try Ensemble.combine(records, first: "one", second: "three") }
    }

    @Test func recordsAreValidated() {
        let good = TestData.record(id: "a", gold: "A", probabilities: [0.5, 0.2, 0.1, 0.1])
        #expect(throws: Never.self) { try good.validate() }
        var bad = good
        bad.letterProbabilities = [0.5, 0.2]
        #expect(throws: QuestionRecordError.self) { try bad.validate() }
        bad = good
        bad.letterProbabilities = [0.5, 0.5, 0.1, 0.1]
        #expect(throws: QuestionRecordError.self) { try bad.validate() }
        bad = good
        bad.goldLetter = "E"
        #expect(throws: QuestionRecordError.self) { try bad.validate() }
        // Set 0 is zero-shot, a valid record (a negative set cannot be made).
        var zeroShot = good
        zeroShot.fewShotSet = .zeroShot
        #expect(throws: Never.self) { try zeroShot.validate() }
        #expect(FewShotSet(rawValue: -1) == nil)
    }
}
