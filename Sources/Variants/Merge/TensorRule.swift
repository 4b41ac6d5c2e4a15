/// A recipe evaluated for one tensor: the method with plain numbers.
public enum TensorRule: Sendable, Equatable {
    case slerp(t: Double)
    /// TIES and DARE: B − A sparsified, weighted, optionally sign-elected, added to A.
    case taskArithmetic(TaskArithmetic.Parameters)
    case linear(baseWeight: Double, weight: Double, normalize: Bool)
}

extension MergeRecipe {
    /// The rule for the tensor at `place` (`name` is its GGUF name, for messages and DARE's
    /// seed). A required parameter (t, weight, base_weight) with no matching entry is an
    /// error; density falls back to mergekit's default, 1.
    public func rule(for name: String, at place: TensorPlace) throws(MergeError) -> TensorRule {
        func value(_ field: String, _ schedule: ParameterSchedule?, default fallback: Double? = nil) throws(MergeError) -> Double {
            if let value = schedule?.value(for: place.huggingFaceName, at: place.position) { return value }
            if let fallback { return fallback }
            throw .missingParameter(field: field, method: method, tensor: name)
        }
        switch method {
        case .slerp:
            return .slerp(t: try value("t", t))
        case .ties, .dareTies, .dareLinear:
            let density = try value("density", density, default: 1)
            let sparsification: TaskArithmetic.Sparsification = switch method {
            case .ties: .magnitude(density: density)
            default: .dropAndRescale(density: density, seed: seed ?? 0)
            }
            return .taskArithmetic(TaskArithmetic.Parameters(
                sparsification: sparsification, weight: try value("weight", weight),
                signConsensus: method != .dareLinear, normalize: normalize ?? false))
        case .linear:
            return .linear(baseWeight: try value("base_weight", baseWeight), weight: try value("weight", weight),
                           normalize: normalize ?? true)
        }
    }
}
