import CVulkan
import Foundation

/// A Vulkan device opened for compute: its queue, its memory types and a command pool.
///
/// ```swift
/// let device = try ComputeDevice()          // MEDSWEEP_VULKAN_DEVICE, else the best GPU
/// print(device.description.summary)
/// ```
///
/// `@unchecked Sendable`: handles and tables are immutable after `init`; the queue and the
/// command pool, which Vulkan requires callers to synchronize, are only used under `lock`
/// (see ``run(_:)``).
public final class ComputeDevice: @unchecked Sendable {
    public let description: DeviceDescription
    let instance: VulkanInstance
    let handle: VkDevice
    let functions: DeviceFunctions
    let queue: VkQueue
    let commandPool: VkCommandPool
    let memoryTypes: [VkMemoryType]
    let lock = NSLock()

    /// Opens the device `MEDSWEEP_VULKAN_DEVICE` names, or the best one (``DeviceChoice``).
    public convenience init() throws(VulkanError) {
        try self.init(libraryName: VulkanLibrary.defaultName,
                      requested: ProcessInfo.processInfo.environment[DeviceChoice.environmentVariable])
    }

    /// Every Vulkan device the loader sees, described (an empty list where there is none).
    public static func availableDevices() throws(VulkanError) -> [DeviceDescription] {
        let instance = try VulkanInstance(library: VulkanLibrary())
        return try instance.physicalDevices().enumerated().map { (index, device) throws(VulkanError) in
            try DeviceDescription(device, index: index, instance: instance)
        }
    }

    init(libraryName: String, requested: String?) throws(VulkanError) {
        let instance = try VulkanInstance(library: VulkanLibrary(name: libraryName))
        let physicalDevices = try instance.physicalDevices()
        let descriptions = try physicalDevices.enumerated().map { (index, device) throws(VulkanError) in
            try DeviceDescription(device, index: index, instance: instance)
        }
        let chosen = try DeviceChoice.choose(from: descriptions, requested: requested)
        let physicalDevice = physicalDevices[chosen.index]
        let family = chosen.computeQueueFamily!  // DeviceChoice returns only devices with one

        var device: VkDevice?
        var priority: Float = 1
        var queueInfo = VkDeviceQueueCreateInfo()
        queueInfo.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO
        queueInfo.queueFamilyIndex = family
        queueInfo.queueCount = 1
        let result = withUnsafePointer(to: &priority) { priority in
            queueInfo.pQueuePriorities = priority
            return withUnsafePointer(to: &queueInfo) { queueInfo in
                var info = VkDeviceCreateInfo()
                info.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO
                info.queueCreateInfoCount = 1
                info.pQueueCreateInfos = queueInfo
                // Doubles where the device has them: the forward pass's exact sums use them.
                var features = VkPhysicalDeviceFeatures()
                features.shaderFloat64 = VkBool32(chosen.float64 ? VK_TRUE : VK_FALSE)
                return withUnsafePointer(to: &features) { features in
                    info.pEnabledFeatures = features
                    return instance.functions.createDevice(physicalDevice, &info, nil, &device)
                }
            }
        }
        try check(result, "vkCreateDevice")
        guard let device else { throw .call(function: "vkCreateDevice", result: VK_ERROR_INITIALIZATION_FAILED.rawValue) }
        let functions: DeviceFunctions
        do {
            functions = try DeviceFunctions(instance: instance, device: device)
        } catch {
            if let destroy = instance.functions.getDeviceProcAddr(device, "vkDestroyDevice") {
                unsafeBitCast(destroy, to: PFN_vkDestroyDevice.self)(device, nil)
            }
            throw error
        }

        var queue: VkQueue?
        functions.getDeviceQueue(device, family, 0, &queue)
        var poolInfo = VkCommandPoolCreateInfo()
        poolInfo.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO
        poolInfo.flags = VkCommandPoolCreateFlags(VK_COMMAND_POOL_CREATE_TRANSIENT_BIT.rawValue)
        poolInfo.queueFamilyIndex = family
        var pool: VkCommandPool?
        let poolResult = functions.createCommandPool(device, &poolInfo, nil, &pool)
        guard poolResult == VK_SUCCESS, let pool, let queue else {
            functions.destroyDevice(device, nil)
            throw .call(function: "vkCreateCommandPool", result: poolResult.rawValue)
        }

        var memory = VkPhysicalDeviceMemoryProperties()
        instance.functions.getPhysicalDeviceMemoryProperties(physicalDevice, &memory)
        memoryTypes = withUnsafeBytes(of: memory.memoryTypes) {
            Array($0.bindMemory(to: VkMemoryType.self).prefix(Int(memory.memoryTypeCount)))
        }
        description = chosen
        self.instance = instance
        handle = device
        self.functions = functions
        self.queue = queue
        commandPool = pool
    }

    deinit {
        _ = functions.deviceWaitIdle(handle)
        functions.destroyCommandPool(handle, commandPool, nil)
        functions.destroyDevice(handle, nil)
    }

    /// The first memory type allowed by `allowed` (a requirements bit mask) with all of
    /// `flags`, or nil.
    func memoryType(allowed: UInt32, flags: VkMemoryPropertyFlags) -> UInt32? {
        memoryTypes.indices.first { allowed >> $0 & 1 == 1 && memoryTypes[$0].propertyFlags & flags == flags }.map(UInt32.init)
    }
}
