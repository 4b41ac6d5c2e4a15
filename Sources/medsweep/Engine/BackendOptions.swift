import ArgumentParser
import Engine
import EngineVulkan
import Foundation

extension Backend: ExpressibleByArgument {}

/// `--backend` and `--kv-cache-mb`, shared by every command that runs the engine.
struct BackendOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Where the engine runs: cpu, or vulkan (a GPU through Vulkan; MEDSWEEP_VULKAN_DEVICE=INDEX picks one of "
            + "several, see `medsweep vulkan-info`).", valueName: "cpu|vulkan"))
    var backend: Backend = .cpu

    @Option(name: .customLong("kv-cache-mb"), help: ArgumentHelp(
        "Vulkan only: device memory for the key-value cache, MiB (shared prefixes and the sequences of one pass; "
            + "default: a third of what the weights leave, at most 8192).", valueName: "MiB"))
    var kvCacheMib: Int?

    func validate() throws {
        if let kvCacheMib, !(1 ... 1 << 20).contains(kvCacheMib) { throw ValidationError("--kv-cache-mb \(kvCacheMib) is outside 1...1048576") }
    }

    func settings(threads: Int) -> BackendSettings {
        BackendSettings(backend: backend, threads: threads, kvCacheBytes: kvCacheMib.map { $0 << 20 })
    }

    /// The forward pass for `model`, or exit 2 naming what is missing (no Vulkan loader, no
    /// device, too little device memory, a weight type without a kernel).
    func forwardPassOrExit(for model: MistralModel, threads: Int) throws -> any ForwardPass {
        do {
            return try settings(threads: threads).forwardPass(for: model)
        } catch {
            printError("--backend \(backend.rawValue): \(error)")
            throw badInputExitCode
        }
    }

    /// The same options for a worker process started by `run` or `demo`.
    var workerArguments: [String] {
        ["--backend", backend.rawValue] + (kvCacheMib.map { ["--kv-cache-mb", String($0)] } ?? [])
    }

    /// The checks `forwardPassOrExit` makes before any model is loaded: for vulkan, that a
    /// device opens (a worker says so before it leases anything).
    func deviceOrExit() throws -> String {
        do {
            return try settings(threads: 1).deviceSummary()
        } catch {
            printError("--backend \(backend.rawValue): \(error)")
            throw badInputExitCode
        }
    }
}
