import CVulkan

/// A Vulkan API version, packed as VK_MAKE_API_VERSION packs it (variant 3 bits, major 7,
/// minor 10, patch 12).
public struct VulkanVersion: Sendable, Equatable, Comparable, CustomStringConvertible {
    public let packed: UInt32

    public init(packed: UInt32) { self.packed = packed }

    public init(major: UInt32, minor: UInt32, patch: UInt32 = 0) {
        packed = major << 22 | minor << 12 | patch
    }

    public var major: UInt32 { packed >> 22 & 0x7F }
    public var minor: UInt32 { packed >> 12 & 0x3FF }
    public var patch: UInt32 { packed & 0xFFF }

    /// What the shaders target (`glslc --target-env=vulkan1.2`): subgroup operations and
    /// 8/16-bit types are core there.
    public static let required = VulkanVersion(major: 1, minor: 2)

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (a: VulkanVersion, b: VulkanVersion) -> Bool {
        // The variant bits are 0 for Vulkan; compare what is left.
        (a.packed & 0x1FFF_FFFF) < (b.packed & 0x1FFF_FFFF)
    }
}
