/// A model as the plan runs it: its file and the file's digest, and for a variant, what it
/// was made from. The journal keeps one per model name and digest (``Journal/models()``).
public struct PlannedModel: Sendable, Equatable {
    public let name: String
    /// The GGUF file workers load (for a variant, in the ``VariantCache``).
    public let path: String
    public let sha256: String
    /// nil for a model file the sweep names.
    public let origin: VariantOrigin?

    public init(name: String, path: String, sha256: String, origin: VariantOrigin? = nil) {
        self.name = name
        self.path = path
        self.sha256 = sha256
        self.origin = origin
    }
}

/// How a variant was made: its recipe (``ModelVariant/recipe``'s JSON) from its parents as
/// they were when it was built, by sweep name and file digest.
public struct VariantOrigin: Sendable, Equatable, Codable {
    public let recipe: String
    public let parents: [Parent]

    public struct Parent: Sendable, Equatable, Codable {
        public let name: String
        public let sha256: String

        public init(name: String, sha256: String) {
            self.name = name
            self.sha256 = sha256
        }
    }

    public init(recipe: String, parents: [Parent]) {
        self.recipe = recipe
        self.parents = parents
    }
}
