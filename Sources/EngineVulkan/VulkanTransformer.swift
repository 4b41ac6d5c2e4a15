import Dispatch
import Engine
import GGUF
import VulkanCompute

/// The forward pass on a Vulkan device: the CPU ``Transformer``'s steps, as shaders, with the
/// weights uploaded once in their GGUF blocks and the key-value cache on the device
/// (``DeviceKVStore``), in pages that sequences sharing a prefix share.
///
/// ```swift
/// let gpu = try VulkanTransformer(model: model, device: ComputeDevice())
/// let scorer = try Scorer(forwardPass: gpu)
/// ```
///
/// A pass is one submission: embeddings looked up on the host and uploaded with the pass's
/// tables (RoPE angles, cache slots, page tables), then every block, then the output head on
/// the last position of each segment that wants logits, which alone are read back.
public final class VulkanTransformer: ForwardPass, @unchecked Sendable {
    // `@unchecked Sendable`: buffers and statistics change in passes, one at a time (the
    // scorer that owns the transformer runs them), as the CPU Transformer's.
    public let model: MistralModel
    public let device: ComputeDevice
    public let store: DeviceKVStore
    public private(set) var statistics = ForwardStatistics()
    private let weights: DeviceModelWeights
    private let products: MatrixProduct
    private let norm: RMSNorm
    private let elementwise: Elementwise
    private let attention: Attention
    private let workspace: ProductWorkspace
    private let buffers: PassBuffers

    public var kvStore: any KVBlockStore { store }
    /// When set, every pass's kernels are timed on the device into it.
    public var profile: KernelProfile?
    /// Whether the matrix products run on cooperative matrices (tensor cores). Not yet: every
    /// device runs the portable kernels.
    public let usesCooperativeMatrix = false
    public var summary: String { "vulkan, \(device.description.name)" }

    /// Uploads `model`'s weights and makes a key-value cache of `kvCacheBytes` on `device`
    /// (nil: ``automaticCacheBytes(weights:device:)``).
    /// Fails, naming what is missing, when a matrix's type has no kernel, the model's shape
    /// is one the shaders do not take, or weights and cache exceed the device's memory.
    public init(
        model: MistralModel, device: ComputeDevice, kvCacheBytes: Int? = nil, progress: (Int, Int) -> Void = { _, _ in }
    ) throws(VulkanBackendError) {
        let config = model.config
        guard device.description.float64 else {
            throw .unsupportedShape("a device without shaderFloat64 (\(device.description.name)): the exact sums of RMS norm and softmax are in double")
        }
        if let matrix = DeviceModelWeights.unsupportedMatrix(of: model) {
            throw .unsupportedType(tensor: matrix.name, type: matrix.type)
        }
        guard config.headDimension % 2 == 0, config.headDimension <= Attention.maxHeadDimension else {
            throw .unsupportedShape("a head dimension of \(config.headDimension) (the attention shader takes even ones up to \(Attention.maxHeadDimension))")
        }
        let pageBytes = 2 * config.blockCount * KVBlock.positions * config.keyValueWidth * 2
        let weightBytes = DeviceModelWeights.byteCount(of: model)
        let available = device.description.deviceLocalMemoryBytes
        let cacheBytes = kvCacheBytes ?? Self.automaticCacheBytes(weights: weightBytes, device: device.description)
        let pages = max(1, cacheBytes / pageBytes)
        guard weightBytes + pages * pageBytes <= available else {
            throw .deviceMemory(needed: weightBytes + pages * pageBytes, weights: weightBytes, cache: pages * pageBytes,
                                available: available, device: device.description.name)
        }
        do {
            weights = try DeviceModelWeights(model: model, device: device, progress: progress)
            store = try DeviceKVStore(device: device, layerCount: config.blockCount, width: config.keyValueWidth, pageCount: pages)
            products = try MatrixProduct(device: device)
            norm = try RMSNorm(device: device)
            elementwise = try Elementwise(device: device)
            attention = try Attention(device: device)
        } catch {
            throw .vulkan(error)
        }
        self.model = model
        self.device = device
        workspace = ProductWorkspace(device: device)
        buffers = PassBuffers(device: device)
    }

