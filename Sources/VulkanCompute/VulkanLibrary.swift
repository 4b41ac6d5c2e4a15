import CVulkan
#if canImport(Glibc)
import Glibc
#endif

/// The Vulkan loader, opened with dlopen when the backend is asked for: medsweep links no
/// Vulkan library, so it runs, on the CPU, where none is installed. Every other function is
/// found through `vkGetInstanceProcAddr` (and `vkGetDeviceProcAddr` for device functions,
/// which skips the loader's dispatch), as the Vulkan loader interface prescribes.
///
/// `@unchecked Sendable`: the handle and the function pointer never change after `init`, and
/// `dlclose` is never called (a loader is process-wide state; the driver may keep threads).
final class VulkanLibrary: @unchecked Sendable {
    /// The soname of the Vulkan 1.x loader (Debian: libvulkan1).
    static let defaultName = "libvulkan.so.1"

    let name: String
    let getInstanceProcAddr: PFN_vkGetInstanceProcAddr
    private let handle: UnsafeMutableRawPointer

    /// Opens `name` (tests pass a library that does not exist).
    init(name: String = VulkanLibrary.defaultName) throws(VulkanError) {
        guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "dlopen failed"
            throw .loaderNotFound(library: name, reason: reason)
        }
        guard let symbol = dlsym(handle, "vkGetInstanceProcAddr") else {
            throw .missingFunction("vkGetInstanceProcAddr")
        }
        self.name = name
        self.handle = handle
        getInstanceProcAddr = unsafeBitCast(symbol, to: PFN_vkGetInstanceProcAddr.self)
    }

    /// A global or instance-level function (`instance` nil for global ones).
    func function<Function>(_ functionName: String, instance: VkInstance?, as type: Function.Type) throws(VulkanError) -> Function {
        guard let pointer = getInstanceProcAddr(instance, functionName) else { throw .missingFunction(functionName) }
        return unsafeBitCast(pointer, to: type)
    }

    /// The highest instance version the loader supports (1.0 when it predates
    /// `vkEnumerateInstanceVersion`).
    func instanceVersion() throws(VulkanError) -> VulkanVersion {
        guard let pointer = getInstanceProcAddr(nil, "vkEnumerateInstanceVersion") else {
            return VulkanVersion(major: 1, minor: 0)
        }
        let enumerate = unsafeBitCast(pointer, to: PFN_vkEnumerateInstanceVersion.self)
        var version: UInt32 = 0
        try check(enumerate(&version), "vkEnumerateInstanceVersion")
        return VulkanVersion(packed: version)
    }
}
