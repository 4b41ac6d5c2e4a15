import CVulkan

/// Commands recorded into one command buffer by ``ComputeDevice/run(_:)``: dispatches and
/// copies, each followed by a full barrier, so every command sees all earlier results. (A
/// forward pass will want finer barriers; correctness first.)
///
/// Each dispatch gets its own small descriptor pool, freed when the submission has finished:
/// no pool to size in advance, and nothing outlives the fence wait.
public final class CommandRecording {
    let device: ComputeDevice
    let commandBuffer: VkCommandBuffer
    fileprivate var descriptorPools: [VkDescriptorPool] = []
    /// Buffers and pipelines the commands use, kept alive until the fence has signalled.
    fileprivate var retained: [AnyObject] = []
    /// When profiling: the timestamp queries, and the command each one after the first ends.
    fileprivate var queryPool: VkQueryPool?
    fileprivate var timedNames: [String] = []
    fileprivate static let queryCapacity = 16384

    fileprivate init(device: ComputeDevice, commandBuffer: VkCommandBuffer) {
        self.device = device
        self.commandBuffer = commandBuffer
    }

    /// Runs `pipeline` over `groups` workgroups with `buffers` bound to bindings 0, 1, ... and
    /// `pushConstants` as its push-constant block.
    public func dispatch(
        _ pipeline: ComputePipeline, buffers: [StorageBuffer], pushConstants: [UInt32], groups: (x: Int, y: Int, z: Int)
    ) throws(VulkanError) {
        guard buffers.count == pipeline.bindingCount else {
            throw .shape(kernel: pipeline.name, reason: "\(buffers.count) buffers bound, the shader declares \(pipeline.bindingCount)")
        }
        guard pushConstants.count * 4 == pipeline.pushConstantBytes else {
            throw .shape(kernel: pipeline.name, reason: "\(pushConstants.count * 4) bytes of push constants, the shader takes \(pipeline.pushConstantBytes)")
        }
        guard groups.x > 0, groups.y > 0, groups.z > 0, max(groups.x, groups.y, groups.z) <= 65535 else {
            // 65535 is the least maxComputeWorkGroupCount every device offers.
            throw .shape(kernel: pipeline.name, reason: "\(groups) workgroups (each count 1 to 65535)")
        }
        for buffer in buffers where buffer.device !== device {
            throw .shape(kernel: pipeline.name, reason: "a buffer of another device")
        }
        let functions = device.functions, vkDevice = device.handle

        var size = VkDescriptorPoolSize(type: VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, descriptorCount: UInt32(buffers.count))
        var pool: VkDescriptorPool?
        let poolResult = withUnsafePointer(to: &size) { size in
            var info = VkDescriptorPoolCreateInfo()
            info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO
            info.maxSets = 1
            info.poolSizeCount = 1
            info.pPoolSizes = size
            return functions.createDescriptorPool(vkDevice, &info, nil, &pool)
        }
        try check(poolResult, "vkCreateDescriptorPool")
        guard let pool else { throw .call(function: "vkCreateDescriptorPool", result: VK_ERROR_INITIALIZATION_FAILED.rawValue) }
        descriptorPools.append(pool)

        var set: VkDescriptorSet?
        var setLayout: VkDescriptorSetLayout? = pipeline.setLayout
        let setResult = withUnsafePointer(to: &setLayout) { setLayout in
            var info = VkDescriptorSetAllocateInfo()
            info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO
            info.descriptorPool = pool
            info.descriptorSetCount = 1
            info.pSetLayouts = setLayout
            return functions.allocateDescriptorSets(vkDevice, &info, &set)
        }
        try check(setResult, "vkAllocateDescriptorSets")

        var bufferInfos = buffers.map { VkDescriptorBufferInfo(buffer: $0.handle, offset: 0, range: VkDeviceSize(VK_WHOLE_SIZE)) }
        bufferInfos.withUnsafeMutableBufferPointer { infos in
            var writes = (0 ..< buffers.count).map { index in
                var write = VkWriteDescriptorSet()
                write.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET
                write.dstSet = set
                write.dstBinding = UInt32(index)
                write.descriptorCount = 1
                write.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER
                write.pBufferInfo = UnsafePointer(infos.baseAddress! + index)
                return write
            }
            functions.updateDescriptorSets(vkDevice, UInt32(writes.count), &writes, 0, nil)
        }

        functions.cmdBindPipeline(commandBuffer, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.handle)
        functions.cmdBindDescriptorSets(commandBuffer, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.layout, 0, 1, &set, 0, nil)
        if !pushConstants.isEmpty {
            pushConstants.withUnsafeBytes { bytes in
                functions.cmdPushConstants(commandBuffer, pipeline.layout, VkShaderStageFlags(VK_SHADER_STAGE_COMPUTE_BIT.rawValue),
                                           0, UInt32(bytes.count), bytes.baseAddress)
            }
        }
        functions.cmdDispatch(commandBuffer, UInt32(groups.x), UInt32(groups.y), UInt32(groups.z))
        barrier()
        stamp(pipeline.name)
        retained.append(pipeline)
        retained.append(contentsOf: buffers as [AnyObject])
    }

