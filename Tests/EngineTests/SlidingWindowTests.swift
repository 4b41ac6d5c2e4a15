import Engine
import Foundation
import GGUF
import Testing
import TestSupport

/// `llama.attention.sliding_window` is read, and used only when asked (llama.cpp ignores it).
@Suite(.offThePool) struct SlidingWindowTests {
    @Test func windowIsReadAndUsedOnlyWhenAsked() throws {
        let source = try SyntheticModelFiles.write(.q8_0)
        defer { try? FileManager.default.removeItem(atPath: source) }
        let original = try GGUFFile(path: source)
        var writer = GGUFWriter(metadata: original.metadata)
        writer.metadata["llama.attention.sliding_window"] = .uint32(8)
        for tensor in original.tensors {
            try writer.addTensor(name: tensor.name, type: tensor.type, ne: tensor.ne, bytes: original.rawBytes(of: tensor))
        }
        let path = temporaryPath("windowed.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writer.write(to: path)

        let model = try MistralModel(path: path)
        #expect(model.config.slidingWindow == 8)
        #expect(try MistralModel(path: source).config.slidingWindow == nil)

        func logits(_ tokens: [Int32], window: Bool) -> [Float] {
            let transformer = Transformer(model: model, threads: 1, useSlidingWindow: window)
            return transformer.evaluate(tokens, appendingTo: transformer.makeSequence())
        }
        let short: [Int32] = [1, 300, 301, 302, 303, 304]
        let long = short + (305 ..< 329).map(Int32.init)
        #expect(logits(short, window: true) == logits(short, window: false), "within the window nothing changes")
        #expect(logits(long, window: true) != logits(long, window: false), "past it, the oldest positions drop out")
    }
}
