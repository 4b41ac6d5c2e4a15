import ArgumentParser
import Benchmark
import Engine
import Foundation

struct LogitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logits",
        abstract: "Run one forward pass of a prompt and print the last position's logits.",
        discussion: """
            Tokenizes the prompt (--prompt, or the UTF-8 contents of --prompt-file) as llama.cpp \
            does, puts BOS first when the model's file asks for it (SmolLM2's does not), runs the whole prompt through the model in batches of --batch \
            tokens on --backend (cpu, or vulkan for a GPU), and reports the next-token logits after the last token: the 10 largest by \
            default, with their pieces.

            --out FILE.f32 writes all logits (one per vocabulary entry) as float32 \
            little-endian. --json prints one JSON object {"tokens": [...], "top": [[id, logit], \
            ... 10], "seconds": s}, seconds being the forward pass alone.

            Exits with status 2, the reason on standard error, for a file the engine cannot run, \
            an unreadable prompt file, an empty prompt or one longer than the model's context.
            """
    )

    @Argument(help: ArgumentHelp("The GGUF model.", valueName: "model.gguf"))
    var model: String

    @Option(help: "The prompt text.")
    var prompt: String?

    @Option(help: "A file holding the prompt (UTF-8).")
    var promptFile: String?

    @Option(help: "Threads (default: all cores).")
    var threads: Int = ThreadPool.availableCores

    @Option(help: "Tokens per forward batch.")
    var batch: Int = 512

    @OptionGroup var engine: BackendOptions

    @Option(help: "Write the logits as float32 little-endian to this file.")
    var out: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        if (prompt == nil) == (promptFile == nil) { throw ValidationError("Give exactly one of --prompt and --prompt-file.") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
    }

    func run() throws {
        // Before the forward pass, not after it.
        if let out { try checkOutputFolderOrExit(out, as: "a logits file") }
        let loaded = try loadModelOrExit(model)
        let text = try promptOrExit(text: prompt, file: promptFile)
        let tokenizer: ModelTokenizer
        do {
            tokenizer = try ModelTokenizer(file: loaded.file)
        } catch {
            printError("\(model): \(error)")
            throw badInputExitCode
        }
        guard !text.isEmpty else {
            printError("the prompt is empty")
            throw badInputExitCode
        }
        let tokens = tokenizer.promptTokens(text)
        guard tokens.count <= loaded.config.contextLength else {
            printError("the prompt is \(tokens.count) tokens; the model's context is \(loaded.config.contextLength)")
            throw badInputExitCode
        }

        let transformer = try engine.forwardPassOrExit(for: loaded, threads: threads)
        let start = DispatchTime.now().uptimeNanoseconds
        let logits: [Float]
        do {
            logits = try transformer.evaluate(tokens, appendingTo: transformer.makeSequence(), batchSize: batch)
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
        let seconds = secondsSince(start)

        if let out {
            let data = logits.withUnsafeBufferPointer { Data(buffer: $0) }
            do {
                try data.write(to: URL(fileURLWithPath: out))
            } catch {
                printError("\(out): cannot write the logits: \(PathProblem(error: error))")
                throw badInputExitCode
            }
        }
        let top = logits.indices.sorted { logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1) }.prefix(10)
        if json {
            print(JSONValue.object([
                ("tokens", .array(tokens.map { .int(Int64($0)) })),
                ("top", .array(top.map { .array([.int(Int64($0)), .double(Double(logits[$0]))]) })),
                ("seconds", .double(seconds)),
            ]).rendered())
        } else {
            print("\(tokens.count) tokens\(tokenizer.addsBOS ? " (with BOS)" : ""), forward pass \(InspectText.fixed(seconds, 3)) s, "
                + transformer.summary)
            var table = TextTable(columns: [.right("rank"), .right("id"), .right("logit"), .left("piece")])
            for (rank, id) in top.enumerated() {
                table.append([String(rank + 1), String(id), InspectText.fixed(Double(logits[id]), 4), tokenizer.piece(for: Int32(id))])
            }
            print(table.rendered(indent: 2))
        }
    }
}
