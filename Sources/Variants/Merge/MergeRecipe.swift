import Foundation

/// What to merge two models with: a method and its parameters, checked and with mergekit's
/// defaults filled in, so two recipes for the same merge are equal and print the same
/// ``canonicalDescription`` (the sweep names a merged variant by a hash of it).
///
/// Parameters, by method (mergekit v0.0.4's names and defaults; `mergekit/merge_methods/`):
///
/// | method        | t        | density | weight | base_weight | normalize | seed |
/// |---------------|----------|---------|--------|-------------|-----------|------|
/// | `slerp`       | required |         |        |             |           |      |
/// | `ties`        |          | 1       | 1      |             | true      |      |
/// | `dare_ties`   |          | 1       | 1      |             | false     | 0    |
/// | `dare_linear` |          | 1       | 1      |             | false     | 0    |
/// | `linear`      |          |         | 1      | 1           | true      |      |
///
/// `weight` is model B's; `base_weight` is base A's, read by `linear` only (mergekit's
/// linear merge with both models listed; the task-vector methods ignore the base's weight, as
/// mergekit does). A parameter a method does not read is an error here (the config reader
/// drops them with a note). `seed` drives DARE's random drops (mergekit's are unseeded).
///
/// ```swift
/// let recipe = try MergeRecipe(method: .ties, density: .constant(0.5), weight: .constant(0.5))
/// print(recipe.canonicalDescription)
/// // {"density":[{"value":0.5}],"method":"ties","normalize":true,"weight":[{"value":0.5}]}
/// ```
public struct MergeRecipe: Sendable, Hashable, Codable, CustomStringConvertible {
    public let method: MergeMethod
    /// SLERP's interpolation factor, 0 (base) to 1 (model).
    public let t: ParameterSchedule?
    /// The fraction of B − A kept: by magnitude (TIES) or at random (DARE); in (0, 1].
    public let density: ParameterSchedule?
    /// Model B's weight.
    public let weight: ParameterSchedule?
    /// Base A's weight (linear only).
    public let baseWeight: ParameterSchedule?
    /// Whether the result is divided by the sum of the weights (see `TaskArithmetic`).
    public let normalize: Bool?
    /// DARE's seed.
    public let seed: UInt64?

    enum CodingKeys: String, CodingKey {
        case method, t, density, weight, normalize, seed
        case baseWeight = "base_weight"
    }

    /// Checks the parameters against `method` and fills in its defaults.
    public init(
        method: MergeMethod, t: ParameterSchedule? = nil, density: ParameterSchedule? = nil,
        weight: ParameterSchedule? = nil, baseWeight: ParameterSchedule? = nil,
        normalize: Bool? = nil, seed: UInt64? = nil
    ) throws(MergeError) {
        self.method = method
        let reads = Self.parametersRead(by: method)
        let given: [(String, Bool)] = [
            ("t", t != nil), ("density", density != nil), ("weight", weight != nil),
            ("base_weight", baseWeight != nil), ("normalize", normalize != nil), ("seed", seed != nil),
        ]
        for (name, isGiven) in given where isGiven && !reads.contains(name) {
            throw .badParameter(field: name, value: "given", reason: "\(method) does not read it (it reads \(reads.joined(separator: ", ")))")
        }
        switch method {
        case .slerp:
            guard let t else { throw .badParameter(field: "t", value: "missing", reason: "slerp needs t") }
            self.t = try Self.checked("t", t) { (0 ... 1).contains($0) ? nil : "must be in [0, 1]" }
            self.density = nil; self.weight = nil; self.baseWeight = nil; self.normalize = nil; self.seed = nil
        case .ties, .dareTies, .dareLinear:
            self.t = nil
            self.density = try Self.checked("density", density ?? .constant(1)) { $0 > 0 && $0 <= 1 ? nil : "must be in (0, 1]" }
            self.weight = try Self.checked("weight", weight ?? .constant(1), Self.finite)
            self.baseWeight = nil
            self.normalize = normalize ?? (method == .ties)
            self.seed = method == .ties ? nil : seed ?? 0
        case .linear:
            self.t = nil; self.density = nil; self.seed = nil
            self.weight = try Self.checked("weight", weight ?? .constant(1), Self.finite)
            self.baseWeight = try Self.checked("base_weight", baseWeight ?? .constant(1), Self.finite)
            self.normalize = normalize ?? true
        }
    }

    /// Decodes and checks a recipe (as ``canonicalDescription`` writes it).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            method: container.decode(MergeMethod.self, forKey: .method),
            t: container.decodeIfPresent(ParameterSchedule.self, forKey: .t),
            density: container.decodeIfPresent(ParameterSchedule.self, forKey: .density),
            weight: container.decodeIfPresent(ParameterSchedule.self, forKey: .weight),
            baseWeight: container.decodeIfPresent(ParameterSchedule.self, forKey: .baseWeight),
            normalize: container.decodeIfPresent(Bool.self, forKey: .normalize),
            seed: container.decodeIfPresent(UInt64.self, forKey: .seed))
    }

    /// The recipe as JSON with sorted keys and no whitespace; equal recipes give equal text.
    public var canonicalDescription: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Cannot fail: every field is a string, a number, a bool or an array of them.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    public var description: String { canonicalDescription }

    /// The parameter names `method` reads.
    public static func parametersRead(by method: MergeMethod) -> [String] {
        switch method {
        case .slerp: ["t"]
        case .ties: ["density", "weight", "normalize"]
        case .dareTies, .dareLinear: ["density", "weight", "normalize", "seed"]
        case .linear: ["weight", "base_weight", "normalize"]
        }
    }

    private static func finite(_ value: Double) -> String? { value.isFinite ? nil : "must be finite" }

    /// The schedule with canonical entries, or the first value `problem` objects to.
    private static func checked(
        _ field: String, _ schedule: ParameterSchedule, _ problem: (Double) -> String?
    ) throws(MergeError) -> ParameterSchedule {
        guard !schedule.entries.isEmpty else { throw .badParameter(field: field, value: "[]", reason: "has no entries") }
        for entry in schedule.entries {
            if case .anchors(let anchors) = entry.value, anchors.isEmpty {
                throw .badParameter(field: field, value: "[]", reason: "a list of anchors needs at least one value")
            }
            for number in entry.value.numbers {
                if let reason = number.isNaN ? "is not a number" : problem(number) {
                    throw .badParameter(field: field, value: "\(number)", reason: reason)
                }
            }
        }
        return ParameterSchedule(schedule.entries.map { ParameterSchedule.Entry(filter: $0.filter, value: $0.value) })
    }
}
