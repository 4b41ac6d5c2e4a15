import Foundation

/// The JSON files beside a checkpoint's weights that the vocabulary is built from, each read
/// once: `config.json` (required), and when present `tokenizer.json`, `tokenizer_config.json`
/// and `added_tokens.json`.
struct CheckpointFiles {
    let directory: String
    let config: [String: CheckpointJSON]
    let tokenizerJSON: [String: CheckpointJSON]?
    let tokenizerConfig: [String: CheckpointJSON]?
    let addedTokens: [String: CheckpointJSON]?

    init(directory: String, config: [String: CheckpointJSON]) throws(ConvertError) {
        self.directory = directory
        self.config = config
        tokenizerJSON = try Self.optionalObject(directory + "/tokenizer.json")
        tokenizerConfig = try Self.optionalObject(directory + "/tokenizer_config.json")
        addedTokens = try Self.optionalObject(directory + "/added_tokens.json")
    }

    func path(_ name: String) -> String { directory + "/" + name }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    private static func optionalObject(_ path: String) throws(ConvertError) -> [String: CheckpointJSON]? {
        FileManager.default.fileExists(atPath: path) ? try CheckpointJSON.object(at: path) : nil
    }

    /// The chat template: `chat_template` of tokenizer_config.json, else `chat_template.jinja`
    /// (with `additional_chat_templates/*.jinja` as named templates), else the
    /// `chat_template` of `chat_template.json`. A value that is neither a string nor a list is
    /// ignored, as gguf-py ignores it.
    func chatTemplate(config: [String: CheckpointJSON]) throws(ConvertError) -> CheckpointJSON? {
        var alternative: CheckpointJSON?
        if exists("chat_template.jinja") {
            let main = try text(path("chat_template.jinja"))
            let extraDirectory = path("additional_chat_templates")
            let extras = ((try? FileManager.default.contentsOfDirectory(atPath: extraDirectory)) ?? [])
                .filter { $0.hasSuffix(".jinja") }.sorted()
            if extras.isEmpty {
                alternative = .string(main)
            } else {
                var choices: [CheckpointJSON] = [.object(["name": .string("default"), "template": .string(main)])]
                for file in extras {
                    choices.append(.object(["name": .string(String(file.dropLast(".jinja".count))),
                                            "template": .string(try text(extraDirectory + "/" + file))]))
                }
                alternative = .array(choices)
            }
        } else if exists("chat_template.json") {
            alternative = try CheckpointJSON.object(at: path("chat_template.json"))["chat_template"]
        }
        let template = config["chat_template"] ?? alternative
        switch template {
        case .string?, .array?: return template
        default: return nil
        }
    }

    private func text(_ path: String) throws(ConvertError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .cannotRead(path: path, reason: error.localizedDescription)
        }
    }
}
