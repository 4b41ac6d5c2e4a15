import Engine
import GGUF
import VulkanCompute

/// A model's weights uploaded once to the device: every matrix in its GGUF blocks, the norms as
/// floats. The token embedding stays on the host (rows are looked up there and uploaded with
/// each pass's inputs: a pass reads only its tokens' rows).
struct DeviceModelWeights {
    struct Layer {
        let attentionNorm: StorageBuffer
        let query, key, value, attentionOutput: MatrixWeights
        let feedForwardNorm: StorageBuffer
        let gate, up, down: MatrixWeights
    }

    let layers: [Layer]
    let outputNorm: StorageBuffer
    let output: MatrixWeights

    /// Device bytes the weights take (matrices as stored, norms as floats).
    static func byteCount(of model: MistralModel) -> Int {
        let matrices = model.layers.flatMap(\.matrices) + [model.output]
        let norms = (2 * model.layers.count + 1) * model.config.embeddingLength * 4
        return matrices.reduce(norms) { $0 + $1.bytes.count }
    }

    /// The first matrix whose type has no Vulkan kernel, or nil.
    static func unsupportedMatrix(of model: MistralModel) -> WeightMatrix? {
        (model.layers.flatMap(\.matrices) + [model.output]).first { !MatrixWeights.supportedTypes.contains($0.type) }
    }

    init(model: MistralModel, device: ComputeDevice, progress: (Int, Int) -> Void) throws(VulkanError) {
        func upload(_ matrix: WeightMatrix) throws(VulkanError) -> MatrixWeights {
            try MatrixWeights(device: device, type: matrix.type, rows: matrix.rows, columns: matrix.columns, bytes: matrix.bytes)
        }
        var layers: [Layer] = []
        for (index, layer) in model.layers.enumerated() {
            layers.append(Layer(
                attentionNorm: try StorageBuffer(device: device, values: layer.attentionNorm),
                query: try upload(layer.query), key: try upload(layer.key), value: try upload(layer.value),
                attentionOutput: try upload(layer.attentionOutput),
                feedForwardNorm: try StorageBuffer(device: device, values: layer.feedForwardNorm),
                gate: try upload(layer.gate), up: try upload(layer.up), down: try upload(layer.down)))
            progress(index + 1, model.layers.count)
        }
        self.layers = layers
        outputNorm = try StorageBuffer(device: device, values: model.outputNorm)
        output = try upload(model.output)
    }
}
