/// One pre-tokenizer pattern, matched over the code points of one piece of text.
///
/// `split` appends the piece's parts, in order and covering it: what the pattern matches, and
/// the text between matches. Positions past the piece's end look like no character at all,
/// so a pattern never sees across a boundary an earlier pattern made (as llama.cpp matches
/// each piece on its own).
enum SplitRule: Sendable, Equatable {
    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
    /// (llama.cpp's `unicode_regex_split_custom_gpt2`).
    case gpt2
    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,n}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
    /// with n = 3 (Llama 3, `unicode_regex_split_custom_llama3`) or 1 (Qwen2).
    case llama3(digitsPerNumber: Int)
    /// `\p{N}`: every number character alone.
    case singleNumbers
    /// `\p{N}+`
    case numberRuns
    /// `[\p{P}\$\+<=>\^~\|]+`
    case punctuationRuns
    /// `[0-9][0-9][0-9]`
    case asciiDigitTriples

    func split(
        _ piece: Range<Int>, of codePoints: UnsafeBufferPointer<UInt32>, flags: UnsafeBufferPointer<CodePointFlags>,
        into parts: inout [Range<Int>]
    ) {
        var cursor = PieceCursor(piece: piece, codePoints: codePoints, flags: flags)
        switch self {
        case .gpt2: cursor.splitGPT2(into: &parts)
        case .llama3(let digits): cursor.splitLlama3(digitsPerNumber: digits, into: &parts)
        case .singleNumbers: cursor.splitMatches(into: &parts, longest: 1) { PieceCursor.isNumberInRegex($0, $1) }
        case .numberRuns: cursor.splitMatches(into: &parts, longest: .max) { PieceCursor.isNumberInRegex($0, $1) }
        case .punctuationRuns: cursor.splitMatches(into: &parts, longest: .max) { PieceCursor.isPunctuationInRegex($0, $1) }
        case .asciiDigitTriples: cursor.splitASCIIDigitTriples(into: &parts)
        }
    }
}

/// A walk over one piece: a position, the start of the part being built, and the piece's
/// characters, with nothing (no flags, code point -1) past its end.
private struct PieceCursor {
    let start: Int
    let end: Int
    let codePoints: UnsafeBufferPointer<UInt32>
    let flags: UnsafeBufferPointer<CodePointFlags>
    var position: Int
    var partStart: Int

    init(piece: Range<Int>, codePoints: UnsafeBufferPointer<UInt32>, flags: UnsafeBufferPointer<CodePointFlags>) {
        start = piece.lowerBound
        end = piece.upperBound
        self.codePoints = codePoints
        self.flags = flags
        position = start
        partStart = start
    }

    @inline(__always) func flags(at index: Int) -> CodePointFlags { index < end ? flags[index] : [] }
    @inline(__always) func codePoint(at index: Int) -> Int64 { index < end ? Int64(codePoints[index]) : -1 }

    /// Ends the current part at `position` (nothing when it would be empty).
    @inline(__always) mutating func endPart(into parts: inout [Range<Int>]) {
        if position > partStart { parts.append(partStart ..< position) }
        partStart = position
    }

    static var apostrophe: Int64 { 0x27 }
    static var space: Int64 { 0x20 }
    static var carriageReturn: Int64 { 0x0D }
    static var lineFeed: Int64 { 0x0A }
    static var wordLike: CodePointFlags { CodePointFlags(rawValue: CodePointFlags.whitespace.rawValue | CodePointFlags.letter.rawValue | CodePointFlags.number.rawValue) }

    /// The length of a contraction ('s, 't, 'm, 'd, 're, 've, 'll) at the position, or 0.
    /// `foldingCase` lower-cases ASCII letters first, as Llama 3's `(?i:...)` (no other code
    /// point lower-cases to one of these letters).
    func contractionLength(foldingCase: Bool) -> Int {
        guard codePoint(at: position) == Self.apostrophe, position + 1 < end else { return 0 }
        func letter(_ index: Int) -> Int64 {
            let value = codePoint(at: index)
            return foldingCase && (0x41 ... 0x5A).contains(value) ? value + 0x20 : value
        }
        switch letter(position + 1) {
        case 0x73, 0x74, 0x6D, 0x64: return 2   // s, t, m, d
        default: break
        }
        guard position + 2 < end else { return 0 }
        switch (letter(position + 1), letter(position + 2)) {
        case (0x72, 0x65), (0x76, 0x65), (0x6C, 0x6C): return 3   // re, ve, ll
        default: return 0
        }
    }

    /// The number of white space characters from the position on.
    func whitespaceRunLength() -> Int {
        var count = 0
        while flags(at: position + count).contains(.whitespace) { count += 1 }
        return count
    }

    /// The runs of GPT-2's pattern, in the order it tries them.
    enum GPT2Run: CaseIterable {
        case letters, numbers, others

        func continues(with flags: CodePointFlags) -> Bool {
            switch self {
            case .letters: flags.contains(.letter)
            case .numbers: flags.contains(.number)
            case .others: flags.isDisjoint(with: PieceCursor.wordLike) && !flags.isEmpty
            }
        }
    }