    /// The key-value cache a device gets by default: a third of the memory the weights leave,
    /// at most 8 GiB (room for the activations of large passes, and for other processes).
    public static func automaticCacheBytes(weights: Int, device: DeviceDescription) -> Int {
        min(8 << 30, max(0, device.deviceLocalMemoryBytes - weights) / 3)
    }

    public func evaluate(_ segments: [SequenceTokens], batchSize: Int) throws(ForwardPassError) -> [[Float]] {
        try runInPasses(segments, batchSize: batchSize, wantLogits: true, forward: forward)
    }

    public func append(_ segments: [SequenceTokens], batchSize: Int) throws(ForwardPassError) {
        _ = try runInPasses(segments, batchSize: batchSize, wantLogits: false, forward: forward)
    }

    /// One pass: the parts' tokens through every block, then the head for the parts that want it.
    private func forward(_ parts: [PassPart]) throws(ForwardPassError) -> [[Float]] {
        let started = DispatchTime.now().uptimeNanoseconds
        let config = model.config
        let layout = try PassLayout(parts: parts, store: store, contextLength: config.contextLength)
        let n = layout.rowCount, wanting = parts.indices.filter { parts[$0].wantsLogits }
        do {
            try buffers.prepare(rows: n, pageEntries: layout.pageTable.count, headRows: wanting.count, config: config)
            try writeInputs(parts: parts, layout: layout)
            try device.run(profile: profile) { commands throws(VulkanError) in
                try recordPendingCopies(commands, blocks: layout.blocks)
                for (index, layer) in weights.layers.enumerated() {
                    try recordBlock(commands, layer: layer, index: index, rows: n)
                }
                if !wanting.isEmpty { try recordHead(commands, lastRows: wanting.map { layout.lastRow(of: $0) }) }
            }
        } catch {
            throw .device("\(error)")
        }
        for part in parts { part.sequence.extend(by: part.tokens) }

        var results = [[Float]](repeating: [], count: parts.count)
        if !wanting.isEmpty {
            let vocabulary = config.vocabularySize
            let logits: [Float]
            do {
                logits = try buffers[.logits].read(wanting.count * vocabulary, as: Float.self)
            } catch {
                throw .device("\(error)")
            }
            for (row, index) in wanting.enumerated() {
                results[index] = Array(logits[row * vocabulary ..< (row + 1) * vocabulary])
            }
        }
        statistics.record(tokens: n, total: DispatchTime.now().uptimeNanoseconds - started, headRows: wanting.count)
        return results
    }

    /// The pass's inputs, written before its submission: embeddings into the hidden state,
    /// RoPE tables, cache slots, row info and page table.
    private func writeInputs(parts: [PassPart], layout: PassLayout) throws(VulkanError) {
        let config = model.config, d = config.embeddingLength, n = layout.rowCount
        var embeddings = [Float](repeating: 0, count: n * d)
        embeddings.withUnsafeMutableBufferPointer { rows in
            for (index, token) in parts.flatMap(\.tokens).enumerated() {
                model.tokenEmbedding.decodeRow(Int(token), into: rows.baseAddress! + index * d)
            }
        }
        let angles = layout.positions.flatMap { model.rotaryAngles(at: $0) }
        try write(embeddings, to: .hidden)
        try write(angles, to: .angles)
        try write(layout.slots, to: .slots)
        try write(layout.rowInfo, to: .rowInfo)
        try write(layout.pageTable, to: .pages)
    }

    private func write<Element: BitwiseCopyable>(_ values: [Element], to name: PassBuffers.Name) throws(VulkanError) {
        let written = values.withUnsafeBytes { bytes in Result { () throws(VulkanError) in try buffers[name].write(bytes) } }
        try written.get()
    }

