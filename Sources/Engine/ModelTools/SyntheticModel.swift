import Dispatch
import GGUF

/// A Mistral-shaped model with random weights, written by medsweep's own writer and quantizer,
/// for benchmarks and the demo (no download needed).
///
/// Weights are drawn as llama.cpp-style initial weights would be: embeddings of unit variance,
/// each matrix with variance 1 / (row length), norm weights near 1. Every tensor's values
/// depend only on the seed and the tensor's name, and rows are generated in parallel in
/// chunks with their own seeds, so a model is the same whatever the core count.
public struct SyntheticModel: Sendable {
    public let config: MistralConfig
    public let fileType: ModelFileType
    public let seed: UInt64

    public init(config: MistralConfig, fileType: ModelFileType, seed: UInt64 = 1) {
        self.config = config
        self.fileType = fileType
        self.seed = seed
    }

    /// Rows generated together, with one seed.
    static let rowsPerChunk = 16

    /// Writes the model to `path`; `progress` is called with each tensor's name as it is written.
    public func write(to path: String, progress: @escaping @Sendable (String) -> Void = { _ in }) throws(GGUFWriteError) {
        var metadata = GGUFMetadata()
        config.write(into: &metadata)
        metadata["general.name"] = .string("medsweep-synthetic-\(fileType)")
        SyntheticVocabulary(size: config.vocabularySize).write(into: &metadata)
        metadata["general.quantization_version"] = .uint32(2)
        metadata["general.file_type"] = .uint32(fileType.llamaFileType)

        var writer = GGUFWriter(metadata: metadata)
        for (name, ne) in config.tensorShapes {
            let type = fileType.tensorType(name: name, ne: ne, blockCount: config.blockCount,
                                           headsPerKeyValueHead: config.headCount / config.keyValueHeadCount)
            let distribution = Self.distribution(of: name, rowLength: ne[0])
            let tensorSeed = seed ^ Self.hash(name)
            try writer.addTensor(name: name, type: type, ne: ne) { bytes in
                progress(name)
                try Self.fill(bytes, type: type, ne: ne, distribution: distribution, seed: tensorSeed)
            }
        }
        try writer.write(to: path)
    }

    /// Mean and standard deviation of a tensor's values.
    static func distribution(of name: String, rowLength: Int) -> (mean: Float, deviation: Float) {
        if name.hasSuffix("norm.weight") { return (1, 0.1) }
        if name == "token_embd.weight" { return (0, 1) }
        return (0, 1 / Float(rowLength).squareRoot())
    }

    private static func fill(
        _ bytes: UnsafeMutableRawBufferPointer, type: GGMLType, ne: [Int],
        distribution: (mean: Float, deviation: Float), seed: UInt64
    ) throws(TensorCodecError) {
        let rowLength = ne[0], rowCount = ne.dropFirst().reduce(1, *)
        let rowBytes = type.byteCount(elements: rowLength)!
        let chunks = (rowCount + rowsPerChunk - 1) / rowsPerChunk
        let output = UnsafeSendableBytes(bytes)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var random = SplitMix64(seed: seed &+ UInt64(chunk) &* 0x9E37_79B9_7F4A_7C15)
            let rows = chunk * rowsPerChunk ..< min(rowCount, (chunk + 1) * rowsPerChunk)
            var values = [Float](repeating: 0, count: rows.count * rowLength)
            for index in values.indices {
                values[index] = distribution.mean + distribution.deviation * random.nextApproximatelyNormal()
            }
            let target = UnsafeMutableRawBufferPointer(
                rebasing: output.bytes[rows.lowerBound * rowBytes ..< rows.upperBound * rowBytes])
            // Cannot fail: the row length was checked against the type when the tensor was added.
            values.withUnsafeBufferPointer { try! type.quantize($0, into: target) }
        }
    }

    /// FNV-1a of the name: a stable per-tensor seed.
    static func hash(_ name: String) -> UInt64 {
        name.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

/// A tensor's output buffer, written by parallel chunks at disjoint byte ranges.
struct UnsafeSendableBytes: @unchecked Sendable {
    let bytes: UnsafeMutableRawBufferPointer
    init(_ bytes: UnsafeMutableRawBufferPointer) { self.bytes = bytes }
}

/// SplitMix64, with a cheap approximately normal sample.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The sum of four 16-bit uniforms from one draw, centred and scaled to unit variance
    /// (Irwin–Hall): bell-shaped, bounded by ±2√3, and far cheaper than Box–Muller.
    mutating func nextApproximatelyNormal() -> Float {
        let bits = next()
        var sum: UInt32 = 0
        for shift in stride(from: 0, to: 64, by: 16) {
            sum += UInt32(truncatingIfNeeded: bits >> UInt64(shift)) & 0xFFFF
        }
        // Each uniform is k / 65536 with variance ~1/12; four sum to mean 2, variance 1/3.
        return (Float(sum) / 65536 - 2) * 1.7320508
    }
}
