import CYaml

/// Refuses a sweep file whose mapping keys are aliases, mappings or lists, or whose nodes nest
/// deeper than `maxDepth`, before the YAML is composed into a tree.
///
/// Why before: composing a mapping hashes its keys, and an alias key stands for the whole node
/// it names, aliases and all. Nine levels of keys that alias the level below, in 300 bytes,
/// cost hours of CPU. A sweep file's keys are plain words, so anything else as a key is an
/// error on its line. Composing also recurses once per level of nesting, and a sweep file nests
/// three levels: a few kilobytes of `[[[[…` would overflow the stack. The check reads libyaml's
/// events (the parser Yams is built on, iterative); a syntax error is left for the composer,
/// which reports it with its line.
enum YAMLKeyCheck {
    static let maxDepth = 32

    private enum Container {
        case mapping(expectingKey: Bool)
        case sequence
    }

    static func check(_ yaml: String, file: String) throws(SweepFileError) {
        var bytes = Array(yaml.utf8)
        bytes.append(0)
        let problem: (line: Int, reason: String)? = bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count - 1)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var stack: [Container] = []
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1
                let isKey = if case .mapping(expectingKey: true)? = stack.last { true } else { false }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_ALIAS_EVENT:
                    if isKey { return (line, "uses an alias (*name) as a key; keys are plain names") }
                    completeNode(&stack)
                case YAML_SCALAR_EVENT:
                    completeNode(&stack)
                case YAML_MAPPING_START_EVENT:
                    if isKey { return (line, "uses a mapping as a key; keys are plain names") }
                    if stack.count == maxDepth { return (line, "nests deeper than \(maxDepth) levels") }
                    stack.append(.mapping(expectingKey: true))
                case YAML_SEQUENCE_START_EVENT:
                    if isKey { return (line, "uses a list as a key; keys are plain names") }
                    if stack.count == maxDepth { return (line, "nests deeper than \(maxDepth) levels") }
                    stack.append(.sequence)
                case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
                    stack.removeLast()
                    completeNode(&stack)
                default:
                    break
                }
            }
        }
        if let problem {
            throw SweepFileError(file: file, line: problem.line, field: "(document)", reason: problem.reason)
        }
    }

    /// A node ended inside the innermost container: in a mapping, keys and values alternate.
    private static func completeNode(_ stack: inout [Container]) {
        if case .mapping(let expectingKey)? = stack.last {
            stack[stack.count - 1] = .mapping(expectingKey: !expectingKey)
        }
    }
}
