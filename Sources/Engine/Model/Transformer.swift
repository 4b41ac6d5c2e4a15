/// The forward pass of a Mistral model over a batch of tokens, reading and extending a
/// sequence's key-value cache. It reads top to bottom like the math:
///
/// ```
/// x = embed(tokens)
/// for each block:
///     h = rmsnorm(x) · attn_norm
///     q, k, v = h Wq, h Wk, h Wv;  rope(q, k);  cache(k, v)
///     x = x + attention(q, cache) Wo
///     h = rmsnorm(x) · ffn_norm
///     x = x + (silu(h Wgate) ⊙ h Wup) Wdown
/// logits = rmsnorm(x_last) · output_norm · Woutput
/// ```
///
/// Nearly all the time goes into the matrix products (``MatrixMultiply``). Every token's
/// numbers depend only on the token, its position and the cache before it, never on which
/// other tokens share its batch, so results are bit-identical for any batch split.
public final class Transformer: @unchecked Sendable {
    public let model: MistralModel
    public let kernels: KernelSet
    let pool: ThreadPool
    private let multiply: MatrixMultiply
    private let attention: CausalAttention
    private let rotary: RotaryEmbedding
    private let scratch = Scratch()

    // `@unchecked Sendable`: `scratch` is mutable; a transformer runs one forward pass at a
    // time (the scorer owns one per worker), which `evaluate`'s callers guarantee.

    /// - Parameter useSlidingWindow: attend only within the model's sliding window (when its
    ///   metadata has one); off by default, as in llama.cpp, which reads none for this architecture.
    public init(
        model: MistralModel, threads: Int = ThreadPool.availableCores, kernels: KernelSet = KernelSet(),
        useSlidingWindow: Bool = false
    ) {
        self.model = model
        self.kernels = kernels
        pool = ThreadPool(threadCount: max(1, threads))
        multiply = MatrixMultiply(kernels: kernels)
        let config = model.config
        attention = CausalAttention(
            headCount: config.headCount, keyValueHeadCount: config.keyValueHeadCount,
            headDimension: config.headDimension, kernels: kernels.attention,
            slidingWindow: useSlidingWindow ? config.slidingWindow : nil)
        rotary = RotaryEmbedding(
            headDimension: config.headDimension, base: config.ropeFrequencyBase,
            frequencyScale: config.ropeFrequencyScale, frequencyFactors: model.ropeFrequencyFactors)
    }

    public var threadCount: Int { pool.threadCount }

    /// An empty cache for one sequence.
    public func makeSequence() -> KVSequence {
        KVSequence(layerCount: model.config.blockCount, width: model.config.keyValueWidth)
    }

    /// Appends `tokens` to `sequence`, `batchSize` at a time, and returns the logits after
    /// the last one (the next-token scores over the whole vocabulary).
    public func evaluate(_ tokens: [Int32], appendingTo sequence: KVSequence, batchSize: Int = 512) -> [Float] {
        precondition(!tokens.isEmpty, "nothing to evaluate")
        var logits: [Float] = []
        var start = 0
        while start < tokens.count {
            let end = min(tokens.count, start + max(1, batchSize))
            logits = forward(Array(tokens[start ..< end]), sequence: sequence, wantLogits: end == tokens.count)
            start = end
        }
        return logits
    }

