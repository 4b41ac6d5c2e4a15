import GGUF
import VulkanCompute

/// Why the Vulkan backend cannot run a model on a device.
public enum VulkanBackendError: Error, Sendable, CustomStringConvertible {
    /// No loader, no device, or a call that failed (``VulkanError`` says which).
    case vulkan(VulkanError)
    /// A weight matrix of a type with no Vulkan kernel.
    case unsupportedType(tensor: String, type: GGMLType)
    case unsupportedShape(String)
    /// The model file itself cannot be scored (its vocabulary): the same on every backend.
    case model(String)
    /// Weights and key-value cache need more device memory than the device has.
    case deviceMemory(needed: Int, weights: Int, cache: Int, available: Int, device: String)

    public var description: String {
        switch self {
        case .vulkan(let error):
            "\(error)"
        case .unsupportedType(let tensor, let type):
            "tensor \(tensor) is \(type), which the Vulkan backend has no kernel for (it has "
                + MatrixWeights.supportedTypes.map { "\($0)" }.sorted().joined(separator: ", ") + "); use --backend cpu"
        case .model(let reason):
            reason
        case .unsupportedShape(let reason):
            "the Vulkan backend does not take \(reason); use --backend cpu"
        case .deviceMemory(let needed, let weights, let cache, let available, let device):
            "the model needs \(needed >> 20) MiB of device memory (weights \(weights >> 20) MiB, key-value cache "
                + "\(cache >> 20) MiB) and \(device) has \(available >> 20) MiB; lower --kv-cache-mb or use --backend cpu"
        }
    }
}
