import Foundation
import Engine
import VulkanCompute

/// What a backend needs besides the model: CPU threads, and the device's key-value cache size.
public struct BackendSettings: Sendable, Equatable {
    public var backend: Backend
    public var threads: Int
    /// The Vulkan backend's key-value cache (shared prefixes and the sequences of one pass);
    /// nil sizes it to the device (``VulkanTransformer/automaticCacheBytes(weights:device:)``).
    public var kvCacheBytes: Int?

    public init(backend: Backend = .cpu, threads: Int = ThreadPool.availableCores, kvCacheBytes: Int? = nil) {
        self.backend = backend
        self.threads = threads
        self.kvCacheBytes = kvCacheBytes
    }

    /// The forward pass `backend` names for `model`. For Vulkan the device is the one
    /// `MEDSWEEP_VULKAN_DEVICE` names, else the best one; errors name what is missing (no
    /// loader, no device, too little device memory, a weight type without a kernel).
    public func forwardPass(for model: MistralModel, progress: (Int, Int) -> Void = { _, _ in }) throws(VulkanBackendError) -> any ForwardPass {
        switch backend {
        case .cpu:
            return Transformer(model: model, threads: threads)
        case .vulkan:
            let device: ComputeDevice
            do {
                device = try SharedDevice.open()
            } catch {
                throw .vulkan(error)
            }
            return try VulkanTransformer(model: model, device: device, kvCacheBytes: kvCacheBytes, progress: progress)
        }
    }

    /// A scorer on this backend. Its prefix cache holds at most half the device's key-value
    /// cache, so a pass's sequences always find free pages.
    public func scorer(for model: MistralModel, prefixCacheBytes: Int = 1 << 30, batchSize: Int = 512) throws(VulkanBackendError) -> Scorer {
        let pass = try forwardPass(for: model)
        let deviceCache = (pass as? VulkanTransformer).map { $0.store.pageCount * $0.store.bytesPerBlock }
        let limit = deviceCache.map { min(prefixCacheBytes, $0 / 2) } ?? prefixCacheBytes
        do {
            return try Scorer(forwardPass: pass, batchSize: batchSize, prefixCacheBytes: limit)
        } catch {
            throw .model("\(error)")
        }
    }
}

/// One device per process: models loaded one after another reuse it (opening a device takes
/// time, and the driver's memory is freed with the models, not the device).
enum SharedDevice {
    nonisolated(unsafe) private static var device: ComputeDevice?
    private static let lock = NSLock()

    static func open() throws(VulkanError) -> ComputeDevice {
        lock.lock()
        defer { lock.unlock() }
        if let device { return device }
        let opened = try ComputeDevice()
        device = opened
        return opened
    }
}

extension BackendSettings {
    /// The backend and its device in a few words ("cpu, avx512-vnni kernels, 16 threads",
    /// "vulkan, NVIDIA H200 (discrete GPU, …)"), opening the device for vulkan: the check a
    /// worker makes before it leases anything.
    public func deviceSummary() throws(VulkanBackendError) -> String {
        switch backend {
        case .cpu:
            return "cpu, \(KernelSet().family.rawValue) kernels, \(threads) threads"
        case .vulkan:
            do {
                return "vulkan, \(try SharedDevice.open().description.summary)"
            } catch {
                throw .vulkan(error)
            }
        }
    }
}
