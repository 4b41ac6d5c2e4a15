/// The ranked merges of a byte-level BPE vocabulary (`tokenizer.ggml.merges`), for lookups by
/// symbol id instead of by text.
///
/// Every text the merge loop can meet gets a symbol id: each token's text its token id (the
/// last id, when several tokens share a text, as llama.cpp's `token_to_id`), and each merge
/// part that is no token's text an id past the vocabulary. A merge's result is the symbol id of
/// its joined text, or -1 when no token and no merge has that text: such a symbol merges no
/// further and falls back to bytes. So the loop compares small integers, and finds the same
/// merges llama.cpp finds by comparing strings.
///
/// A merge is "left right": split at the first space after the first character (so a part
/// may hold spaces only in a vocabulary that is not byte-level); when a pair is listed twice,
/// its first rank counts.
struct MergeTable: Sendable {
    /// Symbol ids by text: the tokens, then the merge parts that are not tokens.
    let symbols: TokenLookup
    /// The number of tokens: symbol ids below it are token ids.
    let tokenCount: Int
    /// The rank of each pair of symbol ids.
    private let ranks: PairRankTable
    /// The symbol id of each byte's alphabet character (-1: none), the symbols a word starts as.
    let byteSymbols: [Int32]
    /// The symbol id each rank's merge produces, or -1.
    private let results: [Int32]

    /// The merges' count.
    var count: Int { results.count }

    /// Reads `merges` against `tokens`; a merge that does not split into two non-empty parts
    /// is ``TokenizerError/malformedMerge(index:value:)``.
    init(merges: [String], tokens: [String]) throws(TokenizerError) {
        var parts: [(left: Substring, right: Substring)] = []
        parts.reserveCapacity(merges.count)
        for (index, merge) in merges.enumerated() {
            guard !merge.isEmpty, let space = merge.dropFirst().firstIndex(of: " ") else {
                throw .malformedMerge(index: index, value: merge)
            }
            let left = merge[..<space], right = merge[merge.index(after: space)...]
            guard !right.isEmpty else { throw .malformedMerge(index: index, value: merge) }
            parts.append((left, right))
        }

        let tokenLookup = TokenLookup(texts: tokens)
        var extraTexts: [String] = []
        var extraIDs: [Substring: Int32] = [:]
        func symbolID(_ text: Substring, adding: Bool) -> Int32? {
            if let id = tokenLookup.id(of: String(text)) { return id }
            if let id = extraIDs[text] { return id }
            guard adding else { return nil }
            let id = Int32(tokens.count + extraTexts.count)
            extraTexts.append(String(text))
            extraIDs[text] = id
            return id
        }
        var pairIDs: [(Int32, Int32)] = []
        pairIDs.reserveCapacity(parts.count)
        for (left, right) in parts {
            pairIDs.append((symbolID(left, adding: true)!, symbolID(right, adding: true)!))
        }
        var results: [Int32] = []
        results.reserveCapacity(parts.count)
        for (left, right) in parts {
            results.append(symbolID(Substring(String(left) + String(right)), adding: false) ?? -1)
        }
        let symbols = extraTexts.isEmpty ? tokenLookup : TokenLookup(texts: tokens + extraTexts)
        self.symbols = symbols
        self.tokenCount = tokens.count
        self.ranks = PairRankTable(pairIDs.enumerated().map { ($1.0, $1.1, Int32($0)) })
        self.results = results
        byteSymbols = (0 ... 255).map { byte in
            var character: [UInt8] = []
            ByteLevelAlphabet.appendCharacter(of: UInt8(byte), to: &character)
            return character.withUnsafeBufferPointer { symbols.id(of: $0) } ?? -1
        }
    }

    /// The rank of merging symbols `left` and `right`, or nil when no merge joins them.
    @inline(__always)
    func rank(_ left: Int32, _ right: Int32) -> Int32? {
        guard left >= 0, right >= 0 else { return nil }
        return ranks.rank(left, right)
    }

    /// The symbol id the merge of rank `rank` produces, or -1.
    @inline(__always)
    func result(ofRank rank: Int32) -> Int32 { results[Int(rank)] }
}
