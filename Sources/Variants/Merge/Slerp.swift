import Foundation

/// Spherical linear interpolation of two whole tensors, as mergekit v0.0.4 computes it
/// (`mergekit/merge_methods/slerp.py`, `slerp`).
///
/// mergekit flattens nothing explicitly but reduces over all elements, so the tensors act as
/// vectors v0 (base A) and v1 (model B). In its order:
///
/// 1. Norms ‖v0‖, ‖v1‖; a normalised copy is v / ‖v‖ when ‖v‖ > 1e-8, else v unchanged.
/// 2. dot = Σ of the normalised copies' products.
/// 3. If |dot| > 0.9995 (`DOT_THRESHOLD`): linear interpolation (1 − t)·v0 + t·v1.
/// 4. Else θ0 = acos(dot), θt = θ0·t, s0 = sin(θ0 − θt) / sin θ0, s1 = sin θt / sin θ0, and
///    the result s0·v0 + s1·v1 — on the *unnormalised* tensors.
///
/// t = 0 gives A, t = 1 gives B. A zero tensor has dot 0, so θ0 = π/2 (not the linear branch).
///
/// Precision: mergekit converts both tensors to float32 numpy arrays and works there; its
/// scalars (dot, θ, s0, s1) end up in float64 under NumPy 1's promotion, and each product
/// s·v and their sum are float32 array operations. Here the reductions (norms, dot) are
/// summed in Double (chunk sums added in chunk order, so the result does not depend on the
/// core count), with the normalisation folded in as Σ v0·v1 / (n0·n1) where n is ‖v‖ if it
/// exceeds 1e-8, else 1; the scalars are Double; s0 and s1 are rounded to Float and each
/// element is `Float(s0)·a + Float(s1)·b` in Float (two rounded products, a rounded sum,
/// no fused multiply-add), as numpy does it.
public enum Slerp {
    /// Above this |dot| the tensors count as parallel and are interpolated linearly.
    public static let dotThreshold = 0.9995
    /// Norms at or below this are not normalised.
    public static let normEpsilon = 1e-8

    /// The two coefficients (s0 for A, s1 for B) for interpolating `base` to `model` at `t`.
    public static func coefficients(t: Double, base: UnsafeBufferPointer<Float>, model: UnsafeBufferPointer<Float>) -> (base: Float, model: Float) {
        precondition(base.count == model.count)
        let a = SharedFloats(UnsafeMutableBufferPointer(mutating: base))
        let b = SharedFloats(UnsafeMutableBufferPointer(mutating: model))
        let sums = ElementChunks.map(elements: base.count) { range -> (aa: Double, bb: Double, ab: Double) in
            var aa = 0.0, bb = 0.0, ab = 0.0
            for index in range {
                let x = Double(a[index]), y = Double(b[index])
                aa += x * x
                bb += y * y
                ab += x * y
            }
            return (aa, bb, ab)
        }
        var aa = 0.0, bb = 0.0, ab = 0.0
        for sum in sums {
            aa += sum.aa
            bb += sum.bb
            ab += sum.ab
        }
        let normA = aa.squareRoot(), normB = bb.squareRoot()
        let dot = ab / ((normA > normEpsilon ? normA : 1) * (normB > normEpsilon ? normB : 1))
        if abs(dot) > dotThreshold {
            return (Float(1 - t), Float(t))
        }
        let theta0 = acos(dot)
        let sinTheta0 = sin(theta0)
        let thetaT = theta0 * t
        return (Float(sin(theta0 - thetaT) / sinTheta0), Float(sin(thetaT) / sinTheta0))
    }

    /// Replaces `base` by its interpolation towards `model` at `t`.
    public static func interpolate(t: Double, base: inout [Float], model: [Float]) {
        precondition(base.count == model.count, "slerp of tensors of \(base.count) and \(model.count) elements")
        model.withUnsafeBufferPointer { modelValues in
            base.withUnsafeMutableBufferPointer { baseValues in
                let (s0, s1) = coefficients(t: t, base: UnsafeBufferPointer(baseValues), model: modelValues)
                let a = SharedFloats(baseValues)
                let b = SharedFloats(UnsafeMutableBufferPointer(mutating: modelValues))
                ElementChunks.forEach(elements: baseValues.count) { _, range in
                    for index in range {
                        let fromBase = s0 * a[index]
                        let fromModel = s1 * b[index]
                        a[index] = fromBase + fromModel
                    }
                }
            }
        }
    }
}
