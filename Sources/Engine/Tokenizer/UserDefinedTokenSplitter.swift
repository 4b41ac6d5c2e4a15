/// Cuts text at the vocabulary's user-defined tokens before merging, as llama.cpp does.
///
/// llama.cpp's `tokenizer_st_partition` runs even when special tokens are not parsed: it then
/// skips control and unknown tokens (so a literal "<s>" is plain text) but still cuts out
/// every occurrence of a user-defined token's text (token type 4). Tokens are tried longest
/// text first, each over the text pieces the earlier ones left, occurrences left to right
/// without overlap. Mistral's vocabulary has no user-defined tokens, so for it the text stays
/// one piece; Qwen2's has 290 ("[PAD151646]", ...).
struct UserDefinedTokenSplitter: Sendable {
    /// A piece of the text: a byte range to merge, or a user-defined token found in it.
    enum Fragment: Equatable {
        case text(Range<Int>)
        case token(Int32)
    }

    private struct Candidate: Sendable {
        let id: Int32
        let bytes: [UInt8]
    }

    /// User-defined tokens with non-empty text, longest first (equal lengths by id).
    private let candidates: [Candidate]

    init(vocabulary: Vocabulary) {
        self.init(tokens: vocabulary.tokens, ids: vocabulary.types.indices.filter { vocabulary.types[$0] == .userDefined })
    }

    /// A splitter cutting out the tokens `ids` of `tokens` (those with empty text are skipped).
    init(tokens: [String], ids: some Sequence<Int>) {
        candidates = ids
            .filter { !tokens[$0].isEmpty }
            .map { Candidate(id: Int32($0), bytes: Array(tokens[$0].utf8)) }
            .sorted { $0.bytes.count != $1.bytes.count ? $0.bytes.count > $1.bytes.count : $0.id < $1.id }
    }

    /// The pieces of `text`, in order; none for empty text.
    func fragments(of text: UnsafeBufferPointer<UInt8>) -> [Fragment] {
        var fragments: [Fragment] = text.isEmpty ? [] : [.text(0 ..< text.count)]
        guard !candidates.isEmpty, !text.isEmpty else { return fragments }
        let openings = Openings(of: text)
        for candidate in candidates where openings.mayContain(candidate.bytes) {
            var cut: [Fragment] = []
            cut.reserveCapacity(fragments.count)
            for fragment in fragments {
                guard case .text(var rest) = fragment else {
                    cut.append(fragment)
                    continue
                }
                while let match = Self.firstOccurrence(of: candidate.bytes, in: text, within: rest) {
                    if match > rest.lowerBound { cut.append(.text(rest.lowerBound ..< match)) }
                    cut.append(.token(candidate.id))
                    rest = match + candidate.bytes.count ..< rest.upperBound
                }
                if !rest.isEmpty { cut.append(.text(rest)) }
            }
            fragments = cut
        }
        return fragments
    }

    /// Which bytes and which pairs of adjacent bytes occur in a text: a token whose first
    /// two bytes do not occur together cannot occur, and is not searched for. (Qwen2's 290
    /// "[PAD…]" tokens would otherwise each cost a pass over every prompt.)
    private struct Openings {
        private var bytes = [UInt64](repeating: 0, count: 4)
        private var pairs = [UInt64](repeating: 0, count: 1024)

        init(of text: UnsafeBufferPointer<UInt8>) {
            var previous = -1
            for byte in text {
                bytes[Int(byte) >> 6] |= 1 << (UInt64(byte) & 63)
                if previous >= 0 {
                    let pair = previous << 8 | Int(byte)
                    pairs[pair >> 6] |= 1 << (UInt64(pair) & 63)
                }
                previous = Int(byte)
            }
        }

        func mayContain(_ needle: [UInt8]) -> Bool {
            guard needle.count >= 2 else {
                return needle.first.map { bytes[Int($0) >> 6] & (1 << (UInt64($0) & 63)) != 0 } ?? false
            }
            let pair = Int(needle[0]) << 8 | Int(needle[1])
            return pairs[pair >> 6] & (1 << (UInt64(pair) & 63)) != 0
        }
    }

    private static func firstOccurrence(of needle: [UInt8], in text: UnsafeBufferPointer<UInt8>, within range: Range<Int>) -> Int? {
        guard range.count >= needle.count else { return nil }
        var start = range.lowerBound
        while start + needle.count <= range.upperBound {
            var index = 0
            while index < needle.count && text[start + index] == needle[index] { index += 1 }
            if index == needle.count { return start }
            start += 1
        }
        return nil
    }
}
