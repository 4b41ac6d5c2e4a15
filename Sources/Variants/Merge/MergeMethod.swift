/// A merge method, named as mergekit's `merge_method` names it.
///
/// All five read two models, a base A and a model B; see ``MergeRecipe`` for their parameters
/// and the arithmetic files (`Slerp`, `TaskArithmetic`, `LinearCombination`) for the formulas.
public enum MergeMethod: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Spherical interpolation from A (t = 0) to B (t = 1), per tensor.
    case slerp
    /// TIES: B − A trimmed to its largest entries by magnitude, sign-elected, added to A.
    case ties
    /// DARE then TIES' sign election: B − A with entries dropped at random and rescaled.
    case dareTies = "dare_ties"
    /// DARE without the sign election.
    case dareLinear = "dare_linear"
    /// A weighted average of A and B.
    case linear

    public var description: String { rawValue }

    /// The names accepted, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
