/// Keys and values of ``positions`` consecutive token positions for every layer, as F16 (as
/// llama.cpp's default cache stores them). Values are `[layer][position][keyValueWidth]`;
/// keys are transposed within the block, `[layer][keyValueWidth][position]`, so a query's
/// scores against the block's 16 positions come out 16 lanes at once.
///
/// The CPU backend's block (``HostKVStore``).
///
/// `@unchecked Sendable`: a block is written only by the sequence that created it, while it is
/// being filled; once full it may be shared (the prefix cache) and is only read from then on.
public final class KVBlock: KVCacheBlock, @unchecked Sendable {
    /// Positions per block: the granularity at which prefixes are shared.
    public static let positions = 16

    let layerCount: Int
    let width: Int
    let keys: UnsafeMutablePointer<UInt16>
    let values: UnsafeMutablePointer<UInt16>

    init(layerCount: Int, width: Int) {
        self.layerCount = layerCount
        self.width = width
        let count = layerCount * Self.positions * width
        keys = .allocate(capacity: count)
        values = .allocate(capacity: count)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// Bytes of cache this block holds.
    public var byteCount: Int { 2 * 2 * layerCount * Self.positions * width }

    /// Where value row `position` of `layer` starts.
    @inline(__always)
    func offset(layer: Int, position: Int) -> Int {
        (layer * Self.positions + position) * width
    }

    /// Where key component `index` (0 ..< width) of `layer` starts: 16 positions follow.
    @inline(__always)
    func keyOffset(layer: Int, index: Int) -> Int {
        (layer * width + index) * Self.positions
    }
}

/// The key-value cache of one token sequence: positions `0 ..< length` in blocks, kept where
/// its backend's ``KVBlockStore`` keeps them. Leading blocks may come from the prefix cache,
/// shared and read-only; the sequence writes only positions past them, into blocks it makes.
public final class KVSequence: @unchecked Sendable {
    public let store: any KVBlockStore
    public private(set) var blocks: [any KVCacheBlock] = []
    /// Positions whose keys and values are stored.
    public internal(set) var length = 0
    /// Tokens at positions `0 ..< length`.
    public internal(set) var tokens: [Int32] = []

    public init(store: any KVBlockStore) {
        self.store = store
    }

    /// A sequence starting with `shared` (full blocks of a cached prefix, holding `tokens`).
    public init(store: any KVBlockStore, sharing shared: [any KVCacheBlock], tokens: [Int32]) {
        precondition(tokens.count == shared.count * KVBlock.positions, "a shared prefix is whole blocks")
        self.store = store
        blocks = shared
        length = tokens.count
        self.tokens = tokens
    }

    var layerCount: Int { store.layerCount }
    var width: Int { store.width }

    /// Appends the first `count` positions of `block` (keys and values of every layer) for
    /// `tokens`, copied into a block of this sequence's own. The sequence must end on a block
    /// boundary.
    func appendCopy(of block: any KVCacheBlock, count: Int, tokens: ArraySlice<Int32>) {
        precondition(length % KVBlock.positions == 0 && count < KVBlock.positions && tokens.count == count)
        reserve(upTo: length + count)
        store.copy(count, positionsOf: block, into: blocks[length / KVBlock.positions])
        length += count
        self.tokens += tokens
    }

    /// Makes room for positions up to `end` (exclusive).
    public func reserve(upTo end: Int) {
        while blocks.count * KVBlock.positions < end {
            blocks.append(store.makeBlock())
        }
    }

    /// Records that positions `length ..< length + tokens.count` now hold `tokens`' keys and
    /// values (a backend's forward pass, once it has stored them).
    public func extend(by tokens: ArraySlice<Int32>) {
        length += tokens.count
        self.tokens += tokens
    }

    /// Block `index` as the CPU backend's (the only kind its attention reads).
    @inline(__always)
    private func hostBlock(_ index: Int) -> KVBlock {
        unsafeDowncast(blocks[index] as AnyObject, to: KVBlock.self)
    }

    /// Stores the F16 key row of `position` in `layer` (written across the block's transposed
    /// layout).
    func storeKey(_ row: UnsafePointer<UInt16>, layer: Int, position: Int) {
        let block = hostBlock(position / KVBlock.positions), slot = position % KVBlock.positions
        let base = block.keys + block.keyOffset(layer: layer, index: 0) + slot
        for index in 0 ..< width { base[index * KVBlock.positions] = row[index] }
    }

    /// The keys of block `index` in `layer`, from component `component`: `[component][16]`.
    @inline(__always)
    func keys(layer: Int, block index: Int, component: Int) -> UnsafePointer<UInt16> {
        let block = hostBlock(index)
        return UnsafePointer(block.keys + block.keyOffset(layer: layer, index: component))
    }

    /// The F16 value row of `position` in `layer`.
    @inline(__always)
    func value(layer: Int, position: Int) -> UnsafeMutablePointer<UInt16> {
        let block = hostBlock(position / KVBlock.positions)
        return block.values + block.offset(layer: layer, position: position % KVBlock.positions)
    }

    /// The full blocks, with the tokens they hold, for the prefix cache.
    public var fullBlocks: [any KVCacheBlock] { Array(blocks.prefix(length / KVBlock.positions)) }
}
