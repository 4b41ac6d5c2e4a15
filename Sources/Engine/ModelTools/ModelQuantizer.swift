import Dispatch
import GGUF
import Synchronization

/// Rewrites a model file with its weights in another ``ModelFileType``, each tensor taking the
/// type llama.cpp's quantizer would give it (``ModelFileType/tensorType(name:ne:blockCount:tiedOutput:)``).
///
/// Every tensor is decoded to floats and encoded again with medsweep's quantizers; a tensor
/// already of its target type is copied byte for byte, as llama.cpp copies it. Metadata is
/// kept, with `general.file_type` set to the new type. A quantized source works too (the demo
/// turns SmolLM2's Q4_1 into Q8_0 and Q4_0), but what the first quantization lost stays lost.
///
/// ```swift
/// try ModelQuantizer(fileType: .q8_0).quantize(GGUFFile(path: "in.gguf"), to: "out.gguf")
/// ```
public struct ModelQuantizer: Sendable {
    public let fileType: ModelFileType

    /// One tensor about to be written.
    public struct Step: Sendable {
        public let index: Int
        public let count: Int
        public let name: String
        public let from: GGMLType
        public let to: GGMLType
    }

    public init(fileType: ModelFileType) {
        self.fileType = fileType
    }

    /// Rows quantized together by one task.
    static let rowsPerChunk = 64

    /// The type each tensor of `source` gets, in the order llama.cpp writes them: tensors of no
    /// block first, then block by block, by name within each (its loader's `weight_name_comparer`).
    public func plan(for source: GGUFFile) -> [(tensor: GGUFTensorInfo, type: GGMLType)] {
        let tied = source[tensorNamed: "output.weight"] == nil
        let blockCount = Self.blockCount(of: source), groupSize = Self.headsPerKeyValueHead(of: source)
        let ordered = source.tensors.sorted { a, b in
            let (blockA, blockB) = (Self.block(of: a.name) ?? -1, Self.block(of: b.name) ?? -1)
            return blockA != blockB ? blockA < blockB : Array(a.name.utf8).lexicographicallyPrecedes(Array(b.name.utf8))
        }
        return ordered.map { tensor in
            (tensor, fileType.tensorType(name: tensor.name, ne: tensor.ne, blockCount: blockCount, tiedOutput: tied,
                                         headsPerKeyValueHead: groupSize, sourceType: tensor.type))
        }
    }

    /// Writes `source` quantized to `path`; `progress` hears of each tensor as it is written.
    public func quantize(
        _ source: GGUFFile, to path: String, progress: @escaping @Sendable (Step) -> Void = { _ in }
    ) throws(ModelQuantizerError) {
        let plan = plan(for: source)
        for (tensor, type) in plan where tensor.type != type {
            guard tensor.type.codec != nil else { throw .cannotDecode(tensor: tensor.name, type: tensor.type) }
            guard type.codec != nil else { throw .cannotEncode(tensor: tensor.name, type: type) }
        }
        var metadata = source.metadata
        metadata["general.file_type"] = .uint32(fileType.llamaFileType)
        metadata["general.quantization_version"] = .uint32(2)
        var writer = GGUFWriter(metadata: metadata)
        do {
            for (index, (tensor, type)) in plan.enumerated() {
                let step = Step(index: index, count: plan.count, name: tensor.name, from: tensor.type, to: type)
                try writer.addTensor(name: tensor.name, type: type, ne: tensor.ne) { bytes in
                    progress(step)
                    try Self.fill(bytes, from: tensor, of: source, as: type)
                }
            }
            try writer.write(to: path)
        } catch {
            throw .write(error)
        }
    }

