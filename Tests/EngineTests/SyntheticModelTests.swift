import Engine
import Foundation
import GGUF
import Testing
import TestSupport

@Suite(.offThePool) struct SyntheticModelTests {
    @Test func vocabularyHasTheLlamaLayout() {
        let vocabulary = SyntheticVocabulary(size: 32000)
        let distinct = Set(vocabulary.tokens)
        #expect(vocabulary.tokens.count == 32000)
        #expect(distinct.count == 32000)
        #expect(Array(vocabulary.tokens.prefix(4)) == ["<unk>", "<s>", "</s>", "<0x00>"])
        #expect(vocabulary.tokens[3 + 0x0A] == "<0x0A>")
        #expect(vocabulary.tokens[258] == "<0xFF>")
        #expect(vocabulary.types[0] == .unknown && vocabulary.types[1] == .control && vocabulary.types[258] == .byte)
        #expect(vocabulary.tokens[259] == "\u{2581}")
        #expect(distinct.contains("\u{2581}th") && distinct.contains("the"))
        // Normal pieces score lower the later they come.
        #expect(vocabulary.scores[300] > vocabulary.scores[301])
    }

    @Test func tinyModelHasTheConfiguredShapeAndIsReproducible() throws {
        var config = MistralConfig.tiny
        config.blockCount = 1
        let first = temporaryPath("synthetic-a.gguf"), second = temporaryPath("synthetic-b.gguf")
        let third = temporaryPath("synthetic-c.gguf")
        defer { for path in [first, second, third] { try? FileManager.default.removeItem(atPath: path) } }
        try SyntheticModel(config: config, fileType: .q8_0, seed: 3).write(to: first)
        try SyntheticModel(config: config, fileType: .q8_0, seed: 3).write(to: second)
        try SyntheticModel(config: config, fileType: .q8_0, seed: 4).write(to: third)

        let file = try GGUFFile(path: first)
        #expect(file.metadata["llama.block_count"] == .uint32(1))
        #expect(file.metadata["llama.rope.dimension_count"] == .uint32(32))
        #expect(file.metadata["general.file_type"] == .uint32(7))
        #expect(file.tensors.map(\.name) == config.tensorShapes.map(\.name))
        #expect(file.tensors.map(\.ne) == config.tensorShapes.map(\.ne))
        #expect(try file.tensor(named: "blk.0.attn_k.weight").ne == [256, 64])
        #expect(try file.tensor(named: "blk.0.ffn_norm.weight").type == .f32)
        #expect(try file.tensor(named: "output.weight").type == .q8_0)

        let bytes = { (path: String) in try Data(contentsOf: URL(fileURLWithPath: path)) }
        #expect(try bytes(first) == bytes(second))
        #expect(try bytes(first) != bytes(third))
    }

    /// Weights follow the documented distributions.
    @Test func weightsHaveTheIntendedScale() throws {
        var config = MistralConfig.tiny
        config.blockCount = 1
        let path = temporaryPath("synthetic-f32.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SyntheticModel(config: config, fileType: .f32).write(to: path)
        let file = try GGUFFile(path: path)
        for (name, mean, deviation) in [
            ("token_embd.weight", 0.0, 1.0), ("blk.0.ffn_down.weight", 0.0, 1 / 768.0.squareRoot()),
            ("blk.0.attn_norm.weight", 1.0, 0.1),
        ] {
            let values = try file.dequantize(file.tensor(named: name)).map(Double.init)
            let average = values.reduce(0, +) / Double(values.count)
            let spread = (values.map { ($0 - average) * ($0 - average) }.reduce(0, +) / Double(values.count)).squareRoot()
            #expect(abs(average - mean) < 0.1 * max(deviation, 0.1) + 3 * deviation / Double(values.count).squareRoot(), "\(name) mean \(average)")
            #expect(abs(spread / deviation - 1) < 0.05, "\(name) deviation \(spread)")
        }
    }
}
