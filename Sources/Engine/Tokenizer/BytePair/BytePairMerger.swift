/// The byte-level BPE merge loop over one word (llama.cpp's `llm_tokenizer_bpe_session`),
/// on the word's text in the byte-level alphabet.
///
/// The word starts as one symbol per character (one per byte of the original text). Every
/// adjacent pair that a merge joins is queued with the merge's rank; the pair of lowest rank
/// (then the leftmost) is merged, the right symbol into the left, and the merged symbol's
/// pairs with its new neighbours are queued. A queued pair whose symbols have changed since is
/// skipped. When no pair is left, each symbol becomes its token; a symbol that is no token's
/// text (a merge whose result the vocabulary lacks) becomes the tokens of its single bytes,
/// those that are tokens, as llama.cpp does.
///
/// With `ignoresMerges` (Llama 3), a word that is a token as a whole is that token.
struct BytePairMerger {
    /// A run of the word's bytes with its symbol id (-1: a text no merge or token has), linked
    /// to its neighbours (-1: none). A symbol merged away has length 0.
    private struct Symbol {
        /// Where the symbol's text starts in the word's alphabet spelling, and its length there.
        var start: Int32
        var length: Int32
        var id: Int32
        var previous: Int32
        var next: Int32
    }

    private let merges: MergeTable
    private let ignoresMerges: Bool
    /// The token whose text is each single byte (-1: none).
    private let singleByteTokens: [Int32]
    /// Kept from word to word, so that merging a word allocates nothing.
    private var symbols: [Symbol] = []
    private var queue = RankedPairQueue()

    init(merges: MergeTable, ignoresMerges: Bool, singleByteTokens: [Int32]) {
        self.merges = merges
        self.ignoresMerges = ignoresMerges
        self.singleByteTokens = singleByteTokens
    }

    /// Appends the tokens of a word to `output`: `bytes` are its UTF-8 bytes, `alphabet` the
    /// same in the byte-level alphabet.
    mutating func tokenize(
        bytes: UnsafeBufferPointer<UInt8>, alphabet word: UnsafeBufferPointer<UInt8>, into output: inout [Int32]
    ) {
        guard !bytes.isEmpty else { return }
        if ignoresMerges, let id = merges.symbols.id(of: word), Int(id) < merges.tokenCount {
            output.append(id)
            return
        }
        symbols.removeAll(keepingCapacity: true)
        var offset: Int32 = 0
        for (index, byte) in bytes.enumerated() {
            let length: Int32 = ByteLevelAlphabet.codePoint(of: byte) < 0x80 ? 1 : 2
            symbols.append(Symbol(
                start: offset, length: length, id: merges.byteSymbols[Int(byte)],
                previous: Int32(index) - 1, next: index == bytes.count - 1 ? -1 : Int32(index) + 1))
            offset += length
        }
        let merges = merges
        symbols.withUnsafeMutableBufferPointer { symbols in
            func queuePair(_ left: Int32, _ right: Int32, into queue: inout RankedPairQueue) {
                guard left >= 0, right >= 0 else { return }
                let leftSymbol = symbols[Int(left)], rightSymbol = symbols[Int(right)]
                guard let rank = merges.rank(leftSymbol.id, rightSymbol.id) else { return }
                queue.push(RankedPair(rank: rank, left: left, right: right, size: leftSymbol.length + rightSymbol.length))
            }
            for right in 1 ..< Int32(symbols.count) {
                queuePair(right - 1, right, into: &queue)
            }
            while let pair = queue.pop() {
                let left = Int(pair.left), right = Int(pair.right)
                let leftLength = symbols[left].length, rightLength = symbols[right].length
                if leftLength == 0 || rightLength == 0 || leftLength + rightLength != pair.size { continue }
                symbols[left].length = leftLength + rightLength
                symbols[left].id = merges.result(ofRank: pair.rank)
                symbols[right].length = 0
                let next = symbols[right].next
                symbols[left].next = next
                if next >= 0 { symbols[Int(next)].previous = pair.left }
                queuePair(symbols[left].previous, pair.left, into: &queue)
                queuePair(pair.left, next, into: &queue)
            }

            var index: Int32 = 0
            while index >= 0 {
                let symbol = symbols[Int(index)]
                if symbol.id >= 0 && Int(symbol.id) < merges.tokenCount {
                    output.append(symbol.id)
                } else {
                    for byte in word[Int(symbol.start) ..< Int(symbol.start + symbol.length)] {
                        let token = singleByteTokens[Int(byte)]
                        if token >= 0 { output.append(token) }
                    }
                }
                index = symbol.next
            }
        }
    }
}

/// A pair of adjacent symbols a merge joins, queued by rank.
private struct RankedPair {
    var rank: Int32
    var left: Int32
    var right: Int32
    /// Bytes of the joined text when queued: if either symbol has changed since, the entry is stale.
    var size: Int32

    /// Whether `self` merges before `other`: the lower rank first, then the pair further left
    /// (llama.cpp's `llm_bigram_bpe::comparator`).
    @inline(__always)
    func precedes(_ other: RankedPair) -> Bool {
        rank < other.rank || (rank == other.rank && left < other.left)
    }
}

/// The merge loop's work queue: a binary heap of ranked pairs, the one that merges first on
/// top. It is ``BigramQueue``'s heap with another order; a generic heap shared by both would
/// not be specialized across files in debug builds (compiled file by file), and the merge
/// loops would pay for generic calls.
private struct RankedPairQueue {
    private var heap: [RankedPair] = []

    mutating func push(_ pair: RankedPair) {
        heap.append(pair)
        heap.withUnsafeMutableBufferPointer { heap in
            var hole = heap.count - 1
            while hole > 0 {
                let parent = (hole - 1) / 2
                guard pair.precedes(heap[parent]) else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = pair
        }
    }

    /// Removes and returns the pair that merges first.
    mutating func pop() -> RankedPair? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        return heap.withUnsafeMutableBufferPointer { heap in
            let top = heap[0]
            let count = heap.count
            var hole = 0
            while true {
                var child = 2 * hole + 1
                if child >= count { break }
                if child + 1 < count && heap[child + 1].precedes(heap[child]) { child += 1 }
                guard heap[child].precedes(last) else { break }
                heap[hole] = heap[child]
                hole = child
            }
            heap[hole] = last
            return top
        }
    }
}
