/// mergekit v0.0.4's generalized task arithmetic (`mergekit/merge_methods/
/// generalized_task_arithmetic.py`), which TIES, DARE-TIES and DARE-linear are instances of.
///
/// For base A and models B₁…Bₘ (the merger passes one model), per tensor:
///
/// 1. Task vectors δᵢ = Bᵢ − A (in Float).
/// 2. Sparsify each δᵢ: ``MagnitudeTrim`` (TIES) or ``DropAndRescale`` (DARE).
/// 3. Weighted deltas dᵢ = wᵢ·δᵢ.
/// 4. With sign consensus (TIES, DARE-TIES; mergekit's `get_mask(method="sum")`): per entry the
///    majority sign is + when Σᵢ dᵢ ≥ 0, else −; maskᵢ = 1 where sign(dᵢ) equals it (so a zero
///    dᵢ, sign 0, is never in the mask); mixed = Σ maskᵢ·dᵢ, divisor = Σ maskᵢ·wᵢ, 0 → 1.
///    Without (DARE-linear): mixed = Σ dᵢ, divisor = Σ wᵢ, |divisor| < 1e-8 → 1.
/// 5. With normalize, mixed /= divisor. Result A + mixed.
///
/// With one model and sign consensus, the mask keeps every entry the sparsification kept
/// (a single nonzero dᵢ always agrees with itself), so with normalize (TIES' default) the
/// weight cancels: A + trimmed δ.
///
/// Precision: mergekit computes in the merge's dtype (bfloat16 for BioMistral); here steps 3–5
/// are in Double per entry and the result is rounded to Float once.
public enum TaskArithmetic {
    public enum Sparsification: Sendable, Equatable {
        case none
        case magnitude(density: Double)
        case dropAndRescale(density: Double, seed: UInt64)
    }

    public struct Parameters: Sendable, Equatable {
        public var sparsification: Sparsification
        public var weight: Double
        public var signConsensus: Bool
        public var normalize: Bool

        public init(sparsification: Sparsification, weight: Double, signConsensus: Bool, normalize: Bool) {
            self.sparsification = sparsification
            self.weight = weight
            self.signConsensus = signConsensus
            self.normalize = normalize
        }
    }

    /// Replaces `base` by the merge with one model; `model` is consumed as scratch space
    /// (it ends as the sparsified delta).
    public static func merge(
        base: inout [Float], model: inout [Float], parameters: Parameters, tensor: String
    ) throws(MergeError) {
        precondition(base.count == model.count)
        subtract(base, from: &model)
        try sparsify(&model, parameters.sparsification, tensor: tensor)
        combine(base: &base, deltas: [model], weights: [parameters.weight],
                signConsensus: parameters.signConsensus, normalize: parameters.normalize)
    }

    /// `values[i] -= base[i]`, in Float.
    static func subtract(_ base: [Float], from values: inout [Float]) {
        base.withUnsafeBufferPointer { baseValues in
            values.withUnsafeMutableBufferPointer { buffer in
                let a = SharedFloats(UnsafeMutableBufferPointer(mutating: baseValues)), b = SharedFloats(buffer)
                ElementChunks.forEach(elements: buffer.count) { _, range in
                    for index in range { b[index] = b[index] - a[index] }
                }
            }
        }
    }

    /// Step 2 on one delta.
    public static func sparsify(_ delta: inout [Float], _ method: Sparsification, tensor: String) throws(MergeError) {
        switch method {
        case .none: break
        case .magnitude(let density): try MagnitudeTrim.apply(&delta, density: density, tensor: tensor)
        case .dropAndRescale(let density, let seed): DropAndRescale.apply(&delta, density: density, seed: seed, tensor: tensor)
        }
    }

    /// Steps 3–5: adds the weighted, sign-elected, optionally normalised deltas to `base`.
    public static func combine(
        base: inout [Float], deltas: [[Float]], weights: [Double], signConsensus: Bool, normalize: Bool
    ) {
        precondition(deltas.count == weights.count && deltas.allSatisfy { $0.count == base.count })
        let weightSum = weights.reduce(0, +)
        let plainDivisor = abs(weightSum) < 1e-8 ? 1 : weightSum
        base.withUnsafeMutableBufferPointer { buffer in
            let a = SharedFloats(buffer)
            withPointers(to: deltas[...]) { d in
                ElementChunks.forEach(elements: buffer.count) { _, range in
                    for index in range {
                        var mixed = 0.0, divisor = plainDivisor
                        if signConsensus {
                            var sum = 0.0
                            for model in d.indices { sum += weights[model] * Double(d[model][index]) }
                            let majority: Double = sum >= 0 ? 1 : -1
                            divisor = 0
                            for model in d.indices {
                                let weighted = weights[model] * Double(d[model][index])
                                if (weighted > 0 && majority > 0) || (weighted < 0 && majority < 0) {
                                    mixed += weighted
                                    divisor += weights[model]
                                }
                            }
                            if divisor == 0 { divisor = 1 }
                        } else {
                            for model in d.indices { mixed += weights[model] * Double(d[model][index]) }
                        }
                        if normalize { mixed /= divisor }
                        a[index] = Float(Double(a[index]) + mixed)
                    }
                }
            }
        }
    }

    /// Calls `body` with pointers to every array's storage, valid for the call.
    private static func withPointers(to arrays: ArraySlice<[Float]>, _ body: ([SharedFloats]) -> Void, _ outer: [SharedFloats] = []) {
        guard let first = arrays.first else { return body(outer) }
        first.withUnsafeBufferPointer { values in
            withPointers(to: arrays.dropFirst(), body, outer + [SharedFloats(UnsafeMutableBufferPointer(mutating: values))])
        }
    }
}
