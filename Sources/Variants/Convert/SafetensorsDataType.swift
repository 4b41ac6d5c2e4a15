/// The element types of safetensors tensors the converter reads: the floats a Llama or
/// Mistral checkpoint is published in. Quantized and integer checkpoints are not converted.
public enum SafetensorsDataType: String, Sendable, CaseIterable {
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"

    /// Bytes per element.
    public var byteWidth: Int {
        switch self {
        case .f32: 4
        case .f16, .bf16: 2
        }
    }

    /// Decodes `count` little-endian elements at `source` into `values`, exactly (every F16
    /// and BF16 value is a Float).
    func decode(_ source: UnsafeRawPointer, count: Int, into values: UnsafeMutablePointer<Float>) {
        switch self {
        case .f32:
            for index in 0 ..< count {
                values[index] = Float(bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)))
            }
        case .f16:
            for index in 0 ..< count {
                let bits = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
                values[index] = Float(Float16(bitPattern: bits))
            }
        case .bf16:
            for index in 0 ..< count {
                let bits = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
                values[index] = Float(bitPattern: UInt32(bits) << 16)
            }
        }
    }
}
