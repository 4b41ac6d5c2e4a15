import CVulkan

/// What went wrong with Vulkan, named so that a user knows what to install or change.
public enum VulkanError: Error, Equatable, CustomStringConvertible {
    /// dlopen found no loader library.
    case loaderNotFound(library: String, reason: String)
    /// The loader library lacks a function every Vulkan loader exports.
    case missingFunction(String)
    /// The loader speaks an older Vulkan than the backend needs.
    case apiVersionTooOld(found: VulkanVersion, needed: VulkanVersion)
    /// No physical device offers a compute queue (or the loader found no driver at all).
    case noComputeDevice
    /// `MEDSWEEP_VULKAN_DEVICE` names no compute-capable device.
    case deviceSelection(variable: String, value: String, reason: String)
    /// A device without Vulkan 1.2, which the shaders target.
    case deviceTooOld(device: String, version: VulkanVersion, needed: VulkanVersion)
    /// A Vulkan call returned an error code.
    case call(function: String, result: Int32)
    /// No memory type suits a buffer's use.
    case noMemoryType(bytes: Int, wanted: String)
    /// A buffer of the wrong size for a kernel's shape.
    case bufferSize(kernel: String, buffer: String, expected: Int, actual: Int)
    /// A shape a kernel cannot run (zero rows, a length not a whole number of blocks, ...).
    case shape(kernel: String, reason: String)
    /// SPIR-V words that are not a SPIR-V module.
    case invalidSPIRV(name: String, reason: String)
    /// A submission that did not finish in time.
    case timeout(seconds: Double)

    public var description: String {
        switch self {
        case let .loaderNotFound(library, reason):
            "no Vulkan loader: \(library) not found (install libvulkan1): \(reason)"
        case let .missingFunction(name):
            "the Vulkan loader has no \(name)"
        case let .apiVersionTooOld(found, needed):
            "the Vulkan loader supports Vulkan \(found), and the backend needs \(needed) (upgrade libvulkan1)"
        case .noComputeDevice:
            "no Vulkan device with a compute queue (for CPU testing install mesa-vulkan-drivers: lavapipe)"
        case let .deviceSelection(variable, value, reason):
            "\(variable)=\(value): \(reason)"
        case let .deviceTooOld(device, version, needed):
            "Vulkan device \(device) supports Vulkan \(version), and the backend needs \(needed)"
        case let .call(function, result):
            "\(function) failed: \(VulkanError.name(ofResult: result))"
        case let .noMemoryType(bytes, wanted):
            "no Vulkan memory type is \(wanted) for a buffer of \(bytes) bytes"
        case let .bufferSize(kernel, buffer, expected, actual):
            "\(kernel): buffer \(buffer) holds \(actual) bytes, and the shape needs \(expected)"
        case let .shape(kernel, reason):
            "\(kernel): \(reason)"
        case let .invalidSPIRV(name, reason):
            "shader \(name) is not SPIR-V: \(reason)"
        case let .timeout(seconds):
            "a Vulkan submission did not finish within \(seconds) s"
        }
    }

    /// VkResult's name, for messages (the codes a compute backend meets).
    static func name(ofResult result: Int32) -> String {
        switch result {
        case VK_ERROR_OUT_OF_HOST_MEMORY.rawValue: "VK_ERROR_OUT_OF_HOST_MEMORY"
        case VK_ERROR_OUT_OF_DEVICE_MEMORY.rawValue: "VK_ERROR_OUT_OF_DEVICE_MEMORY"
        case VK_ERROR_INITIALIZATION_FAILED.rawValue: "VK_ERROR_INITIALIZATION_FAILED"
        case VK_ERROR_DEVICE_LOST.rawValue: "VK_ERROR_DEVICE_LOST"
        case VK_ERROR_MEMORY_MAP_FAILED.rawValue: "VK_ERROR_MEMORY_MAP_FAILED"
        case VK_ERROR_LAYER_NOT_PRESENT.rawValue: "VK_ERROR_LAYER_NOT_PRESENT"
        case VK_ERROR_EXTENSION_NOT_PRESENT.rawValue: "VK_ERROR_EXTENSION_NOT_PRESENT"
        case VK_ERROR_FEATURE_NOT_PRESENT.rawValue: "VK_ERROR_FEATURE_NOT_PRESENT"
        case VK_ERROR_INCOMPATIBLE_DRIVER.rawValue: "VK_ERROR_INCOMPATIBLE_DRIVER (no driver for this Vulkan version)"
        case VK_ERROR_TOO_MANY_OBJECTS.rawValue: "VK_ERROR_TOO_MANY_OBJECTS"
        case VK_ERROR_OUT_OF_POOL_MEMORY.rawValue: "VK_ERROR_OUT_OF_POOL_MEMORY"
        case VK_ERROR_INVALID_SHADER_NV.rawValue: "VK_ERROR_INVALID_SHADER_NV"
        case VK_TIMEOUT.rawValue: "VK_TIMEOUT"
        default: "VkResult \(result)"
        }
    }
}

/// Throws ``VulkanError/call(function:result:)`` unless `result` is VK_SUCCESS.
@inline(__always)
func check(_ result: VkResult, _ function: @autoclosure () -> String) throws(VulkanError) {
    guard result == VK_SUCCESS else { throw .call(function: function(), result: result.rawValue) }
}
