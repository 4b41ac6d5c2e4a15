import ArgumentParser
import Engine
import Foundation
import GGUF

struct MakeModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make-model",
        abstract: "Write a Mistral-shaped GGUF model with random weights (no download).",
        discussion: """
            The model is written by medsweep's own GGUF writer and quantizer, with a synthetic \
            SentencePiece vocabulary (special tokens, byte tokens, ASCII characters and letter \
            n-grams), so llama.cpp and medsweep can both load it. Weights depend only on --seed.

            Shapes: mistral-7b (width 4096, 32 heads sharing 8 key-value heads, feed-forward \
            14336, vocabulary 32000) and tiny (the reference fixtures' shape: width 256, 8 heads \
            sharing 2, feed-forward 768, vocabulary 32000). --layers sets the number of blocks \
            (default: 2 for mistral-7b, as the engine benchmark uses; the shape's own for tiny).

            Types: \(ModelFileType.allCases.map(\.rawValue).joined(separator: ", ")), mixed per \
            tensor as llama.cpp's quantizer does (norms F32; the output head Q6_K in quantized \
            files other than Q8_0; Q4_K_M and Q5_K_M give some attn_v and ffn_down tensors Q6_K).
            """
    )

    enum Shape: String, ExpressibleByArgument, CaseIterable {
        case mistral7B = "mistral-7b"
        case tiny

        var config: MistralConfig {
            switch self {
            case .mistral7B: .mistral7B
            case .tiny: .tiny
            }
        }

        var defaultLayers: Int {
            switch self {
            case .mistral7B: 2
            case .tiny: MistralConfig.tiny.blockCount
            }
        }
    }

    @Option(help: "Model shape: mistral-7b or tiny.")
    var shape: Shape = .mistral7B

    @Option(help: "Number of transformer blocks (default: 2 for mistral-7b, 2 for tiny).")
    var layers: Int?

    @Option(help: "File type: \(ModelFileType.allCases.map(\.rawValue).joined(separator: ", ")).")
    var type: String = "Q4_0"

    @Option(help: "Seed of the random weights.")
    var seed: UInt64 = 1

    @Argument(help: "Where to write the .gguf file.")
    var output: String

    func validate() throws {
        guard ModelFileType(name: type) != nil else {
            throw ValidationError("--type \(type) is not one of \(ModelFileType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let layers, !(1 ... 256).contains(layers) {
            throw ValidationError("--layers \(layers) is outside 1...256")
        }
    }

    func run() throws {
        try checkOutputFolderOrExit(output, as: "a GGUF file")
        var config = shape.config
        config.blockCount = layers ?? shape.defaultLayers
        let fileType = ModelFileType(name: type)!
        let tensorCount = config.tensorShapes.count
        let positions = Dictionary(uniqueKeysWithValues: config.tensorShapes.enumerated().map { ($1.0, $0) })
        let progress = TensorProgressLine()
        let start = Date()
        do {
            try SyntheticModel(config: config, fileType: fileType, seed: seed).write(to: output) { name in
                progress.update("writing tensor \((positions[name] ?? 0) + 1)/\(tensorCount) \(name)")
            }
            progress.finish()
        } catch {
            progress.finish()
            printError(error.description)
            throw badInputExitCode
        }
        let file = try GGUFFile(path: output)
        let seconds = Date().timeIntervalSince(start)
        print("wrote \(output): \(shape.rawValue) shape, \(config.blockCount) blocks, \(fileType), "
            + "\(InspectText.grouped(file.parameterCount)) parameters, \(InspectText.grouped(file.fileSize)) bytes "
            + "in \(InspectText.fixed(seconds, 1)) s")
    }
}
