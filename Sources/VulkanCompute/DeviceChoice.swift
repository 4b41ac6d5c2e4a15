import Foundation

/// Which physical device the backend runs on: the one `MEDSWEEP_VULKAN_DEVICE` names (the
/// loader's index, as vulkaninfo numbers them), else the first discrete GPU, else the first
/// integrated or virtual GPU, else the first device with compute (lavapipe, on the CPU).
public enum DeviceChoice {
    public static let environmentVariable = "MEDSWEEP_VULKAN_DEVICE"

    /// The chosen device among `devices`, given the variable's value (nil when unset).
    public static func choose(from devices: [DeviceDescription], requested: String?) throws(VulkanError) -> DeviceDescription {
        let usable = devices.filter { $0.computeQueueFamily != nil && $0.apiVersion >= .required }
        if let requested {
            guard let index = Int(requested.trimmingCharacters(in: .whitespaces)) else {
                throw .deviceSelection(variable: environmentVariable, value: requested, reason: "not a device index (a number, as vulkaninfo numbers GPUs)")
            }
            guard let device = devices.first(where: { $0.index == index }) else {
                throw .deviceSelection(variable: environmentVariable, value: requested,
                                       reason: "no such device; \(devices.count) Vulkan device(s), numbered from 0")
            }
            guard device.computeQueueFamily != nil else {
                throw .deviceSelection(variable: environmentVariable, value: requested, reason: "\(device.name) has no compute queue")
            }
            guard device.apiVersion >= .required else {
                throw .deviceTooOld(device: device.name, version: device.apiVersion, needed: .required)
            }
            return device
        }
        for kind in [DeviceDescription.Kind.discreteGPU, .integratedGPU, .virtualGPU] {
            if let device = usable.first(where: { $0.kind == kind }) { return device }
        }
        if let device = usable.first { return device }
        if let old = devices.first(where: { $0.computeQueueFamily != nil }) {
            throw .deviceTooOld(device: old.name, version: old.apiVersion, needed: .required)
        }
        throw .noComputeDevice
    }
}
