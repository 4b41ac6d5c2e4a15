/// A backend's forward pass: the CPU's ``Transformer`` or a GPU's. Scoring runs through this,
/// so the scorer, the prefix cache and the worker do not care where the arithmetic happens.
///
/// Contract (what makes prefix sharing and any batching safe on every backend): appending
/// tokens to a sequence stores, for each position, keys and values that depend only on the
/// tokens up to it; `evaluate` returns the logits after each segment's last token, which
/// depend only on its own sequence. Segments go through in passes of at most `batchSize`
/// tokens; each sequence appears in one segment at most.
public protocol ForwardPass: AnyObject, Sendable {
    var model: MistralModel { get }
    /// Where this backend keeps sequences' keys and values.
    var kvStore: any KVBlockStore { get }
    /// What its passes did since it was made.
    var statistics: ForwardStatistics { get }
    /// The backend and its device in a few words, for logs, `hello` and the dashboard
    /// ("cpu, avx512-vnni kernels, 16 threads").
    var summary: String { get }

    /// Appends each segment's tokens to its sequence and returns the logits after each
    /// segment's last token, in segment order.
    func evaluate(_ segments: [SequenceTokens], batchSize: Int) throws(ForwardPassError) -> [[Float]]
    /// As `evaluate`, without the output head: for a prefix that other sequences continue.
    func append(_ segments: [SequenceTokens], batchSize: Int) throws(ForwardPassError)
}

extension ForwardPass {
    /// An empty sequence on this backend.
    public func makeSequence() -> KVSequence {
        KVSequence(store: kvStore)
    }

    /// Appends `tokens` to `sequence` and returns the logits after the last one.
    public func evaluate(_ tokens: [Int32], appendingTo sequence: KVSequence, batchSize: Int = 512) throws(ForwardPassError) -> [Float] {
        try evaluate([SequenceTokens(tokens, appendingTo: sequence)], batchSize: batchSize)[0]
    }
}

/// Why a backend's forward pass failed: never the input's fault (the scorer checks that
/// first), so a worker hands its unit back rather than recording the questions as failed.
public enum ForwardPassError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The device failed: `detail` names the call and its result (device lost, out of memory).
    case device(String)
    /// The sequences of one pass need more key-value blocks than the backend's cache holds.
    case keyValueCacheFull(blocksNeeded: Int, blocksFree: Int, bytesPerBlock: Int)

    public var description: String {
        switch self {
        case .device(let detail):
            "the device failed: \(detail)"
        case .keyValueCacheFull(let needed, let free, let bytes):
            "the key-value cache on the device is full: \(needed) more blocks of \(bytes) bytes needed, \(free) free "
                + "(a larger --kv-cache-mb, a smaller --prefix-cache-mb, or fewer sequences per pass)"
        }
    }
}