    /// One batch through every block; the logits of its last token when `wantLogits`.
    private func forward(_ tokens: [Int32], sequence: KVSequence, wantLogits: Bool) -> [Float] {
        let config = model.config
        let n = tokens.count, d = config.embeddingLength, kv = config.keyValueWidth, ff = config.feedForwardLength
        let first = sequence.length
        precondition(first + n <= config.contextLength, "positions beyond the context length")
        sequence.reserve(upTo: first + n)
        scratch.prepare(tokens: n, config: config)
        let x = scratch.hidden, h = scratch.normed
        let q = scratch.queries, k = scratch.keys, v = scratch.values
        let attended = scratch.attended, gate = scratch.gate, up = scratch.up

        for (index, token) in tokens.enumerated() {
            model.tokenEmbedding.decodeRow(Int(token), into: x + index * d)
        }
        let angles = (0 ..< n).map { rotary.angles(at: first + $0) }

        for (layerIndex, layer) in model.layers.enumerated() {
            pool.parallelFor(n) { t in
                rmsNorm(x + t * d, weight: layer.attentionNorm, epsilon: config.rmsEpsilon, into: h + t * d)
            }
            product(layer.query, h, rows: n, into: q)
            product(layer.key, h, rows: n, into: k, sameInput: true)
            product(layer.value, h, rows: n, into: v, sameInput: true)
            pool.parallelFor(n) { t in
                rotary.rotate(q + t * d, heads: config.headCount, angles: angles[t], kernels: kernels)
                rotary.rotate(k + t * kv, heads: config.keyValueHeadCount, angles: angles[t], kernels: kernels)
                withUnsafeTemporaryAllocation(of: UInt16.self, capacity: kv) { keyRow in
                    kernels.attention.storeHalves(k + t * kv, keyRow.baseAddress!, kv)
                    sequence.storeKey(keyRow.baseAddress!, layer: layerIndex, position: first + t)
                }
                kernels.attention.storeHalves(v + t * kv, sequence.value(layer: layerIndex, position: first + t), kv)
            }
            attention(queries: q, count: n, firstPosition: first, layer: layerIndex,
                      sequence: sequence, output: attended, pool: pool)
            product(layer.attentionOutput, attended, rows: n, into: h)
            pool.parallelFor(n) { t in
                for c in 0 ..< d { x[t * d + c] += h[t * d + c] }
                rmsNorm(x + t * d, weight: layer.feedForwardNorm, epsilon: config.rmsEpsilon, into: h + t * d)
            }
            product(layer.gate, h, rows: n, into: gate)
            product(layer.up, h, rows: n, into: up, sameInput: true)
            pool.parallelFor(n) { t in kernels.swiGLU(gate + t * ff, up + t * ff, ff) }
            product(layer.down, gate, rows: n, into: h)
            pool.parallelFor(n) { t in
                for c in 0 ..< d { x[t * d + c] += h[t * d + c] }
            }
        }
        sequence.length = first + n
        sequence.tokens += tokens
        guard wantLogits else { return [] }

        // Only the last position goes through the output head: scoring needs no other.
        rmsNorm(x + (n - 1) * d, weight: model.outputNorm, epsilon: config.rmsEpsilon, into: h)
        var logits = [Float](repeating: 0, count: config.vocabularySize)
        logits.withUnsafeMutableBufferPointer { out in
            product(model.output, h, rows: 1, into: out.baseAddress!)
        }
        return logits
    }

    /// `output[t] = W input[t]` for `rows` rows of `input`. With `sameInput`, the input is the
    /// previous product's, unchanged, and its conversion is reused when the formats agree.
    private func product(
        _ weights: WeightMatrix, _ input: UnsafeMutablePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>,
        sameInput: Bool = false
    ) {
        let converted = scratch.activations
        if !(sameInput && converted.format == weights.activationFormat && converted.rowCount == rows
            && converted.rowLength == weights.columns) {
            converted.convert(
                input, rowCount: rows, rowLength: weights.columns, stride: weights.columns,
                to: weights.activationFormat, pool: pool, kernels: kernels)
        }
        multiply(weights, converted, into: output, outputStride: weights.rows, pool: pool)
    }
}

/// The forward pass's working memory, grown to the largest batch seen and reused.
private final class Scratch {
    private(set) var capacity = 0
    private(set) var hidden = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private(set) var normed = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private(set) var queries = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private(set) var keys = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private(set) var values = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private(set) var attended = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private(set) var gate = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private(set) var up = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    let activations = ActivationRows()

    func prepare(tokens: Int, config: MistralConfig) {
        guard tokens > capacity else { return }
        release()
        capacity = tokens
        let d = config.embeddingLength, kv = config.keyValueWidth, ff = config.feedForwardLength
        hidden = .allocate(capacity: tokens * d)
        normed = .allocate(capacity: tokens * max(d, ff))
        queries = .allocate(capacity: tokens * d)
        keys = .allocate(capacity: tokens * kv)
        values = .allocate(capacity: tokens * kv)
        attended = .allocate(capacity: tokens * d)
        gate = .allocate(capacity: tokens * ff)
        up = .allocate(capacity: tokens * ff)
    }

    private func release() {
        for buffer in [hidden, normed, queries, keys, values, attended, gate, up] { buffer.deallocate() }
    }

    deinit { release() }
}
