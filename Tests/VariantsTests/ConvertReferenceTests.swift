import Engine
import Foundation
import GGUF
import Testing
import TestSupport
import Variants

/// The reference implementations read what the converter writes: gguf-py's GGUFReader sees
/// the same keys, tensor names, types and shapes, and llama.cpp (through llama-cpp-python)
/// loads the converted model, tokenizes as the engine does and computes the engine's logits.
@Suite(.enabled(if: LlamaCppPython.executable != nil, LlamaCppPython.skipReason))
struct ConvertReferenceTests {
    static let script = #"""
    import json, sys
    import numpy as np
    from gguf import GGUFReader
    from llama_cpp import Llama

    path, text = sys.argv[1], sys.argv[2]
    tokens = [int(t) for t in sys.argv[3].split(",")]
    reader = GGUFReader(path)
    keys = [k for k in reader.fields.keys() if not k.startswith("GGUF.")]
    tensors = [[t.name, t.tensor_type.name, [int(n) for n in t.shape]] for t in reader.tensors]
    llm = Llama(model_path=path, n_ctx=64, n_batch=64, n_threads=2, logits_all=True, verbose=False)
    ids = llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)
    llm.eval(tokens)
    logits = np.array(llm.scores[llm.n_tokens - 1], dtype=np.float32)
    print(json.dumps({"keys": keys, "tensors": tensors, "ids": ids, "logits": [float(x) for x in logits]}))
    """#

    @Test func ggufPyAndLlamaCppReadTheConvertedModel() throws {
        let modelPath = try ConvertTestModels.write(.f16)
        defer { try? FileManager.default.removeItem(atPath: modelPath) }
        let checkpoint = try TestCheckpoint.make(from: GGUFFile(path: modelPath), dtype: "BF16", shards: 2)
        defer { checkpoint.remove() }
        let output = temporaryPath("converted-reference.gguf")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let converter = try CheckpointConverter(directory: checkpoint.directory, outputType: .f16)
        try converter.write(to: output)

        let text = "the patient has a fever"
        let tokens: [Int32] = [1, 300, 301, 415, 299, 12]
        let run = try LlamaCppPython.run(Self.script, [output, text, tokens.map(String.init).joined(separator: ",")])
        try #require(run.status == 0, "\(run.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])

        #expect(json["keys"] as? [String] == converter.metadata.keys)
        let tensors = try #require(json["tensors"] as? [[Any]])
        #expect(tensors.map { $0[0] as? String } == converter.tensors.map(\.name))
        #expect(tensors.map { $0[1] as? String } == converter.tensors.map(\.type.name))
        #expect(tensors.map { $0[2] as? [Int] } == converter.tensors.map(\.ne))

        let file = try GGUFFile(path: output)
        let tokenizer = try ModelTokenizer(file: file)
        #expect(json["ids"] as? [Int] == tokenizer.encode(text, addingBOS: false).map(Int.init))

        let reference = try #require(json["logits"] as? [Double]).map(Float.init)
        let transformer = Transformer(model: try MistralModel(file: file), threads: 2)
        let logits = transformer.evaluate(tokens, appendingTo: transformer.makeSequence())
        let last = Array(logits.suffix(reference.count))
        let largest = zip(last, reference).map { abs($0 - $1) }.max() ?? .infinity
        print("llama.cpp on the converted model: largest logit difference from the engine \(largest)")
        #expect(reference.count == 600 && largest < 1e-3)
    }
}
