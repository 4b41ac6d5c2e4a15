import ArgumentParser
import Benchmark
import Foundation
import GGUF
import Variants

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a Hugging Face Llama or Mistral checkpoint to a GGUF file, as llama.cpp's converter does.",
        discussion: """
            The checkpoint directory holds config.json (architectures LlamaForCausalLM or MistralForCausalLM), \
            the weights as model.safetensors, as shards listed in model.safetensors.index.json, \
            or as model*.safetensors (F32, F16 or BF16), and the vocabulary as tokenizer.model \
            (SentencePiece) or, failing that, a Llama-2-style tokenizer.json (BPE with byte \
            fallback). tokenizer_config.json, added_tokens.json, chat_template.jinja and \
            config.json's special token ids are read as llama.cpp's convert_hf_to_gguf.py reads \
            them.

            The file has llama.cpp's metadata (architecture llama), tensor names and order; \
            the query and key rows are permuted for GGUF's RoPE. Norms are written F32, \
            matrices in --out-type (F16 or BF16; BF16 keeps a BF16 checkpoint bit for bit). \
            Tensors are streamed one at a time from the memory-mapped shards, so memory stays \
            near the size of the largest tensor (about 0.6 GB for a Mistral 7B checkpoint).

            Not converted: PyTorch .bin checkpoints, quantized or integer weights, biases, \
            mixtures of experts, YaRN/LongRoPE/Llama 3 RoPE scaling, and Llama 3 style \
            byte-level vocabularies. Mistral's sliding_window is not written, as llama.cpp \
            does not write it: both run full causal attention.

            Exit codes: 0 written, 2 the checkpoint could not be converted (the message names \
            the file, field or tensor and the bad value).
            """
    )

    @Argument(help: "The checkpoint directory (config.json, safetensors, tokenizer).")
    var checkpoint: String

    @Argument(help: "Where to write the .gguf file.")
    var output: String

    @Option(name: .customLong("out-type"), help: "Type of the weight matrices: F16 or BF16.")
    var outType: String = "F16"

    @Option(help: "general.name (default: derived from _name_or_path or the directory, as llama.cpp does).")
    var name: String?

    func validate() throws {
        guard FloatOutputType(name: outType) != nil else {
            throw ValidationError("--out-type \(outType) is not one of \(FloatOutputType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        try checkOutputFolderOrExit(output, as: "a GGUF file")
        if let problem = PathProblem.folder(checkpoint) {
            printError("\(checkpoint): \(problem)")
            throw badInputExitCode
        }
        let outputType = FloatOutputType(name: outType)!
        let start = Date()
        let progress = TensorProgressLine()
        let converter: CheckpointConverter
        do {
            converter = try CheckpointConverter(directory: checkpoint, outputType: outputType, name: name)
            try converter.write(to: output) { step in
                progress.update("converting tensor \(step.index)/\(step.count) \(step.name) \(step.type) \(step.ne)")
            }
            progress.finish()
        } catch {
            progress.finish()
            printError(error.description)
            throw badInputExitCode
        }
        let seconds = Date().timeIntervalSince(start)
        let parameters = converter.tensors.reduce(0) { $0 + $1.ne.reduce(1, *) }
        let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        print("wrote \(output): \(converter.config.architecture), \(converter.config.layerCount) blocks, "
            + "\(converter.tensors.count) tensors, \(converter.vocabulary.tokens.count) tokens, \(outputType), "
            + "\(InspectText.grouped(parameters)) parameters, \(InspectText.grouped(size)) bytes in \(InspectText.fixed(seconds, 1)) s")
    }
}
