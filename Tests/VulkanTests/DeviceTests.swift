import Testing
import TestSupport
@testable import VulkanCompute

/// Opening a device, and the errors that say what is missing when there is none.
@Suite struct DeviceTests {
    @Test(.enabled(if: VulkanAvailability.available, VulkanAvailability.skipReason))
    func theDeviceDescribesItself() throws {
        let device = try VulkanAvailability.open()
        let description = device.description
        print("Vulkan device: \(description.summary)")
        #expect(!description.name.isEmpty)
        #expect(description.apiVersion >= .required)
        #expect(description.subgroupSize >= 1)
        // Vulkan guarantees 16 KiB of shared memory per workgroup.
        #expect(description.sharedMemoryBytes >= 16384)
        #expect(description.computeQueueFamily != nil)
    }

    @Test func aMissingLoaderIsNamed() {
        #expect {
            _ = try ComputeDevice(libraryName: "libvulkan-absent.so.1", requested: nil)
        } throws: { error in
            let text = "\(error)"
            return text.contains("no Vulkan loader: libvulkan-absent.so.1 not found") && text.contains("install libvulkan1")
        }
    }

    static func described(_ index: Int, _ kind: DeviceDescription.Kind, computeQueue: Bool = true) -> DeviceDescription {
        DeviceDescription(
            index: index, name: "device \(index)", kind: kind, apiVersion: VulkanVersion(major: 1, minor: 3),
            subgroupSize: 32, sharedMemoryBytes: 49152, deviceLocalMemoryBytes: 1 << 30, cooperativeMatrix: false,
            integerDotProduct: false, float16: true, int8: true, float64: true, computeQueueFamily: computeQueue ? 0 : nil)
    }

    @Test func noDeviceIsAClearError() {
        for devices in [[], [Self.described(0, .discreteGPU, computeQueue: false)]] {
            #expect(throws: VulkanError.noComputeDevice) { try DeviceChoice.choose(from: devices, requested: nil) }
        }
        #expect(VulkanError.noComputeDevice.description
            == "no Vulkan device with a compute queue (for CPU testing install mesa-vulkan-drivers: lavapipe)")
    }

    @Test func aDiscreteGPUIsPreferredUnlessOneIsNamed() throws {
        let devices = [Self.described(0, .cpu), Self.described(1, .integratedGPU), Self.described(2, .discreteGPU)]
        #expect(try DeviceChoice.choose(from: devices, requested: nil).index == 2)
        #expect(try DeviceChoice.choose(from: Array(devices.prefix(2)), requested: nil).index == 1)
        #expect(try DeviceChoice.choose(from: devices, requested: "0").index == 0)
        #expect(try DeviceChoice.choose(from: devices, requested: " 1 ").index == 1)
    }

    @Test func aBadDeviceIndexIsNamed() {
        let devices = [Self.described(0, .cpu), Self.described(1, .discreteGPU, computeQueue: false)]
        for (value, expected) in [
            ("7", "MEDSWEEP_VULKAN_DEVICE=7: no such device; 2 Vulkan device(s), numbered from 0"),
            ("gpu", "MEDSWEEP_VULKAN_DEVICE=gpu: not a device index"),
            ("1", "MEDSWEEP_VULKAN_DEVICE=1: device 1 has no compute queue"),
        ] {
            #expect { try DeviceChoice.choose(from: devices, requested: value) } throws: { "\($0)".hasPrefix(expected) }
        }
    }

    @Test(.enabled(if: VulkanAvailability.available, VulkanAvailability.skipReason))
    func pipelinesRefuseWhatIsNotSPIRV() throws {
        let device = try VulkanAvailability.open()
        let notSPIRV = ShaderCode(name: "broken", words: [0xDEAD_BEEF, 0, 0, 0, 0])
        #expect {
            _ = try ComputePipeline(device: device, shader: notSPIRV, bindingCount: 1, pushConstantBytes: 0)
        } throws: { "\($0)" == "shader broken is not SPIR-V: magic number 0xdeadbeef, not 0x07230203" }
        #expect(throws: VulkanError.self) {
            _ = try ComputePipeline(device: device, shader: ShaderCode(name: "empty", words: []), bindingCount: 1, pushConstantBytes: 0)
        }
    }

    @Test(.enabled(if: VulkanAvailability.available, VulkanAvailability.skipReason))
    func buffersRoundTripAndRefuseBadRanges() throws {
        let device = try VulkanAvailability.open()
        for placement in [StorageBuffer.Placement.device, .host] {
            let values: [Float] = (0 ..< 1000).map { Float($0) * 0.5 - 7 }
            let buffer = try StorageBuffer(device: device, values: values, placement: placement)
            #expect(try buffer.read(values.count, as: Float.self) == values)
            #expect(throws: VulkanError.self) { try buffer.read(1001, as: Float.self) }
        }
        #expect { _ = try StorageBuffer(device: device, byteCount: 0) } throws: { "\($0)".contains("a buffer of 0 bytes") }
    }

    @Test(.enabled(if: VulkanAvailability.available, VulkanAvailability.skipReason))
    func dispatchesCheckTheirBindingsAndPushConstants() throws {
        let device = try VulkanAvailability.open()
        let norm = try RMSNorm(device: device)
        let buffer = try StorageBuffer(device: device, byteCount: 64)
        #expect {
            try device.run { commands throws(VulkanError) in try commands.dispatch(norm.pipeline, buffers: [buffer], pushConstants: [1, 2], groups: (1, 1, 1)) }
        } throws: { "\($0)" == "rms_norm: 1 buffers bound, the shader declares 3" }
        #expect {
            try device.run { commands throws(VulkanError) in try commands.dispatch(norm.pipeline, buffers: [buffer, buffer, buffer], pushConstants: [1], groups: (1, 1, 1)) }
        } throws: { "\($0)" == "rms_norm: 4 bytes of push constants, the shader takes 8" }
    }
}
