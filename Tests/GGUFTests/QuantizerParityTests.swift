import GGUF
import TestSupport
import Testing

/// medsweep's quantizers give the bytes llama.cpp's reference quantizers gave: every Q8_0,
/// Q4_0, Q4_K and Q6_K tensor of the quantized fixtures (`llama_model_quantize` without an
/// importance matrix) is rebuilt from the F16 master's tensor.
@Suite(.offThePool, .enabled(if: Fixtures.available, Fixtures.skipReason))
struct QuantizerParityTests {
    @Test(arguments: [
        ("tiny-mistral-Q8_0.gguf", GGMLType.q8_0), ("tiny-mistral-Q4_0.gguf", .q4_0),
        ("tiny-mistral-Q4_K_M.gguf", .q4_K), ("tiny-mistral-Q4_K_M.gguf", .q6_K),
    ])
    func quantizingTheF16MasterReproducesLlamaCppBytes(_ quantizedName: String, _ type: GGMLType) throws {
        let master = try GGUFFile(path: Fixtures.path("tiny-mistral-F16.gguf"))
        let quantized = try GGUFFile(path: Fixtures.path(quantizedName))
        var tensorsCompared = 0, blocksCompared = 0, blocksDiffering = 0
        for target in quantized.tensors where target.type == type {
            let source = try master.tensor(named: target.name)
            let ours = try type.quantize(try master.dequantize(source))
            let theirs = quantized.rawBytes(of: target)
            #expect(ours.count == theirs.count, "\(target.name)")
            for block in stride(from: 0, to: theirs.count, by: type.bytesPerBlock) {
                let end = block + type.bytesPerBlock
                if ours[block ..< end] != theirs[block ..< end] { blocksDiffering += 1 }
                blocksCompared += 1
            }
            tensorsCompared += 1
        }
        print("\(quantizedName): \(tensorsCompared) \(type) tensors, \(blocksCompared) blocks, \(blocksDiffering) differ")
        #expect(tensorsCompared > 0)
        #expect(blocksDiffering == 0)
    }
}
