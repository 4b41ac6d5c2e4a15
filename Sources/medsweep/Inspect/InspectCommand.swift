import ArgumentParser
import GGUF

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a GGUF file: version, alignment, metadata, tensors.",
        discussion: """
            Prints the GGUF version, alignment, every metadata entry (long arrays summarised \
            by type, count and first items), the parameter count and the storage cost per \
            weight, and the tensors by type; --tensors lists every tensor (name, type, shape \
            as ne, absolute byte offset, size).

            --json prints one JSON object instead: {"version", "alignment", "metadata" (key to \
            value, arrays in full), "tensors" (array of {"name", "type", "ne", "offset"})}, \
            with "type" the ggml name (e.g. "Q4_K") and "offset" the absolute byte offset of \
            the tensor's data in the file.

            Exits with status 2, the reason on standard error, when the file is missing \
            ("FILE: no such file"), a folder, or not a valid GGUF file; the reason then names \
            the byte offset of the field that is wrong.
            """
    )

    @Argument(help: "The GGUF file to describe.")
    var file: String

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "List every tensor, not only a summary by type.")
    var tensors = false

    func run() throws {
        let model = try openModelFileOrExit(file)
        print(json ? InspectJSON.render(model) : InspectText.render(model, listTensors: tensors))
    }
}
