/// mergekit v0.0.4's linear merge (`mergekit/merge_methods/linear.py`) of base A and model B,
/// both listed with weights: (w_A·A + w_B·B) / (w_A + w_B) with normalize (the default), or
/// w_A·A + w_B·B without. Computed in Double per entry, rounded to Float once (mergekit works
/// in the merge's dtype). mergekit does not guard a zero weight sum; here it is an error.
public enum LinearCombination {
    public static func merge(
        base: inout [Float], model: [Float], baseWeight: Double, weight: Double, normalize: Bool, tensor: String
    ) throws(MergeError) {
        precondition(base.count == model.count)
        let sum = baseWeight + weight
        if normalize && sum == 0 {
            throw .badParameter(field: "base_weight + weight", value: "0",
                                reason: "a normalised linear merge divides by it (tensor '\(tensor)')")
        }
        let divisor = normalize ? sum : 1
        model.withUnsafeBufferPointer { modelValues in
            base.withUnsafeMutableBufferPointer { buffer in
                let a = SharedFloats(buffer), b = SharedFloats(UnsafeMutableBufferPointer(mutating: modelValues))
                ElementChunks.forEach(elements: buffer.count) { _, range in
                    for index in range {
                        a[index] = Float((baseWeight * Double(a[index]) + weight * Double(b[index])) / divisor)
                    }
                }
            }
        }
    }
}
