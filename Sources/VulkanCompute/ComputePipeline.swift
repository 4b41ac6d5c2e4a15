import CVulkan

/// A compute shader ready to dispatch: its SPIR-V module, a descriptor set layout of
/// `bindingCount` storage buffers (bindings 0, 1, ... in set 0, as the GLSL declares them) and
/// a push-constant range for its small parameters (shapes, epsilon).
///
/// `@unchecked Sendable`: the handles are immutable after `init`; Vulkan lets any thread
/// record commands that use them.
public final class ComputePipeline: @unchecked Sendable {
    public let name: String
    public let bindingCount: Int
    public let pushConstantBytes: Int
    let device: ComputeDevice
    let handle: VkPipeline
    let layout: VkPipelineLayout
    let setLayout: VkDescriptorSetLayout

    public init(device: ComputeDevice, shader: ShaderCode, bindingCount: Int, pushConstantBytes: Int) throws(VulkanError) {
        try shader.validate()
        guard pushConstantBytes % 4 == 0, pushConstantBytes <= 128 else {
            // 128 bytes is the least every device offers (maxPushConstantsSize).
            throw .shape(kernel: shader.name, reason: "\(pushConstantBytes) bytes of push constants (a multiple of 4, at most 128)")
        }
        let functions = device.functions, vkDevice = device.handle

        var module: VkShaderModule?
        var moduleInfo = VkShaderModuleCreateInfo()
        moduleInfo.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO
        moduleInfo.codeSize = shader.words.count * 4
        let moduleResult = shader.words.withUnsafeBufferPointer { words in
            moduleInfo.pCode = words.baseAddress
            return functions.createShaderModule(vkDevice, &moduleInfo, nil, &module)
        }
        try check(moduleResult, "vkCreateShaderModule (\(shader.name))")
        // The module is only needed while the pipeline is created.
        defer { functions.destroyShaderModule(vkDevice, module, nil) }

        var bindings = (0 ..< bindingCount).map { index in
            var binding = VkDescriptorSetLayoutBinding()
            binding.binding = UInt32(index)
            binding.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER
            binding.descriptorCount = 1
            binding.stageFlags = VkShaderStageFlags(VK_SHADER_STAGE_COMPUTE_BIT.rawValue)
            return binding
        }
        var setLayout: VkDescriptorSetLayout?
        var setInfo = VkDescriptorSetLayoutCreateInfo()
        setInfo.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO
        setInfo.bindingCount = UInt32(bindingCount)
        let setResult = bindings.withUnsafeMutableBufferPointer { bindings in
            setInfo.pBindings = UnsafePointer(bindings.baseAddress)
            return functions.createDescriptorSetLayout(vkDevice, &setInfo, nil, &setLayout)
        }
        try check(setResult, "vkCreateDescriptorSetLayout (\(shader.name))")

        var range = VkPushConstantRange()
        range.stageFlags = VkShaderStageFlags(VK_SHADER_STAGE_COMPUTE_BIT.rawValue)
        range.size = UInt32(pushConstantBytes)
        var layout: VkPipelineLayout?
        let layoutResult = withUnsafePointer(to: &range) { range in
            withUnsafePointer(to: &setLayout) { setLayoutPointer in
                var info = VkPipelineLayoutCreateInfo()
                info.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO
                info.setLayoutCount = 1
                info.pSetLayouts = setLayoutPointer
                info.pushConstantRangeCount = pushConstantBytes > 0 ? 1 : 0
                info.pPushConstantRanges = range
                return functions.createPipelineLayout(vkDevice, &info, nil, &layout)
            }
        }
        guard layoutResult == VK_SUCCESS, let layout else {
            functions.destroyDescriptorSetLayout(vkDevice, setLayout, nil)
            throw .call(function: "vkCreatePipelineLayout (\(shader.name))", result: layoutResult.rawValue)
        }

        var pipeline: VkPipeline?
        let pipelineResult = "main".withCString { entry in
            var stage = VkPipelineShaderStageCreateInfo()
            stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO
            stage.stage = VK_SHADER_STAGE_COMPUTE_BIT
            stage.module = module
            stage.pName = entry
            var info = VkComputePipelineCreateInfo()
            info.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO
            info.stage = stage
            info.layout = layout
            return functions.createComputePipelines(vkDevice, nil, 1, &info, nil, &pipeline)
        }
        guard pipelineResult == VK_SUCCESS, let pipeline else {
            functions.destroyPipelineLayout(vkDevice, layout, nil)
            functions.destroyDescriptorSetLayout(vkDevice, setLayout, nil)
            throw .call(function: "vkCreateComputePipelines (\(shader.name))", result: pipelineResult.rawValue)
        }
        name = shader.name
        self.bindingCount = bindingCount
        self.pushConstantBytes = pushConstantBytes
        self.device = device
        handle = pipeline
        self.layout = layout
        self.setLayout = setLayout!
    }

    deinit {
        device.functions.destroyPipeline(device.handle, handle, nil)
        device.functions.destroyPipelineLayout(device.handle, layout, nil)
        device.functions.destroyDescriptorSetLayout(device.handle, setLayout, nil)
    }
}
