import Glibc

/// One line of progress on standard error, redrawn in place when standard error is a
/// terminal and left out when it is not (a log file gets the final summary only).
struct ProgressLine {
    private let isTerminal = isatty(2) == 1
    private var standardError = StandardError()
    private var shown = false

    mutating func update(_ text: String) {
        guard isTerminal else { return }
        standardError.write("\r" + text + "\u{1B}[K")
        shown = true
    }

    /// Clears the line, so what follows starts on a clean line.
    mutating func finish() {
        guard shown else { return }
        standardError.write("\r\u{1B}[K")
        shown = false
    }
}

/// A ``ProgressLine`` that a model writer's callback updates: quantize, merge, convert and
/// `bench make-model` report each tensor through one.
///
/// `@unchecked Sendable`: the writers call back from one thread at a time, in tensor order.
final class TensorProgressLine: @unchecked Sendable {
    private var line = ProgressLine()

    func update(_ text: String) {
        line.update(text)
    }

    func finish() {
        line.finish()
    }
}
