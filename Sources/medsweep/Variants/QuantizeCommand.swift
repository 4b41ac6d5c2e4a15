import ArgumentParser
import Engine
import Foundation
import GGUF

struct QuantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize",
        abstract: "Quantize a GGUF model to another file type, as llama.cpp's quantizer does.",
        discussion: """
            Each tensor gets the type llama.cpp's llama_model_quantize gives it for the file \
            type (its per-tensor mixture rules, without an importance matrix: norms keep their \
            type, the output head gets Q6_K in quantized files other than Q8_0, the _S/_M/_L \
            mixtures give some attn_v, attn_output and ffn_down tensors more bits, rows that are \
            not whole blocks fall back to a 32-value type), and the same bytes: medsweep's \
            quantizers are ggml's reference quantizers, K-quant scale searches included.

            Types: \(ModelFileType.allCases.map(\.rawValue).joined(separator: ", ")).

            A source that is already quantized is requantized with a warning (llama.cpp refuses \
            unless told to): what the first quantization lost stays lost. A tensor already of \
            its target type is copied byte for byte. Metadata is kept; general.file_type is set.
            """
    )

    @Option(help: "File type to write: \(ModelFileType.allCases.map(\.rawValue).joined(separator: ", ")).")
    var type: String

    @Flag(help: "Print each tensor's source and target type, and write nothing.")
    var plan = false

    @Argument(help: "The GGUF model to quantize.")
    var input: String

    @Argument(help: "Where to write the quantized .gguf file.")
    var output: String?

    func validate() throws {
        guard ModelFileType(name: type) != nil else {
            throw ValidationError("--type \(type) is not one of \(ModelFileType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if !plan, output == nil { throw ValidationError("give the output file (OUT.gguf), or --plan") }
        if let output, URL(fileURLWithPath: output).standardized == URL(fileURLWithPath: input).standardized {
            throw ValidationError("the output \(output) is the input: write to another file")
        }
    }

    func run() throws {
        let fileType = ModelFileType(name: type)!
        let source = try openModelFileOrExit(input)
        let quantizer = ModelQuantizer(fileType: fileType)
        let steps = quantizer.plan(for: source)
        if plan {
            printPlan(steps)
            return
        }
        guard let output else { return }
        try checkOutputFolderOrExit(output)
        let floatTypes: Set<GGMLType> = [.f32, .f16, .bf16]
        let requantized = Set(steps.filter { !floatTypes.contains($0.tensor.type) && $0.tensor.type != $0.type }.map(\.tensor.type.name))
        if !requantized.isEmpty {
            var standardError = StandardError()
            print("medsweep: warning: \(input) is already quantized (\(requantized.sorted().joined(separator: ", "))): "
                + "requantizing to \(fileType) keeps what the first quantization lost", to: &standardError)
        }
        let progress = TensorProgressLine()
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            try quantizer.quantize(source, to: output) { step in
                let action = step.from == step.to ? "copying" : "\(step.from.name) → \(step.to.name)"
                progress.update("tensor \(step.index + 1)/\(step.count) \(step.name): \(action)")
            }
            progress.finish()
        } catch {
            progress.finish()
            printError("\(input) → \(output): \(error)")
            throw badInputExitCode
        }
        let written = try GGUFFile(path: output)
        let counts = Dictionary(grouping: written.tensors, by: \.type.name).mapValues(\.count)
        print("wrote \(output): \(fileType), \(written.tensors.count) tensors (\(counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))), "
            + "\(InspectText.grouped(source.fileSize)) → \(InspectText.grouped(written.fileSize)) bytes "
            + "in \(InspectText.fixed(secondsSince(start), 1)) s")
    }

    private func printPlan(_ steps: [(tensor: GGUFTensorInfo, type: GGMLType)]) {
        var table = TextTable(columns: [.left("tensor"), .left("shape"), .left("from"), .left("to"), .left("")])
        for step in steps {
            table.append([step.tensor.name, step.tensor.ne.map(String.init).joined(separator: " x "), step.tensor.type.name,
                          step.type.name, step.tensor.type == step.type ? "copy" : "quantize"])
        }
        print(table.rendered())
    }
}
