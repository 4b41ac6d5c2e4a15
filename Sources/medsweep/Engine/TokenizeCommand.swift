import ArgumentParser
import Benchmark
import Engine
import Foundation
import GGUF

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Tokenize text with a GGUF model's vocabulary, as llama.cpp does.",
        discussion: """
            Reads the vocabulary (tokenizer.ggml.*) from MODEL.gguf and prints the token ids \
            of the text given with --text, or of the contents of the file given with --file \
            (exactly one of the two). Both of llama.cpp's families are read: SentencePiece \
            (tokenizer.ggml.model "llama": Mistral, Llama 2) and byte-level BPE ("gpt2": \
            Llama 3, Qwen2, SmolLM, GPT-2, with the pre-tokenizer tokenizer.ggml.pre names). \
            The ids are llama.cpp's, special tokens not parsed: the whole input is text, so a \
            literal "<s>" or "<|endoftext|>" is not a special token (user-defined tokens are \
            still cut out of it, as llama.cpp does).

            No BOS is added unless asked. --bos puts BOS first. --as-prompt gives the tokens \
            the engine runs for the text as a prompt: BOS first where the model's file asks for \
            it (tokenizer.ggml.add_bos_token; when absent, llama.cpp's default: BOS for \
            SentencePiece and for Llama 3's pre-tokenizer, none for the other byte-level BPE \
            models), and never EOS, even where the file asks for one: the model continues the \
            prompt.

            Prints one line per token: its id and its piece, the token's text as the vocabulary \
            stores it (SentencePiece: "▁" for a space, "<0x0A>" for a newline byte; byte-level \
            BPE: "Ġ" for a space, "Ċ" for a newline). --json prints one JSON object instead: \
            {"ids": [...], "pieces": [...]}.

            Exits with status 2, the reason on standard error, when the file is not a valid \
            GGUF file or holds no usable vocabulary (an unknown tokenizer.ggml.model or \
            tokenizer.ggml.pre is named with the supported ones), or when --file cannot be read.
            """
    )

    @Argument(help: ArgumentHelp("The GGUF model (or vocabulary-only) file.", valueName: "model.gguf"))
    var model: String

    @Option(help: "The text to tokenize.")
    var text: String?

    @Option(help: "A file whose contents (UTF-8) are the text to tokenize.")
    var file: String?

    @Flag(help: "Put the BOS token first.")
    var bos = false

    @Flag(help: "Add BOS where the model's file asks: the tokens the engine runs for this prompt.")
    var asPrompt = false

    @Flag(help: "Print one JSON object {\"ids\", \"pieces\"} instead of a table.")
    var json = false

    func validate() throws {
        if (text == nil) == (file == nil) {
            throw ValidationError("Give exactly one of --text and --file.")
        }
        if bos && asPrompt {
            throw ValidationError("Give at most one of --bos and --as-prompt.")
        }
    }

    func run() throws {
        let tokenizer: ModelTokenizer
        let modelFile = try openModelFileOrExit(model)
        do {
            tokenizer = try ModelTokenizer(file: modelFile)
        } catch {
            printError("\(model): \(error)")
            throw badInputExitCode
        }
        let input: [UInt8]
        if let text {
            input = Array(text.utf8)
        } else if let file {
            try checkInputFileOrExit(file, as: "a text file")
            do {
                input = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                printError("\(file): cannot read the text: \(PathProblem(error: error))")
                throw badInputExitCode
            }
        } else {
            preconditionFailure("validate() requires --text or --file")
        }

        let ids = input.withUnsafeBufferPointer {
            asPrompt ? tokenizer.promptTokens(utf8: $0) : tokenizer.encode(utf8: $0, addingBOS: bos)
        }
        let pieces = ids.map { tokenizer.piece(for: $0) }
        if json {
            print(JSONValue.object([
                ("ids", .array(ids.map { .int(Int64($0)) })),
                ("pieces", .array(pieces.map { .string($0) })),
            ]).rendered())
        } else if !ids.isEmpty {
            var table = TextTable(columns: [.right("id"), .left("piece")])
            for (id, piece) in zip(ids, pieces) {
                table.append([String(id), Self.printable(piece)])
            }
            print(table.rendered(showTitles: false))
        }
    }

    /// The piece with control characters escaped, so each token stays on one line.
    static func printable(_ piece: String) -> String {
        var out = ""
        for scalar in piece.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
