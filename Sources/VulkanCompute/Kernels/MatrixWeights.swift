import GGUF

/// A weight matrix on the device in its GGUF encoding: `rows` rows of `columns` values, each
/// row `type`'s blocks, uploaded once and unchanged (the shaders decode blocks as they read).
///
/// ```swift
/// let weights = try MatrixWeights(device: device, type: .q8_0, rows: 4096, columns: 4096, bytes: tensorBytes)
/// ```
public final class MatrixWeights: Sendable {
    /// The weight types this backend has matrix kernels for: every type the CPU engine reads.
    public static let supportedTypes: Set<GGMLType> = [.f32, .f16, .bf16, .q8_0, .q4_0, .q5_0, .q4_1, .q5_1, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K]

    public let type: GGMLType
    public let rows: Int
    public let columns: Int
    public let buffer: StorageBuffer

    /// Uploads `bytes`, exactly `rows` rows of `columns` values of `type`.
    public init(device: ComputeDevice, type: GGMLType, rows: Int, columns: Int, bytes: UnsafeRawBufferPointer) throws(VulkanError) {
        let kernel = "MatrixWeights(\(type))"
        guard Self.supportedTypes.contains(type) else {
            throw .shape(kernel: kernel, reason: "no Vulkan matrix kernel for \(type) yet (have \(Self.supportedTypes.map { "\($0)" }.sorted().joined(separator: ", ")))")
        }
        guard rows > 0, columns > 0, let rowBytes = type.byteCount(elements: columns) else {
            throw .shape(kernel: kernel, reason: "\(rows) rows of \(columns) columns (a whole number of \(type.elementsPerBlock)-value blocks)")
        }
        guard bytes.count == rows * rowBytes else {
            throw .bufferSize(kernel: kernel, buffer: "weights", expected: rows * rowBytes, actual: bytes.count)
        }
        // Shaders read 32-bit words, and Q8_0's 34-byte (Q4_0's 18-byte, Q5_0's 22-byte, Q3_K's 110-byte, Q6_K's 210-byte)
        // blocks, or an odd count of F16 or BF16 values, may end mid-word: pad to a word.
        buffer = try StorageBuffer(device: device, byteCount: (bytes.count + 3) / 4 * 4)
        try buffer.write(bytes)
        self.type = type
        self.rows = rows
        self.columns = columns
    }
}
