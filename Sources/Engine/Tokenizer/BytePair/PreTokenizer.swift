/// How llama.cpp cuts text into words before byte-level BPE merges them (its pre-tokenizer
/// regular expressions, chosen by `tokenizer.ggml.pre`). No token crosses a word boundary.
///
/// Each case is a list of patterns applied in sequence: the first cuts the text, each next one
/// cuts every piece the previous one left, and text a pattern does not match stays a piece of
/// its own. The patterns are matched by hand-written code over code points (``SplitRule``),
/// giving the pieces llama.cpp gives: its own hand-written matchers for GPT-2's and Llama 3's
/// patterns, and for the others what its `std::regex` path finds on its category-collapsed text.
///
/// ```swift
/// PreTokenizer.llama3.words(of: "I'm 12345 years")   // ["I", "'m", " ", "123", "45", " years"]
/// PreTokenizer.gpt2.words(of: "I'm 12345 years")     // ["I", "'m", " 12345", " years"]
/// ```
public enum PreTokenizer: Sendable, CaseIterable, CustomStringConvertible {
    /// Llama 3's pattern: contractions of any case, a letter run with one leading non-letter,
    /// digits in runs of at most three, punctuation runs taking the line breaks after them,
    /// white space runs.
    case llama3
    /// Llama 3's pattern with every digit alone (Qwen2).
    case qwen2
    /// Every digit alone, then GPT-2's pattern (SmolLM, StarCoder).
    case smolLM
    /// GPT-2's pattern: lower-case contractions, then runs of letters, of digits, or of other
    /// characters, each with an optional leading space, and white space runs.
    case gpt2
    /// llama.cpp's fallback: punctuation runs, GPT-2's pattern, digit runs, then ASCII digit
    /// triples.
    case `default`

    /// The patterns, in the order they are applied.
    var rules: [SplitRule] {
        switch self {
        case .llama3: [.llama3(digitsPerNumber: 3)]
        case .qwen2: [.llama3(digitsPerNumber: 1)]
        case .smolLM: [.singleNumbers, .gpt2]
        case .gpt2: [.gpt2]
        case .default: [.punctuationRuns, .gpt2, .numberRuns, .asciiDigitTriples]
        }
    }

    public var description: String {
        switch self {
        case .llama3: "llama3"
        case .qwen2: "qwen2"
        case .smolLM: "smollm"
        case .gpt2: "gpt2"
        case .default: "default"
        }
    }

    /// The words of `text` (invalid UTF-8 in `String` cannot occur; see ``LenientUTF8`` for bytes).
    public func words(of text: String) -> [String] {
        let codePoints = text.unicodeScalars.map(\.value)
        return words(of: codePoints).map { range in
            String(String.UnicodeScalarView(codePoints[range].compactMap(Unicode.Scalar.init)))
        }
    }

    /// The words of a text given as code points, as ranges of indices into `codePoints`, in order
    /// and covering all of it.
    func words(of codePoints: [UInt32]) -> [Range<Int>] {
        guard !codePoints.isEmpty else { return [] }
        let flags = codePoints.map(CodePointFlags.init)
        var pieces = [0 ..< codePoints.count]
        codePoints.withUnsafeBufferPointer { codePoints in
            flags.withUnsafeBufferPointer { flags in
                for rule in rules {
                    var cut: [Range<Int>] = []
                    cut.reserveCapacity(pieces.count * 2)
                    for piece in pieces {
                        rule.split(piece, of: codePoints, flags: flags, into: &cut)
                    }
                    pieces = cut
                }
            }
        }
        return pieces
    }
}
