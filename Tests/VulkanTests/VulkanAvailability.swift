import Testing
@testable import VulkanCompute

/// Whether this machine has a Vulkan device to test on, and why not. Tests that need one are
/// skipped, with the reason printed, where it is missing (lavapipe, from Debian's
/// mesa-vulkan-drivers, is enough: it runs Vulkan compute on the CPU).
enum VulkanAvailability {
    /// The opened device, or the error that says what is missing.
    static let device: Result<ComputeDevice, VulkanError> = Result { () throws(VulkanError) in try ComputeDevice() }

    static var available: Bool { (try? device.get()) != nil }

    static var skipReason: Comment {
        switch device {
        case .success: "a Vulkan device is available"
        case let .failure(error): "\(error)"
        }
    }

    /// The device; only called from tests enabled by ``available``.
    static func open() throws -> ComputeDevice { try device.get() }
}