    /// Copies `byteCount` bytes between two buffers.
    public func copy(from source: StorageBuffer, to destination: StorageBuffer, byteCount: Int,
                     sourceOffset: Int = 0, destinationOffset: Int = 0) {
        var region = VkBufferCopy(srcOffset: VkDeviceSize(sourceOffset), dstOffset: VkDeviceSize(destinationOffset), size: VkDeviceSize(byteCount))
        device.functions.cmdCopyBuffer(commandBuffer, source.handle, destination.handle, 1, &region)
        barrier()
        stamp("copy")
        retained.append(source)
        retained.append(destination)
    }

    /// When profiling, a timestamp once every earlier command has finished: the end of `name`'s.
    private func stamp(_ name: String) {
        guard let queryPool, timedNames.count + 1 < Self.queryCapacity else { return }
        timedNames.append(name)
        device.functions.cmdWriteTimestamp(commandBuffer, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, queryPool, UInt32(timedNames.count))
    }

    /// Every earlier compute or transfer write is visible to every later command and to the host.
    private func barrier() {
        var memoryBarrier = VkMemoryBarrier()
        memoryBarrier.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER
        memoryBarrier.srcAccessMask = VkAccessFlags(VK_ACCESS_SHADER_WRITE_BIT.rawValue | VK_ACCESS_TRANSFER_WRITE_BIT.rawValue)
        memoryBarrier.dstAccessMask = VkAccessFlags(VK_ACCESS_SHADER_READ_BIT.rawValue | VK_ACCESS_SHADER_WRITE_BIT.rawValue
            | VK_ACCESS_TRANSFER_READ_BIT.rawValue | VK_ACCESS_TRANSFER_WRITE_BIT.rawValue | VK_ACCESS_HOST_READ_BIT.rawValue)
        let stages = VkPipelineStageFlags(VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT.rawValue | VK_PIPELINE_STAGE_TRANSFER_BIT.rawValue)
        device.functions.cmdPipelineBarrier(commandBuffer, stages, stages | VkPipelineStageFlags(VK_PIPELINE_STAGE_HOST_BIT.rawValue),
                                            0, 1, &memoryBarrier, 0, nil, 0, nil)
    }
}

extension ComputeDevice {
    /// How long a submission may run before ``VulkanError/timeout(seconds:)``: far beyond any
    /// kernel's time, short enough that a hung driver is reported rather than waited on forever.
    static let submissionTimeoutSeconds: Double = 600

