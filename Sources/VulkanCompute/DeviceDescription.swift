import CVulkan

/// What a physical device is and which of the features the kernels care about it has.
///
/// ```swift
/// let device = try ComputeDevice()
/// print(device.description.name, device.description.subgroupSize)
/// ```
public struct DeviceDescription: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case discreteGPU = "discrete GPU"
        case integratedGPU = "integrated GPU"
        case virtualGPU = "virtual GPU"
        case cpu = "CPU"
        case other

        init(_ type: VkPhysicalDeviceType) {
            switch type {
            case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: self = .discreteGPU
            case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: self = .integratedGPU
            case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: self = .virtualGPU
            case VK_PHYSICAL_DEVICE_TYPE_CPU: self = .cpu
            default: self = .other
            }
        }
    }

    /// The loader's index (vulkaninfo's `GPU<index>`): what `MEDSWEEP_VULKAN_DEVICE` names.
    public var index: Int
    public var name: String
    public var kind: Kind
    public var apiVersion: VulkanVersion
    /// Invocations per subgroup (32 on NVIDIA, 8 on lavapipe with 256-bit vectors).
    public var subgroupSize: Int
    /// Shared memory per workgroup, bytes.
    public var sharedMemoryBytes: Int
    /// The largest device-local heap, bytes: the ceiling for a model's weights.
    public var deviceLocalMemoryBytes: Int
    /// `VK_KHR_cooperative_matrix`: tensor-core matrix products from shaders.
    public var cooperativeMatrix: Bool
    /// Vulkan 1.3's (or `VK_KHR_shader_integer_dot_product`'s) packed int8 dot products.
    public var integerDotProduct: Bool
    /// float16 arithmetic in shaders.
    public var float16: Bool
    /// int8 arithmetic in shaders.
    public var int8: Bool
    /// Double arithmetic in shaders (`shaderFloat64`), which the forward pass's exact sums need
    /// (RMS norm and softmax sum in double, as the CPU engine and llama.cpp do).
    public var float64: Bool
    /// Nanoseconds per timestamp tick, or nil where compute queues cannot write timestamps.
    public var timestampPeriod: Double?
    /// A queue family with compute; nil for devices the backend cannot use.
    var computeQueueFamily: UInt32?

    public var summary: String {
        let features = [
            cooperativeMatrix ? "cooperative matrix" : nil, integerDotProduct ? "integer dot product" : nil,
            float16 ? "float16" : nil, int8 ? "int8" : nil, float64 ? "float64" : nil,
        ].compactMap { $0 }
        return "\(name) (\(kind.rawValue), Vulkan \(apiVersion), subgroup \(subgroupSize), "
            + "\(sharedMemoryBytes / 1024) KiB shared, \(deviceLocalMemoryBytes >> 20) MiB device-local"
            + (features.isEmpty ? ")" : "; \(features.joined(separator: ", ")))")
    }
}

