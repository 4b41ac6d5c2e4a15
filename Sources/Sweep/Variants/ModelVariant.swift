import Engine
import Variants

/// A model the sweep makes from its other models before evaluating it: a quantization of one,
/// or a merge of two. Parents are named as the sweep file names them; the coordinator builds
/// the variant once (``VariantBuilder``) and keeps it in the ``VariantCache``.
public enum ModelVariant: Sendable, Equatable {
    /// `from` quantized to a llama.cpp file type, with llama.cpp's per-tensor type choices.
    case quantize(from: String, type: ModelFileType)
    case merge(MergeVariant)

    /// The sweep models it is made from, in the recipe's order (base first for a merge).
    public var parents: [String] {
        switch self {
        case .quantize(let from, _): [from]
        case .merge(let merge): [merge.base, merge.model]
        }
    }

    /// The recipe as canonical JSON (sorted keys, no whitespace): equal recipes give equal text.
    /// With the parents' digests it names the built file, and the journal keeps it.
    public var recipe: String {
        switch self {
        case .quantize(_, let type):
            #"{"quantize":{"type":"\#(type.rawValue)"}}"#
        case .merge(let merge):
            #"{"merge":\#(merge.recipe.canonicalDescription),"out_type":"\#(merge.outputType.rawValue)"}"#
        }
    }

    /// A short account for logs: "Q4_K_M quantization of BioMistral-7B".
    public var summary: String {
        switch self {
        case .quantize(let from, let type): "\(type) quantization of \(from)"
        case .merge(let merge): "\(merge.recipe.method) merge of \(merge.base) (base) and \(merge.model)"
        }
    }
}

/// A merge of two sweep models with a ``MergeRecipe``.
public struct MergeVariant: Sendable, Equatable {
    /// Model A, the base (mergekit's `base_model`).
    public var base: String
    /// Model B, merged into the base.
    public var model: String
    public var recipe: MergeRecipe
    public var outputType: FloatOutputType
    /// The end of a mergekit config's `layer_range`: the build checks the models have that many
    /// blocks. It does not change the result, so the recipe leaves it out.
    public var layerCount: Int?

    public init(base: String, model: String, recipe: MergeRecipe, outputType: FloatOutputType = .f16, layerCount: Int? = nil) {
        self.base = base
        self.model = model
        self.recipe = recipe
        self.outputType = outputType
        self.layerCount = layerCount
    }
}
