import Crypto
import Foundation
import Testing
import TestSupport
@testable import VulkanCompute

/// The committed SPIR-V (Generated/CompiledShaders.swift) is what scripts/compile-shaders
/// makes from the GLSL sources today: no shader edited without recompiling.
@Suite struct ShaderSourceTests {
    static let shaders = Fixtures.projectRoot.appendingPathComponent("Sources/VulkanCompute/Shaders")
    static let generated = Fixtures.projectRoot.appendingPathComponent("Sources/VulkanCompute/Generated/CompiledShaders.swift")

    static let glslcVersion: String? = {
        guard let output = try? CommandRun.run(URL(fileURLWithPath: "/usr/bin/env"), ["glslc", "--version"]), output.status == 0 else { return nil }
        return output.standardOutput.split(separator: "\n").first.map(String.init)
    }()

    /// Needs no tool: each source's SHA-256 against the one recorded at compilation.
    @Test func everySourceIsCompiledAsCommitted() throws {
        // Shaders are recorded by name, the GLSL they include by file name.
        let sources = try FileManager.default.contentsOfDirectory(atPath: Self.shaders.path)
            .filter { $0.hasSuffix(".comp") || $0.hasSuffix(".glsl") }
        func key(_ file: String) -> String { file.hasSuffix(".comp") ? String(file.dropLast(5)) : file }
        #expect(Set(sources.map(key)) == Set(ShaderCode.sourceDigests.keys), "shaders added or removed: run scripts/compile-shaders")
        for source in sources {
            let digest = SHA256.hash(data: try Data(contentsOf: Self.shaders.appendingPathComponent(source)))
            let hex = digest.map { String(format: "%02x", $0) }.joined()
            #expect(ShaderCode.sourceDigests[key(source)] == hex, "\(source) changed since compiled: run scripts/compile-shaders")
        }
    }

    /// With the glslc that compiled them, compiling anew gives the committed file byte for byte
    /// (another glslc version may emit other, equally valid, words).
    @Test(.enabled(if: glslcVersion == ShaderCode.compilerVersion,
                   "needs glslc \(ShaderCode.compilerVersion) (found: \(glslcVersion ?? "none"); apt-get install glslc)"))
    func compilingAgainGivesTheCommittedWords() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("CompiledShaders-\(UUID().uuidString).swift")
        defer { try? FileManager.default.removeItem(at: output) }
        let script = Fixtures.projectRoot.appendingPathComponent("scripts/compile-shaders")
        let run = try CommandRun.run(script, [output.path])
        try #require(run.status == 0, "\(run.standardError)")
        #expect(try Data(contentsOf: output) == Data(contentsOf: Self.generated), "stale SPIR-V: run scripts/compile-shaders and commit")
    }
}