extension DeviceDescription {
    /// Reads `device`'s properties, features, queues, memory and extensions.
    init(_ device: VkPhysicalDevice, index: Int, instance: VulkanInstance) throws(VulkanError) {
        let functions = instance.functions

        var subgroup = VkPhysicalDeviceSubgroupProperties()
        subgroup.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES
        var properties = VkPhysicalDeviceProperties2()
        properties.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2
        withUnsafeMutablePointer(to: &subgroup) { subgroup in
            properties.pNext = UnsafeMutableRawPointer(subgroup)
            functions.getPhysicalDeviceProperties2(device, &properties)
            properties.pNext = nil
        }
        let core = properties.properties
        let apiVersion = VulkanVersion(packed: core.apiVersion)

        // Vulkan 1.3's feature structure is only valid in the chain of a 1.3 device.
        let has13 = apiVersion >= VulkanVersion(major: 1, minor: 3) && instance.apiVersion >= VulkanVersion(major: 1, minor: 3)
        var features12 = VkPhysicalDeviceVulkan12Features()
        features12.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES
        var features13 = VkPhysicalDeviceVulkan13Features()
        features13.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES
        var features = VkPhysicalDeviceFeatures2()
        features.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2
        withUnsafeMutablePointer(to: &features13) { features13 in
            withUnsafeMutablePointer(to: &features12) { features12 in
                if has13 { features12.pointee.pNext = UnsafeMutableRawPointer(features13) }
                features.pNext = UnsafeMutableRawPointer(features12)
                functions.getPhysicalDeviceFeatures2(device, &features)
                features.pNext = nil
                features12.pointee.pNext = nil
            }
        }

        var familyCount: UInt32 = 0
        functions.getPhysicalDeviceQueueFamilyProperties(device, &familyCount, nil)
        var families = [VkQueueFamilyProperties](repeating: VkQueueFamilyProperties(), count: Int(familyCount))
        functions.getPhysicalDeviceQueueFamilyProperties(device, &familyCount, &families)
        // A compute-only family first (GPUs run it beside graphics), else any with compute.
        let compute = VkQueueFlags(VK_QUEUE_COMPUTE_BIT.rawValue), graphics = VkQueueFlags(VK_QUEUE_GRAPHICS_BIT.rawValue)
        let computeFamilies = families.indices.filter { families[$0].queueFlags & compute != 0 && families[$0].queueCount > 0 }
        let family = computeFamilies.first { families[$0].queueFlags & graphics == 0 } ?? computeFamilies.first

        var memory = VkPhysicalDeviceMemoryProperties()
        functions.getPhysicalDeviceMemoryProperties(device, &memory)
        let heaps = withUnsafeBytes(of: memory.memoryHeaps) { Array($0.bindMemory(to: VkMemoryHeap.self).prefix(Int(memory.memoryHeapCount))) }
        let deviceLocal = VkMemoryHeapFlags(VK_MEMORY_HEAP_DEVICE_LOCAL_BIT.rawValue)
        let largestHeap = heaps.filter { $0.flags & deviceLocal != 0 }.map(\.size).max() ?? 0

        let extensions = try Self.extensionNames(device, functions: functions)

        self.index = index
        name = withUnsafeBytes(of: core.deviceName) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        kind = Kind(core.deviceType)
        self.apiVersion = apiVersion
        subgroupSize = Int(subgroup.subgroupSize)
        sharedMemoryBytes = Int(core.limits.maxComputeSharedMemorySize)
        deviceLocalMemoryBytes = Int(largestHeap)
        cooperativeMatrix = extensions.contains("VK_KHR_cooperative_matrix")
        integerDotProduct = (has13 && features13.shaderIntegerDotProduct != 0)
            || extensions.contains("VK_KHR_shader_integer_dot_product")
        float16 = features12.shaderFloat16 != 0
        int8 = features12.shaderInt8 != 0
        float64 = features.features.shaderFloat64 != 0
        computeQueueFamily = family.map(UInt32.init)
        let timestampBits = family.map { families[$0].timestampValidBits } ?? 0
        timestampPeriod = timestampBits > 0 && core.limits.timestampPeriod > 0 ? Double(core.limits.timestampPeriod) : nil
    }

    private static func extensionNames(_ device: VkPhysicalDevice, functions: InstanceFunctions) throws(VulkanError) -> Set<String> {
        var count: UInt32 = 0
        try check(functions.enumerateDeviceExtensionProperties(device, nil, &count, nil), "vkEnumerateDeviceExtensionProperties")
        var extensions = [VkExtensionProperties](repeating: VkExtensionProperties(), count: Int(count))
        try check(functions.enumerateDeviceExtensionProperties(device, nil, &count, &extensions), "vkEnumerateDeviceExtensionProperties")
        return Set(extensions.prefix(Int(count)).map { property in
            withUnsafeBytes(of: property.extensionName) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        })
    }
}
