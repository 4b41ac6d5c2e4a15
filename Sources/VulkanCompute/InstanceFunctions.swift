import CVulkan

/// The instance-level functions the backend calls, resolved once per instance.
struct InstanceFunctions {
    let destroyInstance: PFN_vkDestroyInstance
    let enumeratePhysicalDevices: PFN_vkEnumeratePhysicalDevices
    let getPhysicalDeviceProperties2: PFN_vkGetPhysicalDeviceProperties2
    let getPhysicalDeviceFeatures2: PFN_vkGetPhysicalDeviceFeatures2
    let getPhysicalDeviceQueueFamilyProperties: PFN_vkGetPhysicalDeviceQueueFamilyProperties
    let getPhysicalDeviceMemoryProperties: PFN_vkGetPhysicalDeviceMemoryProperties
    let enumerateDeviceExtensionProperties: PFN_vkEnumerateDeviceExtensionProperties
    let createDevice: PFN_vkCreateDevice
    let getDeviceProcAddr: PFN_vkGetDeviceProcAddr

    init(library: VulkanLibrary, instance: VkInstance) throws(VulkanError) {
        func load<F>(_ name: String) throws(VulkanError) -> F { try library.function(name, instance: instance, as: F.self) }
        destroyInstance = try load("vkDestroyInstance")
        enumeratePhysicalDevices = try load("vkEnumeratePhysicalDevices")
        getPhysicalDeviceProperties2 = try load("vkGetPhysicalDeviceProperties2")
        getPhysicalDeviceFeatures2 = try load("vkGetPhysicalDeviceFeatures2")
        getPhysicalDeviceQueueFamilyProperties = try load("vkGetPhysicalDeviceQueueFamilyProperties")
        getPhysicalDeviceMemoryProperties = try load("vkGetPhysicalDeviceMemoryProperties")
        enumerateDeviceExtensionProperties = try load("vkEnumerateDeviceExtensionProperties")
        createDevice = try load("vkCreateDevice")
        getDeviceProcAddr = try load("vkGetDeviceProcAddr")
    }
}
