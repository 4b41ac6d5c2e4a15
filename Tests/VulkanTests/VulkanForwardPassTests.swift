@testable import Engine
@testable import EngineVulkan
import Foundation
import GGUF
import Testing
import TestSupport
import VulkanCompute

/// The Vulkan forward pass as a backend: against the CPU engine on the same file, batching and
/// shared prefixes that change nothing, its key-value cache's pages, and its errors. Small
/// synthetic models (one block, a vocabulary of 600), so each test takes seconds on lavapipe.
@Suite(.offThePool, .serialized, .enabled(if: VulkanAvailability.available, VulkanAvailability.skipReason))
struct VulkanForwardPassTests {
    static func modelFile(_ type: ModelFileType, blocks: Int = 1) throws -> String {
        var config = MistralConfig.tiny
        config.blockCount = blocks
        config.vocabularySize = 600
        config.contextLength = 512
        let path = temporaryPath("vulkan-\(type).gguf")
        try SyntheticModel(config: config, fileType: type, seed: 11).write(to: path)
        return path
    }

    static func tokens(_ count: Int, seed: UInt64) -> [Int32] {
        var state = seed
        return (0 ..< count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int32(3 + (state >> 33) % 590)
        }
    }

    /// Bit for bit: the device follows the CPU's arithmetic operation for operation (on
    /// lavapipe; a GPU whose double sums or divisions round otherwise may differ in last bits).
    @Test(arguments: [ModelFileType.q8_0, .q4_K_M, .q4_1, .f16])
    func logitsAreTheCPUEnginesBitForBit(_ type: ModelFileType) throws {
        let path = try Self.modelFile(type, blocks: 2)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try MistralModel(path: path)
        let gpu = try VulkanTransformer(model: model, device: VulkanAvailability.open(), kvCacheBytes: 16 << 20)
        let cpu = Transformer(model: model, threads: 2)
        let prompt = Self.tokens(70, seed: 5)
        let ours = try gpu.evaluate(prompt, appendingTo: gpu.makeSequence())
        let theirs = cpu.evaluate(prompt, appendingTo: cpu.makeSequence())
        let comparison = LogitComparison(ours, theirs)
        print("vulkan vs cpu, \(type): \(comparison)")
        #expect(ours == theirs)
    }

    /// As on the CPU: each sequence's logits are the same bits whatever shares its pass, and a
    /// prefix computed once and continued (its whole blocks shared, its partial block copied)
    /// gives what computing everything gives.
    @Test func batchesAndSharedPrefixesChangeNoBit() throws {
        let path = try Self.modelFile(.q4_K_M)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let gpu = try VulkanTransformer(model: MistralModel(path: path), device: VulkanAvailability.open(), kvCacheBytes: 16 << 20)
        let shared = Self.tokens(37, seed: 1)
        let suffixes = (0 ..< 3).map { Self.tokens(5 + 3 * $0, seed: 100 + UInt64($0)) }
        let alone = try suffixes.map { try gpu.evaluate(shared + $0, appendingTo: gpu.makeSequence()) }

        let prefix = gpu.makeSequence()
        try gpu.append([SequenceTokens(shared, appendingTo: prefix)], batchSize: 512)
        let sequences = suffixes.map { _ in
            let sequence = KVSequence(store: prefix.store, sharing: prefix.fullBlocks, tokens: Array(shared.prefix(32)))
            sequence.appendCopy(of: prefix.blocks[2], count: 5, tokens: shared[32 ..< 37])
            return sequence
        }
        // A pass cut every 7 tokens, across sequences.
        let together = try gpu.evaluate(zip(suffixes, sequences).map { SequenceTokens($0, appendingTo: $1) }, batchSize: 7)
        #expect(together == alone)
    }

    @Test func pagesReturnWhenSequencesAreGone() throws {
        let path = try Self.modelFile(.q8_0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let gpu = try VulkanTransformer(model: MistralModel(path: path), device: VulkanAvailability.open(), kvCacheBytes: 4 << 20)
        let free = gpu.store.freePageCount
        do {
            let sequence = gpu.makeSequence()
            _ = try gpu.evaluate(Self.tokens(40, seed: 2), appendingTo: sequence)
            #expect(gpu.store.freePageCount == free - 3)  // 40 positions: 3 blocks of 16
        }
        #expect(gpu.store.freePageCount == free)
    }

    @Test func aFullCacheIsAnErrorNamingWhatToChange() throws {
        let path = try Self.modelFile(.q8_0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try MistralModel(path: path)
        // One block's page: 1 layer · 16 positions · 64 halves · 2 bytes, keys and values.
        let gpu = try VulkanTransformer(model: model, device: VulkanAvailability.open(), kvCacheBytes: 2 * 16 * 64 * 2 * 2)
        #expect(gpu.store.pageCount == 2)
        #expect(throws: ForwardPassError.keyValueCacheFull(blocksNeeded: 3, blocksFree: 2, bytesPerBlock: 4096)) {
            _ = try gpu.evaluate(Self.tokens(40, seed: 3), appendingTo: gpu.makeSequence())
        }
        #expect(gpu.store.freePageCount == 2, "a refused pass takes no page")
        // The scorer says so as the backend's failure, not the prompt's.
        let scorer = try Scorer(forwardPass: gpu, prefixCacheBytes: 0)
        let long = String(repeating: "tok ", count: 60)
        #expect {
            _ = try scorer.score(prompt: long, letters: ["A", "B"])
        } throws: { error in
            guard let error = error as? ScoringError, case .forwardPass(.keyValueCacheFull) = error else { return false }
            return error.description.contains("--kv-cache-mb")
        }
    }

    @Test func tooLittleDeviceMemoryIsRefusedBeforeUploading() throws {
        let path = try Self.modelFile(.q8_0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let device = try VulkanAvailability.open()
        #expect {
            _ = try VulkanTransformer(model: MistralModel(path: path), device: device, kvCacheBytes: device.description.deviceLocalMemoryBytes)
        } throws: { error in
            guard case .deviceMemory = error as? VulkanBackendError else { return false }
            return "\(error)".contains("lower --kv-cache-mb")
        }
    }

    @Test func aScorerOnTheDeviceAnswersAsOnTheCPU() throws {
        let path = try Self.modelFile(.q4_K_M, blocks: 2)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try MistralModel(path: path)
        let gpu = try BackendSettings(backend: .vulkan, kvCacheBytes: 16 << 20).scorer(for: model)
        let cpu = try BackendSettings(backend: .cpu, threads: 2).scorer(for: model)
        let head = "The following are multiple choice questions. Answer with one letter.\n"
        let group = (0 ..< 4).map { index in
            ScoringRequest(prompt: head + "Question \(index): which one? A. x B. y C. z D. w\nAnswer:", letters: ["A", "B", "C", "D"])
        }
        let ours = try gpu.score(group: group), theirs = try cpu.score(group: group)
        #expect(ours.map(\.bestLetter) == theirs.map(\.bestLetter))
        #expect(ours.map(\.topTokenID) == theirs.map(\.topTokenID))
        for (a, b) in zip(ours, theirs) {
            for (x, y) in zip(a.letters, b.letters) { #expect(abs(x.probability - y.probability) < 1e-3) }
        }
    }
}
