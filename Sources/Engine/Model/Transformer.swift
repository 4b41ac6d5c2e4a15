import Foundation

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
/// Nearly all the time goes into the matrix products (``MatrixMultiply``). A batch may hold
/// tokens of several sequences (``SequenceTokens``): every matrix product takes all their rows
/// at once, and only attention looks at which sequence a row belongs to. Every token's numbers
/// depend only on the token, its position and its own sequence's cache before it, never on
/// which other tokens share its batch, so results are bit-identical for any batch split or
/// composition.
public final class Transformer: ForwardPass, @unchecked Sendable {
    public let model: MistralModel
    public let kernels: KernelSet
    let pool: ThreadPool
    private let multiply: MatrixMultiply
    private let attention: CausalAttention
    private let rotary: RotaryEmbedding
    private let scratch = Scratch()

    // `@unchecked Sendable`: `scratch` and `statistics` are mutable; a transformer runs one
    // forward pass at a time (the scorer owns one per worker), which `evaluate`'s callers
    // guarantee.

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

    /// Sequences' keys and values, in host memory.
    public var kvStore: any KVBlockStore { hostStore }
    private lazy var hostStore = HostKVStore(layerCount: model.config.blockCount, width: model.config.keyValueWidth)

    public var summary: String { "cpu, \(kernels.family.rawValue) kernels, \(threadCount) threads" }

    /// An empty cache for one sequence.
    public func makeSequence() -> KVSequence {
        KVSequence(store: kvStore)
    }

    /// Appends `tokens` to `sequence`, `batchSize` at a time, and returns the logits after
    /// the last one (the next-token scores over the whole vocabulary).
    public func evaluate(_ tokens: [Int32], appendingTo sequence: KVSequence, batchSize: Int = 512) -> [Float] {
        evaluate([SequenceTokens(tokens, appendingTo: sequence)], batchSize: batchSize)[0]
    }

    /// Appends each segment's tokens to its sequence and returns the logits after each
    /// segment's last token, in segment order. The segments' tokens go through the blocks
    /// together, `batchSize` tokens in all per forward pass (a segment may be cut between two),
    /// each attending only to its own sequence. Every result is bit-identical to evaluating
    /// its segment alone. Each sequence appears in one segment at most.
    public func evaluate(_ segments: [SequenceTokens], batchSize: Int = 512) -> [[Float]] {
        run(segments, batchSize: batchSize, wantLogits: true)
    }

    /// Appends each segment's tokens to its sequence, as ``evaluate(_:batchSize:)`` does, but
    /// without the output head: for a prefix that other sequences will continue.
    public func append(_ segments: [SequenceTokens], batchSize: Int = 512) {
        _ = run(segments, batchSize: batchSize, wantLogits: false)
    }

    /// What the forward passes did since the transformer was made: tokens, passes, and the
    /// time spent in attention and in the output head (the rest is the matrix products of the
    /// blocks and the elementwise steps).
    public private(set) var statistics = ForwardStatistics()

    /// Cuts the segments into forward passes of at most `batchSize` tokens.
    private func run(_ segments: [SequenceTokens], batchSize: Int, wantLogits: Bool) -> [[Float]] {
        runInPasses(segments, batchSize: batchSize, wantLogits: wantLogits, forward: forward)
    }

