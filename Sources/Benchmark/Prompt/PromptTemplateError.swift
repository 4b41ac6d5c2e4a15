/// A template that cannot be used, or a prompt that cannot be built.
public enum PromptTemplateError: Error, CustomStringConvertible, Equatable {
    case invalid(template: String, field: String, reason: String)
    case unknownTemplate(name: String, known: [String])
    case noFewShotSet(identifier: String, set: FewShotSet, available: Int)

    public var description: String {
        switch self {
        case .invalid(let template, let field, let reason):
            return "template \"\(template)\": \(field) \(reason)"
        case .unknownTemplate(let name, let known):
            return "no template named \"\(name)\" (known: \(known.joined(separator: ", ")))"
        case .noFewShotSet(let identifier, let set, let available):
            let sets = available == 0 ? "it has none" : available == 1 ? "it has set 1" : "it has sets 1 to \(available)"
            return "question \"\(identifier)\" has no few-shot set \(set) (\(sets); 0 is zero-shot)"
        }
    }
}
