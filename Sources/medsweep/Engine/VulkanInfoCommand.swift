import ArgumentParser
import Foundation
import VulkanCompute

struct VulkanInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vulkan-info",
        abstract: "List the Vulkan devices --backend vulkan can run on, and the one it picks.",
        discussion: """
            Prints each device the Vulkan loader sees (its index, name, kind, Vulkan version, \
            subgroup size, shared and device-local memory, and the features the kernels use), \
            marking the one --backend vulkan runs on: MEDSWEEP_VULKAN_DEVICE=INDEX when set, else \
            the first discrete GPU, else the first integrated or virtual GPU, else the first \
            device with compute (Mesa's lavapipe runs Vulkan on the CPU).

            Exits with status 2, saying what is missing, when there is no Vulkan loader \
            (apt-get install libvulkan1 mesa-vulkan-drivers) or no usable device.
            """
    )

    func run() throws {
        let devices: [DeviceDescription]
        do {
            devices = try ComputeDevice.availableDevices()
        } catch {
            printError("\(error)")
            throw badInputExitCode
        }
        let requested = ProcessInfo.processInfo.environment[DeviceChoice.environmentVariable]
        let chosen = Result { () throws(VulkanError) in try DeviceChoice.choose(from: devices, requested: requested) }
        for device in devices {
            let mark = (try? chosen.get())?.index == device.index ? "*" : " "
            print("\(mark) \(device.index): \(device.summary)" + (device.float64 ? "" : " (no float64: cannot run the forward pass)"))
        }
        switch chosen {
        case .success(let device):
            print("--backend vulkan runs on device \(device.index)" + (requested == nil ? "" : " (\(DeviceChoice.environmentVariable)=\(requested!))"))
        case .failure(let error):
            printError("\(error)")
            throw badInputExitCode
        }
    }
}
