/// Key-value blocks of token prefixes already computed, so questions that share an
/// instruction and few-shot examples pay for them once.
///
/// A radix tree whose edges are blocks of ``KVBlock/positions`` tokens: the path from the root
/// spells a prefix, and each node holds the keys and values of its block's positions given that
/// prefix. Memory is bounded: past `byteLimit`, the least recently used leaves are evicted
/// (a leaf's ancestors stay, since other prefixes may still share them).
///
/// Reusing cached blocks never changes a result: a position's keys and values depend only on
/// the tokens up to it, and the engine computes them the same way in any batch.
public final class PrefixCache: @unchecked Sendable {
    // `@unchecked Sendable`: used by one scorer at a time, which owns it.
    private final class Node {
        let block: (any KVCacheBlock)?
        weak var parent: Node?
        let key: [Int32]
        var children: [[Int32]: Node] = [:]
        var lastUse: UInt64 = 0

        init(block: (any KVCacheBlock)?, parent: Node?, key: [Int32]) {
            self.block = block
            self.parent = parent
            self.key = key
        }
    }

    public let byteLimit: Int
    public private(set) var byteCount = 0
    public private(set) var blockCount = 0
    /// Tokens served from the cache and tokens looked up, since creation.
    public private(set) var hitTokens = 0
    public private(set) var lookedUpTokens = 0
    private let root = Node(block: nil, parent: nil, key: [])
    private var clock: UInt64 = 0

    public init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    /// What the cache holds of a prompt: whole shared blocks, then possibly the first
    /// `count` positions of one more block (to be copied, since the prompt goes on differently).
    struct Match {
        var blocks: [any KVCacheBlock] = []
        var partial: (block: any KVCacheBlock, count: Int)?

        var tokenCount: Int { blocks.count * KVBlock.positions + (partial?.count ?? 0) }
    }

    /// The longest cached prefix of `tokens` that leaves at least `keeping` tokens to run (the
    /// caller must still run something to get logits), counted as looked up and served.
    func lookup(_ tokens: [Int32], keeping: Int = 1) -> Match {
        let match = longestMatch(tokens, keeping: keeping)
        recordServed(match.tokenCount, lookedUp: tokens.count)
        return match
    }

    /// Counts `served` tokens of `lookedUp` as served by the cache (``hitTokens``).
    func recordServed(_ served: Int, lookedUp: Int) {
        lookedUpTokens += lookedUp
        hitTokens += served
    }

    /// What ``lookup(_:keeping:)`` finds, without counting it as served (the caller may take
    /// another source for these positions): the matched nodes count as used, for eviction.
    func longestMatch(_ tokens: [Int32], keeping: Int = 1) -> Match {
        clock += 1
        let usable = max(0, tokens.count - keeping)
        var node = root, match = Match()
        while (match.blocks.count + 1) * KVBlock.positions <= usable {
            let start = match.blocks.count * KVBlock.positions
            let key = Array(tokens[start ..< start + KVBlock.positions])
            guard let child = node.children[key] else { break }
            child.lastUse = clock
            match.blocks.append(child.block!)
            node = child
        }
        // The next block: the child sharing the longest start with the rest of the prompt.
        let start = match.blocks.count * KVBlock.positions
        let rest = tokens[start ..< max(start, min(usable, start + KVBlock.positions))]
        var best: (node: Node, count: Int)?
        for child in node.children.values {
            let count = zip(child.key, rest).prefix { $0 == $1 }.count
            if count > (best?.count ?? 0) { best = (child, count) }
        }
        if let best {
            best.node.lastUse = clock
            match.partial = (best.node.block!, best.count)
        }
        return match
    }

    /// Adds the full blocks of `sequence`, then evicts down to the limit.
    func insert(_ sequence: KVSequence) {
        clock += 1
        var node = root
        for (index, block) in sequence.fullBlocks.enumerated() {
            let key = Array(sequence.tokens[index * KVBlock.positions ..< (index + 1) * KVBlock.positions])
            if let child = node.children[key] {
                node = child
            } else {
                let child = Node(block: block, parent: node, key: key)
                node.children[key] = child
                byteCount += block.byteCount
                blockCount += 1
                node = child
            }
            node.lastUse = clock
        }
        evictToLimit()
    }

    /// Forgets every cached prefix (the counters stay): what a long run of other prompts would
    /// have evicted.
    public func removeAll() {
        root.children = [:]
        byteCount = 0
        blockCount = 0
    }

    /// Removes least recently used leaves until the cache fits its limit. A parent left
    /// childless becomes a leaf in the next round.
    private func evictToLimit() {
        while byteCount > byteLimit {
            var leaves: [Node] = []
            var pending = [root]
            while let node = pending.popLast() {
                if node.children.isEmpty, node !== root { leaves.append(node) }
                pending.append(contentsOf: node.children.values)
            }
            if leaves.isEmpty { return }
            leaves.sort { $0.lastUse < $1.lastUse }
            for leaf in leaves where byteCount > byteLimit {
                leaf.parent?.children[leaf.key] = nil
                byteCount -= leaf.block!.byteCount
                blockCount -= 1
            }
        }
    }
}
