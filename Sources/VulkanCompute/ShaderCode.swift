/// A compute shader's SPIR-V, as `scripts/compile-shaders` writes it into
/// `Generated/CompiledShaders.swift` from `Shaders/<name>.comp`.
public struct ShaderCode: Sendable {
    /// The GLSL file's name without `.comp`.
    public let name: String
    public let words: [UInt32]

    public init(name: String, words: [UInt32]) {
        self.name = name
        self.words = words
    }

    static let magic: UInt32 = 0x0723_0203

    /// Checks what can be checked without a driver: a header of five words, the magic number.
    func validate() throws(VulkanError) {
        guard words.count >= 5 else { throw .invalidSPIRV(name: name, reason: "\(words.count) words, fewer than a header's 5") }
        guard words[0] == Self.magic else {
            throw .invalidSPIRV(name: name, reason: "magic number 0x\(String(words[0], radix: 16)), not 0x07230203")
        }
    }
}