    /// Copies into blocks that continue another block's first positions (a shared prefix's
    /// partial block): in every layer, keys and values, before anything reads them.
    private func recordPendingCopies(_ commands: CommandRecording, blocks: [DeviceKVBlock]) throws(VulkanError) {
        let slotBytes = store.width * 2
        for block in blocks {
            guard let (source, count) = block.pendingCopy else { continue }
            for layer in 0 ..< store.layerCount {
                for cache in [store.keys[layer], store.values[layer]] {
                    commands.copy(from: cache, to: cache, byteCount: count * slotBytes,
                                  sourceOffset: Int(source.page) * KVBlock.positions * slotBytes,
                                  destinationOffset: Int(block.page) * KVBlock.positions * slotBytes)
                }
            }
            block.pendingCopy = nil
        }
    }

    /// One transformer block over the pass's `rows` tokens (the CPU Transformer's steps).
    private func recordBlock(_ commands: CommandRecording, layer: DeviceModelWeights.Layer, index: Int, rows n: Int) throws(VulkanError) {
        let config = model.config, d = config.embeddingLength, ff = config.feedForwardLength
        let x = buffers[.hidden], h = buffers[.normed]
        let q = buffers[.queries], k = buffers[.keys], v = buffers[.values]
        try norm.encode(commands, input: x, weight: layer.attentionNorm, output: h, rows: n, columns: d, epsilon: config.rmsEpsilon)
        try product(commands, layer.query, h, q, n)
        try product(commands, layer.key, h, k, n, sameInput: true)
        try product(commands, layer.value, h, v, n, sameInput: true)
        try elementwise.encodeRoPE(commands, q, angles: buffers[.angles], rows: n, heads: config.headCount, headDimension: config.headDimension)
        try elementwise.encodeRoPE(commands, k, angles: buffers[.angles], rows: n, heads: config.keyValueHeadCount,
                                   headDimension: config.headDimension)
        try attention.encodeStore(commands, keys: k, values: v, slots: buffers[.slots], keyCache: store.keys[index],
                                  valueCache: store.values[index], rows: n, width: config.keyValueWidth)
        try attention.encode(
            commands, queries: q, keyCache: store.keys[index], valueCache: store.values[index], pages: buffers[.pages],
            rowInfo: buffers[.rowInfo], output: buffers[.attended],
            shape: .init(rows: n, heads: config.headCount, keyValueHeads: config.keyValueHeadCount, headDimension: config.headDimension))
        try product(commands, layer.attentionOutput, buffers[.attended], h, n)
        try elementwise.encodeAdd(commands, x, h, count: n * d)
        try norm.encode(commands, input: x, weight: layer.feedForwardNorm, output: h, rows: n, columns: d, epsilon: config.rmsEpsilon)
        try product(commands, layer.gate, h, buffers[.gate], n)
        try product(commands, layer.up, h, buffers[.up], n, sameInput: true)
        try elementwise.encodeSwiGLU(commands, gate: buffers[.gate], up: buffers[.up], count: n * ff, rowLength: ff)
        try product(commands, layer.down, buffers[.gate], h, n)
        try elementwise.encodeAdd(commands, x, h, count: n * d)
    }

    /// The final norm and the output head over the hidden state's rows `lastRows`.
    private func recordHead(_ commands: CommandRecording, lastRows: [Int]) throws(VulkanError) {
        let d = model.config.embeddingLength, rowBytes = d * 4
        for (row, source) in lastRows.enumerated() {
            commands.copy(from: buffers[.hidden], to: buffers[.headInput], byteCount: rowBytes,
                          sourceOffset: source * rowBytes, destinationOffset: row * rowBytes)
        }
        try norm.encode(commands, input: buffers[.headInput], weight: weights.outputNorm, output: buffers[.headNormed],
                        rows: lastRows.count, columns: d, epsilon: model.config.rmsEpsilon)
        try product(commands, weights.output, buffers[.headNormed], buffers[.logits], lastRows.count)
    }

    private func product(
        _ commands: CommandRecording, _ matrix: MatrixWeights, _ input: StorageBuffer, _ output: StorageBuffer, _ rows: Int,
        sameInput: Bool = false
    ) throws(VulkanError) {
        try products.encode(commands, weights: matrix, input: input, output: output, batch: rows, workspace: workspace, sameInput: sameInput)
    }
}