    /// The tensor's bytes in `type`: copied when it already is, else decoded and encoded in
    /// chunks of rows on every core.
    private static func fill(
        _ bytes: UnsafeMutableRawBufferPointer, from tensor: GGUFTensorInfo, of source: GGUFFile, as type: GGMLType
    ) throws(TensorCodecError) {
        if tensor.type == type {
            source.withRawBytes(of: tensor) { bytes.copyMemory(from: $0) }
            return
        }
        let rowLength = tensor.ne[0], rowCount = tensor.elementCount / max(1, rowLength)
        guard let sourceRowBytes = tensor.type.byteCount(elements: rowLength),
              let targetRowBytes = type.byteCount(elements: rowLength)
        else { throw .countNotWholeBlocks(type, count: rowLength) }
        let output = UnsafeSendableBytes(bytes)
        let failure = FirstFailure()
        source.withRawBytes(of: tensor) { input in
            let input = UnsafeSendableRawBytes(input)
            let chunks = (rowCount + rowsPerChunk - 1) / rowsPerChunk
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let rows = chunk * rowsPerChunk ..< min(rowCount, (chunk + 1) * rowsPerChunk)
                var values = [Float](repeating: 0, count: rows.count * rowLength)
                do throws(TensorCodecError) {
                    try values.withUnsafeMutableBufferPointer { (floats) throws(TensorCodecError) in
                        let encoded = UnsafeRawBufferPointer(
                            rebasing: input.bytes[rows.lowerBound * sourceRowBytes ..< rows.upperBound * sourceRowBytes])
                        try tensor.type.dequantize(encoded, into: floats)
                    }
                    let target = UnsafeMutableRawBufferPointer(
                        rebasing: output.bytes[rows.lowerBound * targetRowBytes ..< rows.upperBound * targetRowBytes])
                    try values.withUnsafeBufferPointer { (floats) throws(TensorCodecError) in try type.quantize(floats, into: target) }
                } catch {
                    failure.record(error)
                }
            }
        }
        if let error = failure.error { throw error }
    }

    /// One more than the largest `blk.N.` index among the tensor names.
    public static func blockCount(of file: GGUFFile) -> Int {
        file.tensors.compactMap { block(of: $0.name) }.max().map { $0 + 1 } ?? 0
    }

    /// Query heads per key-value head, from the first block's query and key widths (1 when the
    /// file has no such tensors).
    static func headsPerKeyValueHead(of file: GGUFFile) -> Int {
        guard let query = file[tensorNamed: "blk.0.attn_q.weight"], let key = file[tensorNamed: "blk.0.attn_k.weight"],
              query.ne.count == 2, key.ne.count == 2, key.ne[1] > 0 else { return 1 }
        return query.ne[1] / key.ne[1]
    }

    /// N of a tensor named `blk.N.…`.
    static func block(of name: String) -> Int? {
        let parts = name.split(separator: ".", maxSplits: 2)
        guard parts.count > 2, parts[0] == "blk" else { return nil }
        return Int(parts[1])
    }
}

/// Why a model could not be quantized.
public enum ModelQuantizerError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotDecode(tensor: String, type: GGMLType)
    case cannotEncode(tensor: String, type: GGMLType)
    case write(GGUFWriteError)

    public var description: String {
        switch self {
        case .cannotDecode(let tensor, let type):
            "tensor \(tensor) is \(type.name), which medsweep cannot decode "
                + "(it decodes \(GGMLType.codecTypes.map(\.name).joined(separator: ", ")))"
        case .cannotEncode(let tensor, let type):
            "tensor \(tensor) would become \(type.name), which medsweep cannot encode"
        case .write(let error):
            "\(error)"
        }
    }
}

/// A tensor's input bytes, read by parallel chunks.
private struct UnsafeSendableRawBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
}

/// The first error of parallel chunks (they cannot throw out of `concurrentPerform`).
private final class FirstFailure: Sendable {
    private let stored = Mutex<TensorCodecError?>(nil)

    var error: TensorCodecError? { stored.withLock { $0 } }

    func record(_ error: TensorCodecError) {
        stored.withLock { if $0 == nil { $0 = error } }
    }
}
