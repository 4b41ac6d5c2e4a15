/// Why a prompt could not be scored.
public enum ScoringError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyPrompt
    case promptTooLong(tokens: Int, contextLength: Int)
    case noLetters
    case invalidLetter(String)
    case duplicateLetter(String)
    /// No token of the vocabulary decodes to `letter`, so the model cannot answer it.
    case noTokenForLetter(String)
    /// The forward pass gave a logit that is not a number (the model's weights overflow or
    /// hold NaN): `token` is the first such, `value` what it held.
    case nonFiniteLogits(token: Int32, value: Float)
    /// The backend failed (the device, its memory): not the prompt's fault.
    case forwardPass(ForwardPassError)

    public var description: String {
        switch self {
        case .emptyPrompt:
            "the prompt is empty"
        case .promptTooLong(let tokens, let contextLength):
            "the prompt is \(tokens) tokens; the model's context is \(contextLength)"
        case .noLetters:
            "no option letters given"
        case .invalidLetter(let letter):
            "option letter '\(letter)' is empty or contains whitespace"
        case .duplicateLetter(let letter):
            "option letter '\(letter)' is given twice"
        case .noTokenForLetter(let letter):
            "no token of the model's vocabulary decodes to option letter '\(letter)', so the model cannot answer it"
        case .nonFiniteLogits(let token, let value):
            "the model gave a non-finite logit (\(value) for token \(token)): its weights or activations overflow"
        case .forwardPass(let error):
            "\(error)"
        }
    }
}