    /// Records the commands `body` adds, submits them to the compute queue and waits for them
    /// to finish. One submission at a time per device (the queue and command pool need it).
    /// With `profile`, each command's time on the device is added to it (where the device's
    /// compute queue has timestamps).
    public func run(profile: KernelProfile? = nil, _ body: (CommandRecording) throws(VulkanError) -> Void) throws(VulkanError) {
        lock.lock()
        defer { lock.unlock() }
        var allocation = VkCommandBufferAllocateInfo()
        allocation.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO
        allocation.commandPool = commandPool
        allocation.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY
        allocation.commandBufferCount = 1
        var commandBuffer: VkCommandBuffer?
        try check(functions.allocateCommandBuffers(handle, &allocation, &commandBuffer), "vkAllocateCommandBuffers")
        guard let commandBuffer else { throw .call(function: "vkAllocateCommandBuffers", result: VK_ERROR_INITIALIZATION_FAILED.rawValue) }
        let recording = CommandRecording(device: self, commandBuffer: commandBuffer)
        if profile != nil, let period = description.timestampPeriod, period > 0 {
            var info = VkQueryPoolCreateInfo()
            info.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO
            info.queryType = VK_QUERY_TYPE_TIMESTAMP
            info.queryCount = UInt32(CommandRecording.queryCapacity)
            var pool: VkQueryPool?
            try check(functions.createQueryPool(handle, &info, nil, &pool), "vkCreateQueryPool")
            recording.queryPool = pool
        }
        defer {
            if let pool = recording.queryPool { functions.destroyQueryPool(handle, pool, nil) }
            for pool in recording.descriptorPools { functions.destroyDescriptorPool(handle, pool, nil) }
            var buffer: VkCommandBuffer? = commandBuffer
            functions.freeCommandBuffers(handle, commandPool, 1, &buffer)
        }

        var begin = VkCommandBufferBeginInfo()
        begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO
        begin.flags = VkCommandBufferUsageFlags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT.rawValue)
        try check(functions.beginCommandBuffer(commandBuffer, &begin), "vkBeginCommandBuffer")
        if let pool = recording.queryPool {
            functions.cmdResetQueryPool(commandBuffer, pool, 0, UInt32(CommandRecording.queryCapacity))
            functions.cmdWriteTimestamp(commandBuffer, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, pool, 0)
        }
        try body(recording)
        try check(functions.endCommandBuffer(commandBuffer), "vkEndCommandBuffer")

        var fenceInfo = VkFenceCreateInfo()
        fenceInfo.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO
        var fence: VkFence?
        try check(functions.createFence(handle, &fenceInfo, nil, &fence), "vkCreateFence")
        defer { functions.destroyFence(handle, fence, nil) }
        var submitted: VkCommandBuffer? = commandBuffer
        let submitResult = withUnsafePointer(to: &submitted) { buffers in
            var submit = VkSubmitInfo()
            submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO
            submit.commandBufferCount = 1
            submit.pCommandBuffers = buffers
            return functions.queueSubmit(queue, 1, &submit, fence)
        }
        try check(submitResult, "vkQueueSubmit")
        let timeout = UInt64(Self.submissionTimeoutSeconds * 1e9)
        let waited = functions.waitForFences(handle, 1, &fence, VkBool32(VK_TRUE), timeout)
        if waited == VK_TIMEOUT {
            // The commands may still run: wait for the device before freeing what they use.
            _ = functions.deviceWaitIdle(handle)
            throw .timeout(seconds: Self.submissionTimeoutSeconds)
        }
        try check(waited, "vkWaitForFences")
        if let profile, let pool = recording.queryPool, !recording.timedNames.isEmpty {
            let count = recording.timedNames.count + 1
            var ticks = [UInt64](repeating: 0, count: count)
            let flags = VkQueryResultFlags(VK_QUERY_RESULT_64_BIT.rawValue | VK_QUERY_RESULT_WAIT_BIT.rawValue)
            try check(functions.getQueryPoolResults(handle, pool, 0, UInt32(count), count * 8, &ticks, 8, flags), "vkGetQueryPoolResults")
            let period = description.timestampPeriod ?? 1
            for (index, name) in recording.timedNames.enumerated() {
                profile.add(name, seconds: Double(ticks[index + 1] &- ticks[index]) * period / 1e9)
            }
        }
    }
}