    mutating func splitGPT2(into parts: inout [Range<Int>]) {
        while position < end {
            let contraction = contractionLength(foldingCase: false)
            if contraction > 0 {
                position += contraction
                endPart(into: &parts)
                continue
            }
            // An optional space, then a run of letters, of numbers, or of anything else but
            // white space: the run's class is the one of the character after the space.
            let leadingSpace = codePoint(at: position) == Self.space
            var next = leadingSpace ? flags(at: position + 1) : flags[position]
            if let run = GPT2Run.allCases.first(where: { $0.continues(with: next) }) {
                if leadingSpace { position += 1 }
                while run.continues(with: next) {
                    position += 1
                    next = flags(at: position)
                }
                endPart(into: &parts)
                continue
            }
            let whitespace = whitespaceRunLength()
            if whitespace > 1 && position + whitespace < end {
                // \s+(?!\S): the last white space character stays for the next word.
                position += whitespace - 1
            } else if whitespace > 0 {
                position += whitespace
            } else {
                position += 1
            }
            endPart(into: &parts)
        }
    }

    mutating func splitLlama3(digitsPerNumber: Int, into parts: inout [Range<Int>]) {
        while position < end {
            let contraction = contractionLength(foldingCase: true)
            if contraction > 0 {
                position += contraction
                endPart(into: &parts)
                continue
            }
            let codePoint = codePoint(at: position)
            let current = flags[position]
            let isLineBreak = codePoint == Self.carriageReturn || codePoint == Self.lineFeed
            // [^\r\n\p{L}\p{N}]?\p{L}+
            if !isLineBreak && !current.contains(.number)
                && (current.contains(.letter) || flags(at: position + 1).contains(.letter)) {
                position += 1
                while flags(at: position).contains(.letter) { position += 1 }
                endPart(into: &parts)
                continue
            }
            // \p{N}{1,n}
            if current.contains(.number) {
                var runStart = position
                while flags(at: position).contains(.number) {
                    position += 1
                    if position - runStart >= digitsPerNumber {
                        endPart(into: &parts)
                        runStart = position
                    }
                }
                endPart(into: &parts)
                continue
            }
            // ` ?[^\s\p{L}\p{N}]+[\r\n]*`; llama.cpp asks the first character (not the one after
            // the space) to be a character at all, so a lone space ending the piece lands here.
            let leadingSpace = codePoint == Self.space
            var next = leadingSpace ? flags(at: position + 1) : current
            if next.isDisjoint(with: Self.wordLike) && !current.isEmpty {
                if leadingSpace { position += 1 }
                while next.isDisjoint(with: Self.wordLike) && !next.isEmpty {
                    position += 1
                    next = flags(at: position)
                }
                while self.codePoint(at: position) == Self.carriageReturn || self.codePoint(at: position) == Self.lineFeed {
                    position += 1
                }
                endPart(into: &parts)
                continue
            }
            // \s*[\r\n]+ takes white space up to the last line break of the run.
            var whitespace = 0
            var lastLineBreakEnd = -1
            while flags(at: position + whitespace).contains(.whitespace) {
                let character = self.codePoint(at: position + whitespace)
                if character == Self.carriageReturn || character == Self.lineFeed { lastLineBreakEnd = position + whitespace + 1 }
                whitespace += 1
            }
            if lastLineBreakEnd >= 0 {
                position = lastLineBreakEnd
            } else if whitespace > 1 && position + whitespace < end {
                position += whitespace - 1
            } else if whitespace > 0 {
                position += whitespace
            } else {
                position += 1
            }
            endPart(into: &parts)
        }
    }

    /// Leftmost matches of a class of characters, each as long as it goes (at most `longest`),
    /// with the text between them kept as parts.
    mutating func splitMatches(
        into parts: inout [Range<Int>], longest: Int, _ matches: (UInt32, CodePointFlags) -> Bool
    ) {
        while position < end {
            guard matches(codePoints[position], flags[position]) else {
                position += 1
                continue
            }
            endPart(into: &parts)
            let matchStart = position
            while position < end && position - matchStart < longest && matches(codePoints[position], flags[position]) {
                position += 1
            }
            endPart(into: &parts)
        }
        endPart(into: &parts)
    }

    /// Leftmost runs of exactly three ASCII digits, the text between them kept as parts.
    mutating func splitASCIIDigitTriples(into parts: inout [Range<Int>]) {
        func isDigit(_ index: Int) -> Bool { index < end && (0x30 ... 0x39).contains(codePoints[index]) }
        while position < end {
            guard isDigit(position), isDigit(position + 1), isDigit(position + 2) else {
                position += 1
                continue
            }
            endPart(into: &parts)
            position += 3
            endPart(into: &parts)
        }
        endPart(into: &parts)
    }

    /// `\p{N}` as llama.cpp's regex path sees it: it matches the category-collapsed text, in
    /// which ASCII keeps its bytes (so only 0 to 9 are numbers there) and white space wins over
    /// any category.
    static func isNumberInRegex(_ codePoint: UInt32, _ flags: CodePointFlags) -> Bool {
        codePoint < 0x80 ? (0x30 ... 0x39).contains(codePoint) : !flags.contains(.whitespace) && flags.category == .number
    }

    /// `[\p{P}\$\+<=>\^~\|]` on the collapsed text: every printable ASCII character that is
    /// neither a letter, a digit nor "`", and non-ASCII punctuation.
    static func isPunctuationInRegex(_ codePoint: UInt32, _ flags: CodePointFlags) -> Bool {
        if codePoint < 0x80 {
            return (0x21 ... 0x7E).contains(codePoint) && codePoint != 0x60
                && !(0x30 ... 0x39).contains(codePoint) && !(0x41 ... 0x5A).contains(codePoint) && !(0x61 ... 0x7A).contains(codePoint)
        }
        return !flags.contains(.whitespace) && flags.category == .punctuation
    }
}
