import Engine

/// Where a tensor sits for mergekit's parameter lookup: its Hugging Face name (what filters
/// match) and its position in [0, 1] along the layers (where anchors are interpolated).
///
/// mergekit (v0.0.4, `mergekit/plan.py`, `MergePlanner.plan` and `plan_slice`) evaluates
/// parameters of layer `i` of a slice of `n` layers at `i / (n − 1)` (at 1 when `n` is 1); the
/// tensors before the layers (`model.embed_tokens`) at 0; the tensors after them
/// (`model.norm`, `lm_head`) at 1. So with anchors, the embedding takes the first anchor and
/// the final norm and output head the last; with a scalar (BioMistral's `value: 0.5`) the
/// position does not matter. medsweep merges whole models, so the slice is all `blockCount`
/// blocks.
public struct TensorPlace: Sendable, Hashable {
    public let huggingFaceName: String
    public let position: Double

    public init(huggingFaceName: String, position: Double) {
        self.huggingFaceName = huggingFaceName
        self.position = position
    }

    /// The place of the GGUF tensor `ggufName` in a model of `blockCount` blocks.
    ///
    /// A name outside ``MistralTensorName``'s table keeps its GGUF name for filter matching;
    /// its position is its block's when it is `blk.N.…`, else 0.
    public init(ggufName: String, blockCount: Int) {
        if let tensor = MistralTensorName(ggufName: ggufName) {
            huggingFaceName = tensor.huggingFaceName
            switch tensor {
            case .tokenEmbedding: position = 0
            case .outputNorm, .output: position = 1
            case .block(let block, _): position = Self.layerPosition(block, of: blockCount)
            }
        } else {
            huggingFaceName = ggufName
            let parts = ggufName.split(separator: ".")
            if parts.count > 2, parts[0] == "blk", let block = Int(parts[1]) {
                position = Self.layerPosition(block, of: blockCount)
            } else {
                position = 0
            }
        }
    }

    /// `i / (n − 1)`, or 1 for a single layer, as mergekit's `plan_slice` computes it.
    public static func layerPosition(_ layer: Int, of layerCount: Int) -> Double {
        layerCount > 1 ? Double(layer) / Double(layerCount - 1) : 1
    }
}
