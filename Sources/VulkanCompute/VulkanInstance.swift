import CVulkan

/// A Vulkan instance and the physical devices it sees.
///
/// `@unchecked Sendable`: the handle and function table are immutable after `init`; Vulkan
/// lets any thread use an instance except for its destruction, which `deinit` does once.
final class VulkanInstance: @unchecked Sendable {
    let library: VulkanLibrary
    let handle: VkInstance
    let functions: InstanceFunctions
    /// The version asked for: the loader's, capped at 1.3 (the newest whose structures the
    /// Debian headers describe).
    let apiVersion: VulkanVersion

    init(library: VulkanLibrary) throws(VulkanError) {
        let loaderVersion = try library.instanceVersion()
        guard loaderVersion >= .required else { throw .apiVersionTooOld(found: loaderVersion, needed: .required) }
        let apiVersion = min(loaderVersion, VulkanVersion(major: 1, minor: 3))
        let create = try library.function("vkCreateInstance", instance: nil, as: PFN_vkCreateInstance.self)

        var instance: VkInstance?
        let result = "medsweep".withCString { name in
            var application = VkApplicationInfo()
            application.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO
            application.pApplicationName = name
            application.pEngineName = name
            application.apiVersion = apiVersion.packed
            return withUnsafePointer(to: &application) { application in
                var info = VkInstanceCreateInfo()
                info.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO
                info.pApplicationInfo = application
                return create(&info, nil, &instance)
            }
        }
        // A loader that finds no driver at all fails here rather than listing zero devices.
        if result == VK_ERROR_INCOMPATIBLE_DRIVER { throw .noComputeDevice }
        try check(result, "vkCreateInstance")
        guard let instance else { throw .call(function: "vkCreateInstance", result: VK_ERROR_INITIALIZATION_FAILED.rawValue) }
        do {
            functions = try InstanceFunctions(library: library, instance: instance)
        } catch {
            if let destroy = try? library.function("vkDestroyInstance", instance: instance, as: PFN_vkDestroyInstance.self) {
                destroy(instance, nil)
            }
            throw error
        }
        self.library = library
        self.apiVersion = apiVersion
        handle = instance
    }

    deinit { functions.destroyInstance(handle, nil) }

    /// Every physical device, in the loader's order.
    func physicalDevices() throws(VulkanError) -> [VkPhysicalDevice] {
        var count: UInt32 = 0
        try check(functions.enumeratePhysicalDevices(handle, &count, nil), "vkEnumeratePhysicalDevices")
        var devices = [VkPhysicalDevice?](repeating: nil, count: Int(count))
        try check(functions.enumeratePhysicalDevices(handle, &count, &devices), "vkEnumeratePhysicalDevices")
        return devices.prefix(Int(count)).compactMap { $0 }
    }
}
