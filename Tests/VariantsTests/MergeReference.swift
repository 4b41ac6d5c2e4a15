import Foundation

/// mergekit's formulas restated plainly, in Double, independently of the library's code: the
/// references the merge tests compare against.
enum MergeReference {
    /// SLERP (mergekit/merge_methods/slerp.py): normalised copies for the angle, the
    /// coefficients applied to the unnormalised tensors, linear when |dot| > 0.9995.
    static func slerp(t: Double, _ a: [Float], _ b: [Float]) -> [Double] {
        let v0 = a.map(Double.init), v1 = b.map(Double.init)
        func normalised(_ v: [Double]) -> [Double] {
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 1e-8 ? v.map { $0 / norm } : v
        }
        let n0 = normalised(v0), n1 = normalised(v1)
        let dot = zip(n0, n1).reduce(0) { $0 + $1.0 * $1.1 }
        if abs(dot) > 0.9995 {
            return zip(v0, v1).map { (1 - t) * $0 + t * $1 }
        }
        let theta0 = acos(dot), thetaT = theta0 * t
        let s0 = sin(theta0 - thetaT) / sin(theta0), s1 = sin(thetaT) / sin(theta0)
        return zip(v0, v1).map { s0 * $0 + s1 * $1 }
    }

    /// The indices of the `int(density · n)` largest |δ|, ties to the lower index.
    static func topIndices(_ delta: [Double], density: Double) -> Set<Int> {
        let k = Int(density * Double(delta.count))
        let order = delta.indices.sorted { abs(delta[$0]) != abs(delta[$1]) ? abs(delta[$0]) > abs(delta[$1]) : $0 < $1 }
        return Set(order.prefix(k))
    }

    /// Generalized task arithmetic on already sparsified deltas (get_mask "sum", divisor 0 → 1).
    static func combine(base: [Float], deltas: [[Double]], weights: [Double], consensus: Bool, normalize: Bool) -> [Double] {
        base.indices.map { i in
            let weighted = deltas.indices.map { weights[$0] * deltas[$0][i] }
            var mixed: Double, divisor: Double
            if consensus {
                let majority: Double = weighted.reduce(0, +) >= 0 ? 1 : -1
                let mask = weighted.map { w -> Double in (w > 0 ? 1.0 : w < 0 ? -1.0 : 0) == majority ? 1 : 0 }
                mixed = zip(weighted, mask).reduce(0) { $0 + $1.0 * $1.1 }
                divisor = zip(weights, mask).reduce(0) { $0 + $1.0 * $1.1 }
                if divisor == 0 { divisor = 1 }
            } else {
                mixed = weighted.reduce(0, +)
                divisor = weights.reduce(0, +)
                if abs(divisor) < 1e-8 { divisor = 1 }
            }
            return Double(base[i]) + (normalize ? mixed / divisor : mixed)
        }
    }

    /// TIES with one model: B − A (a Float subtraction, as mergekit subtracts in the tensors'
    /// dtype: which entries tie at the threshold depends on it) trimmed by magnitude, then `combine`.
    static func ties(_ a: [Float], _ b: [Float], density: Double, weight: Double, normalize: Bool) -> [Double] {
        let delta = zip(a, b).map { Double($1 - $0) }
        let kept = density >= 1 ? Set(delta.indices) : topIndices(delta, density: density)
        let trimmed = delta.indices.map { kept.contains($0) ? delta[$0] : 0 }
        return combine(base: a, deltas: [trimmed], weights: [weight], consensus: true, normalize: normalize)
    }

    static func linear(_ a: [Float], _ b: [Float], baseWeight: Double, weight: Double, normalize: Bool) -> [Double] {
        zip(a, b).map { (baseWeight * Double($0) + weight * Double($1)) / (normalize ? baseWeight + weight : 1) }
    }

    /// Whether `actual` is within `relative` (Float rounding by default; F16's 2⁻¹¹ or BF16's
    /// 2⁻⁸ for values stored so) of `expected`, relative to the tensor's `scale`.
    static func close(_ actual: Float, _ expected: Double, scale: Double, relative: Double = 2e-6) -> Bool {
        let tolerance = relative * max(scale, abs(expected)) + 1e-7
        return abs(Double(actual) - expected) <= tolerance
    }
}
