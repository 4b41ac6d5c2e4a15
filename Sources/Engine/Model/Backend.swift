/// Where the engine's arithmetic runs: `--backend cpu|vulkan`.
public enum Backend: String, Sendable, CaseIterable, Codable {
    /// The CPU engine (``Transformer``): AVX-512 VNNI kernels where the CPU has them.
    case cpu
    /// A Vulkan device (EngineVulkan's `VulkanTransformer`): a GPU, or lavapipe on the CPU.
    case vulkan
}
