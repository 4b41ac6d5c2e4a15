import Foundation

/// A model against a baseline on the same questions: the paired counts the paper's
/// quantization table needs (its last column is the gain or loss against the base), with an
/// exact McNemar test on the questions whose verdict differs.
///
/// A pair is one question, in one language and few-shot set, scored by both models. Its
/// verdict is the paper's (the top token is the gold letter) or the restricted one (the most
/// likely letter is), as ``Rule`` says; its answer is the letter the verdict reads.
///
/// ```swift
/// var comparison = PairedComparison()
/// comparison.add(baseline: base, variant: quantized, rule: .paper)
/// comparison.accuracyDelta      // points: variant − baseline
/// comparison.mcNemarPValue      // two-sided, exact
/// ```
public struct PairedComparison: Sendable, Equatable {
    /// Which verdict and answer are compared.
    public enum Rule: String, Sendable {
        /// The top token of the whole vocabulary (no letter counts as its own answer).
        case paper
        /// The most likely of the option letters.
        case restricted
    }

    public var pairs = 0
    public var baselineCorrect = 0
    public var variantCorrect = 0
    /// Discordant pairs: right for the baseline only, and for the variant only.
    public var baselineOnly = 0
    public var variantOnly = 0
    /// Pairs where both models gave the same answer.
    public var sameAnswer = 0
    /// Σ KL(baseline ‖ variant) over the pairs' renormalised letter distributions, in nats.
    public var divergenceSum = 0.0

    public init() {}

    /// Probabilities below this are taken as this in the divergence's logarithms: a letter the
    /// variant gives no mass (underflow in its softmax) would make it infinite.
    public static let probabilityFloor = 1e-12

    public mutating func add(baseline: QuestionRecord, variant: QuestionRecord, rule: Rule) {
        let (baseRight, variantRight) = switch rule {
        case .paper: (baseline.isCorrect, variant.isCorrect)
        case .restricted: (baseline.isRestrictedCorrect, variant.isRestrictedCorrect)
        }
        pairs += 1
        if baseRight { baselineCorrect += 1 }
        if variantRight { variantCorrect += 1 }
        if baseRight && !variantRight { baselineOnly += 1 }
        if variantRight && !baseRight { variantOnly += 1 }
        let same = switch rule {
        case .paper: baseline.topTokenLetter == variant.topTokenLetter
        case .restricted: baseline.restrictedPrediction == variant.restrictedPrediction
        }
        if same { sameAnswer += 1 }
        divergenceSum += Self.divergence(baseline.renormalisedProbabilities, variant.renormalisedProbabilities)
    }

    /// Both comparisons' pairs together.
    public static func + (left: PairedComparison, right: PairedComparison) -> PairedComparison {
        var sum = left
        sum.pairs += right.pairs
        sum.baselineCorrect += right.baselineCorrect
        sum.variantCorrect += right.variantCorrect
        sum.baselineOnly += right.baselineOnly
        sum.variantOnly += right.variantOnly
        sum.sameAnswer += right.sameAnswer
        sum.divergenceSum += right.divergenceSum
        return sum
    }

    /// Variant accuracy minus baseline accuracy on the pairs, in points (×100).
    public var accuracyDelta: Double? {
        pairs > 0 ? 100 * Double(variantCorrect - baselineCorrect) / Double(pairs) : nil
    }

    /// The share of pairs whose verdict differs (right for one model only).
    public var flipRate: Double? { pairs > 0 ? Double(baselineOnly + variantOnly) / Double(pairs) : nil }

    /// The share of pairs where both models answered the same letter (top-1 agreement).
    public var agreement: Double? { pairs > 0 ? Double(sameAnswer) / Double(pairs) : nil }

    /// Mean KL(baseline ‖ variant) of the renormalised letter distributions, in nats.
    public var meanDivergence: Double? { pairs > 0 ? divergenceSum / Double(pairs) : nil }

    /// McNemar's exact test, two-sided: under "neither model is better", each discordant pair
    /// is the variant's with probability ½, so the smaller count is binomial(n, ½);
    /// p = min(1, 2·P(X ≤ min(b, c))). 1 when no pair is discordant.
    public var mcNemarPValue: Double {
        let discordant = baselineOnly + variantOnly
        guard discordant > 0 else { return 1 }
        let smaller = min(baselineOnly, variantOnly)
        let n = Double(discordant)
        var tail = 0.0
        for k in 0 ... smaller {
            let logChoose = lgamma(n + 1) - lgamma(Double(k) + 1) - lgamma(n - Double(k) + 1)
            tail += exp(logChoose - n * M_LN2)
        }
        return min(1, 2 * tail)
    }

    /// KL(p ‖ q) = Σ p·(ln p − ln q), in nats, with q floored (``probabilityFloor``).
    static func divergence(_ p: [Double], _ q: [Double]) -> Double {
        var sum = 0.0
        for (pi, qi) in zip(p, q) where pi > 0 {
            sum += pi * (log(pi) - log(max(qi, probabilityFloor)))
        }
        return max(0, sum)
    }
}
