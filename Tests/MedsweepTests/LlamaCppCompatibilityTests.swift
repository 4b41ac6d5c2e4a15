import Foundation
import GGUF
import Testing
import TestSupport

/// llama.cpp itself loads models medsweep writes and computes from them exactly the logits it
/// computes from its own files: the F16 fixture rewritten by medsweep's writer, and the same
/// model quantized to Q8_0 by medsweep's quantizer, give llama.cpp's reference logits bit for bit.
@Suite(
    .offThePool,
    .enabled(if: Fixtures.available, Fixtures.skipReason),
    .enabled(if: LlamaCppPython.executable != nil, LlamaCppPython.skipReason))
struct LlamaCppCompatibilityTests {
    @Test(arguments: [GGMLType.f16, .q8_0])
    func llamaCppReproducesItsLogitsFromMedsweepsFile(_ type: GGMLType) throws {
        let master = try GGUFFile(path: Fixtures.path("tiny-mistral-F16.gguf"))
        var writer = GGUFWriter(metadata: master.metadata)
        if type == .q8_0 { writer.metadata["general.file_type"] = .uint32(7) }  // LLAMA_FTYPE_MOSTLY_Q8_0
        for tensor in master.tensors {
            if type == .q8_0, tensor.type == .f16, tensor.ne.count == 2 {
                let values = try master.dequantize(tensor)
                try writer.addTensor(name: tensor.name, type: .q8_0, ne: tensor.ne, bytes: try GGMLType.q8_0.quantize(values))
            } else {
                try writer.addTensor(name: tensor.name, type: tensor.type, ne: tensor.ne, bytes: master.rawBytes(of: tensor))
            }
        }
        let path = temporaryPath("llama-\(type.name).gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writer.write(to: path)

        let run = try LlamaCppPython.run(Self.script, [path, Fixtures.logits.path, "tiny-mistral-\(type.name)"])
        print(run.standardOutput, terminator: "")
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
    }

    /// Evaluates every fixture prompt's llama.cpp tokens and compares the last logits with the
    /// reference file bit for bit (same n_batch, threads, F16 KV cache, no flash attention).
    static let script = #"""
    import json, sys
    import numpy as np
    from llama_cpp import Llama

    model, logits_dir, prefix = sys.argv[1:4]
    index = json.load(open(f"{logits_dir}/index.json"))
    llm = Llama(model_path=model, n_ctx=4096, n_batch=512, n_threads=2, logits_all=True,
                flash_attn=False, verbose=False)
    failed = False
    for name, prompt in index["prompts"].items():
        llm.reset()
        llm.eval(prompt["tokens_llama_cpp"])
        ours = np.array(llm.scores[llm.n_tokens - 1], dtype=np.float32)
        reference = np.fromfile(f"{logits_dir}/{prefix}.{name}.f32", dtype="<f4")
        equal = np.array_equal(ours.view(np.uint32), reference.view(np.uint32))
        print(f"llama.cpp on medsweep's {prefix} file, prompt {name}: "
              + ("bit-equal to the reference" if equal else f"max difference {np.abs(ours - reference).max()}"))
        failed |= not equal
    sys.exit(1 if failed else 0)
    """#
}