    /// One batch through every block; for each part, the logits of its last token when it
    /// wants them (else empty).
    private func forward(_ parts: [PassPart]) -> [[Float]] {
        let started = DispatchTime.now().uptimeNanoseconds
        let config = model.config
        let d = config.embeddingLength, kv = config.keyValueWidth, ff = config.feedForwardLength
        // Row `t` of the batch: which part it belongs to and its position in that part's sequence.
        var rowPart: [Int] = [], rowPosition: [Int] = [], firstRow: [Int] = []
        for (index, part) in parts.enumerated() {
            let first = part.sequence.length
            precondition(first + part.tokens.count <= config.contextLength, "positions beyond the context length")
            part.sequence.reserve(upTo: first + part.tokens.count)
            firstRow.append(rowPart.count)
            rowPart += repeatElement(index, count: part.tokens.count)
            rowPosition += first ..< first + part.tokens.count
        }
        let n = rowPart.count
        scratch.prepare(tokens: n, config: config)
        let x = scratch.hidden, h = scratch.normed  // (n, d); h up to (n, ff)
        let q = scratch.queries, k = scratch.keys, v = scratch.values  // (n, d), (n, kv), (n, kv)
        let attended = scratch.attended, gate = scratch.gate, up = scratch.up  // (n, d), (n, ff), (n, ff)

        for (index, token) in parts.flatMap(\.tokens).enumerated() {
            model.tokenEmbedding.decodeRow(Int(token), into: x + index * d)
        }
        let angles = rowPosition.map { rotary.angles(at: $0) }
        var attentionNanoseconds: UInt64 = 0

        for (layerIndex, layer) in model.layers.enumerated() {
            pool.parallelFor(n) { t in
                rmsNorm(x + t * d, weight: layer.attentionNorm, epsilon: config.rmsEpsilon, into: h + t * d)
            }
            product(layer.query, h, rows: n, into: q)
            product(layer.key, h, rows: n, into: k, sameInput: true)
            product(layer.value, h, rows: n, into: v, sameInput: true)
            pool.parallelFor(n) { t in
                let sequence = parts[rowPart[t]].sequence, position = rowPosition[t]
                rotary.rotate(q + t * d, heads: config.headCount, angles: angles[t], kernels: kernels)
                rotary.rotate(k + t * kv, heads: config.keyValueHeadCount, angles: angles[t], kernels: kernels)
                withUnsafeTemporaryAllocation(of: UInt16.self, capacity: kv) { keyRow in
                    kernels.attention.storeHalves(k + t * kv, keyRow.baseAddress!, kv)
                    sequence.storeKey(keyRow.baseAddress!, layer: layerIndex, position: position)
                }
                kernels.attention.storeHalves(v + t * kv, sequence.value(layer: layerIndex, position: position), kv)
            }
            let attentionStart = DispatchTime.now().uptimeNanoseconds
            // Each part attends over its own sequence only.
            for (index, part) in parts.enumerated() {
                let row = firstRow[index]
                attention(queries: q + row * d, count: part.tokens.count, firstPosition: rowPosition[row], layer: layerIndex,
                          sequence: part.sequence, output: attended + row * d, pool: pool)
            }
            attentionNanoseconds += DispatchTime.now().uptimeNanoseconds - attentionStart
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
        for part in parts { part.sequence.extend(by: part.tokens) }

        // Only each wanting part's last position goes through the output head, one row per
        // part in one product: scoring needs no other position.
        let headStart = DispatchTime.now().uptimeNanoseconds
        let wanting = parts.indices.filter { parts[$0].wantsLogits }
        var results = [[Float]](repeating: [], count: parts.count)
        if !wanting.isEmpty {
            let vocabulary = config.vocabularySize
            for (row, index) in wanting.enumerated() {
                let last = firstRow[index] + parts[index].tokens.count - 1
                rmsNorm(x + last * d, weight: model.outputNorm, epsilon: config.rmsEpsilon, into: h + row * d)
            }
            var logits = [Float](repeating: 0, count: wanting.count * vocabulary)  // (wanting, vocabulary)
            logits.withUnsafeMutableBufferPointer { out in
                product(model.output, h, rows: wanting.count, into: out.baseAddress!)
            }
            for (row, index) in wanting.enumerated() {
                results[index] = Array(logits[row * vocabulary ..< (row + 1) * vocabulary])
            }
        }
        let finished = DispatchTime.now().uptimeNanoseconds
        statistics.record(
            tokens: n, total: finished - started, attention: attentionNanoseconds, outputHead: finished - headStart,
            headRows: wanting.count)
        return results
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
