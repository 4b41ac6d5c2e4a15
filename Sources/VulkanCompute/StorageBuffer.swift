import CVulkan

/// A storage buffer on the device: weights, activations, results.
///
/// `.device` buffers live in device-local memory (a GPU's own); writes and reads go through a
/// host-visible staging buffer and a copy on the queue. Where device-local memory is also
/// host-visible (lavapipe, integrated GPUs, resizable BAR) the buffer is mapped and written
/// directly. `.host` buffers are host-visible and coherent: staging, small per-call inputs.
///
/// `@unchecked Sendable`: the handles are immutable; the mapped bytes are only touched in
/// `write` and `read`, between submissions (``ComputeDevice/run(_:)`` waits for its fence).
public final class StorageBuffer: @unchecked Sendable {
    public enum Placement: Sendable { case device, host }

    public let byteCount: Int
    public let placement: Placement
    let device: ComputeDevice
    let handle: VkBuffer
    private let memory: VkDeviceMemory
    /// The whole buffer mapped, when its memory is host-visible.
    private let mapped: UnsafeMutableRawPointer?

    public init(device: ComputeDevice, byteCount: Int, placement: Placement = .device) throws(VulkanError) {
        guard byteCount > 0 else { throw .shape(kernel: "StorageBuffer", reason: "a buffer of \(byteCount) bytes (Vulkan needs at least 1)") }
        let functions = device.functions
        var info = VkBufferCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO
        info.size = VkDeviceSize(byteCount)
        info.usage = VkBufferUsageFlags(VK_BUFFER_USAGE_STORAGE_BUFFER_BIT.rawValue
            | VK_BUFFER_USAGE_TRANSFER_SRC_BIT.rawValue | VK_BUFFER_USAGE_TRANSFER_DST_BIT.rawValue)
        info.sharingMode = VK_SHARING_MODE_EXCLUSIVE
        var buffer: VkBuffer?
        try check(functions.createBuffer(device.handle, &info, nil, &buffer), "vkCreateBuffer")
        guard let buffer else { throw .call(function: "vkCreateBuffer", result: VK_ERROR_INITIALIZATION_FAILED.rawValue) }

        var requirements = VkMemoryRequirements()
        functions.getBufferMemoryRequirements(device.handle, buffer, &requirements)
        let hostVisible = VkMemoryPropertyFlags(VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT.rawValue | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT.rawValue)
        let deviceLocal = VkMemoryPropertyFlags(VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT.rawValue)
        let typeIndex: UInt32? = switch placement {
        case .device:
            // Device-local and mappable first (no staging needed), then device-local.
            device.memoryType(allowed: requirements.memoryTypeBits, flags: deviceLocal | hostVisible)
                ?? device.memoryType(allowed: requirements.memoryTypeBits, flags: deviceLocal)
                ?? device.memoryType(allowed: requirements.memoryTypeBits, flags: hostVisible)
        case .host:
            device.memoryType(allowed: requirements.memoryTypeBits, flags: hostVisible)
        }
        guard let typeIndex else {
            functions.destroyBuffer(device.handle, buffer, nil)
            throw .noMemoryType(bytes: byteCount, wanted: placement == .host ? "host-visible and coherent" : "device-local or host-visible")
        }
        var allocation = VkMemoryAllocateInfo()
        allocation.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO
        allocation.allocationSize = requirements.size
        allocation.memoryTypeIndex = typeIndex
        var memory: VkDeviceMemory?
        let allocated = functions.allocateMemory(device.handle, &allocation, nil, &memory)
        guard allocated == VK_SUCCESS, let memory else {
            functions.destroyBuffer(device.handle, buffer, nil)
            throw .call(function: "vkAllocateMemory (\(byteCount) bytes)", result: allocated.rawValue)
        }
        var mapped: UnsafeMutableRawPointer?
        var result = functions.bindBufferMemory(device.handle, buffer, memory, 0)
        if result == VK_SUCCESS, device.memoryTypes[Int(typeIndex)].propertyFlags & hostVisible == hostVisible {
            result = functions.mapMemory(device.handle, memory, 0, VkDeviceSize(VK_WHOLE_SIZE), 0, &mapped)
        }
        guard result == VK_SUCCESS else {
            functions.destroyBuffer(device.handle, buffer, nil)
            functions.freeMemory(device.handle, memory, nil)
            throw .call(function: "vkBindBufferMemory/vkMapMemory", result: result.rawValue)
        }
        self.byteCount = byteCount
        self.placement = placement
        self.device = device
        handle = buffer
        self.memory = memory
        self.mapped = mapped
    }

    deinit {
        // Freeing memory unmaps it.
        device.functions.destroyBuffer(device.handle, handle, nil)
        device.functions.freeMemory(device.handle, memory, nil)
    }

    /// Whether the host reads and writes it directly (no staging copy).
    public var isHostVisible: Bool { mapped != nil }

    /// Copies `bytes` into the buffer at `offset`. Not from inside ``ComputeDevice/run(_:)``: a
    /// buffer that is not host-visible is written by a submission of its own.
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) throws(VulkanError) {
        try checkRange(offset, bytes.count, "write")
        guard bytes.count > 0 else { return }
        if let mapped {
            (mapped + offset).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
            return
        }
        let staging = try StorageBuffer(device: device, byteCount: bytes.count, placement: .host)
        try staging.write(bytes)
        try device.run { commands in commands.copy(from: staging, to: self, byteCount: bytes.count, destinationOffset: offset) }
    }

    /// Copies `bytes.count` bytes from the buffer at `offset` into `bytes` (not from inside
    /// ``ComputeDevice/run(_:)``, as `write`).
    public func read(into bytes: UnsafeMutableRawBufferPointer, from offset: Int = 0) throws(VulkanError) {
        try checkRange(offset, bytes.count, "read")
        guard bytes.count > 0 else { return }
        if let mapped {
            bytes.baseAddress!.copyMemory(from: mapped + offset, byteCount: bytes.count)
            return
        }
        let staging = try StorageBuffer(device: device, byteCount: bytes.count, placement: .host)
        try device.run { commands in commands.copy(from: self, to: staging, byteCount: bytes.count, sourceOffset: offset) }
        try staging.read(into: bytes)
    }

    private func checkRange(_ offset: Int, _ count: Int, _ operation: String) throws(VulkanError) {
        guard offset >= 0, count >= 0, offset + count <= byteCount else {
            throw .bufferSize(kernel: "StorageBuffer.\(operation)", buffer: "bytes \(offset)..<\(offset + count)",
                              expected: offset + count, actual: byteCount)
        }
    }
}

extension StorageBuffer {
    /// A buffer holding `values` (weights, activations).
    public convenience init<Element: BitwiseCopyable>(device: ComputeDevice, values: [Element], placement: Placement = .device) throws(VulkanError) {
        try self.init(device: device, byteCount: values.count * MemoryLayout<Element>.stride, placement: placement)
        // withUnsafeBytes rethrows untyped errors: carry the typed one out as a result.
        let written = values.withUnsafeBytes { bytes in Result { () throws(VulkanError) in try write(bytes) } }
        try written.get()
    }

    /// The first `count` values.
    public func read<Element: BitwiseCopyable>(_ count: Int, as type: Element.Type) throws(VulkanError) -> [Element] {
        var values = [Element](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        let done = values.withUnsafeMutableBytes { bytes in Result { () throws(VulkanError) in try read(into: bytes) } }
        try done.get()
        return values
    }
}
