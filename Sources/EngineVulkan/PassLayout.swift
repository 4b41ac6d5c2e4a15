import Engine

/// Where a pass's rows go: each row's position, its key-value cache slot, and the page table
/// its attention reads; blocks made and given pages as needed.
struct PassLayout {
    /// Every row's position in its sequence, in pass order.
    private(set) var positions: [Int] = []
    /// Every row's cache slot: its block's page · 16 + position % 16.
    private(set) var slots: [UInt32] = []
    /// Per row: where its sequence's pages start in `pageTable`, and how many positions it sees.
    private(set) var rowInfo: [UInt32] = []
    /// Each part's sequence's pages, in block order, one part after another.
    private(set) var pageTable: [UInt32] = []
    /// Every block the pass's sequences hold.
    private(set) var blocks: [DeviceKVBlock] = []
    private var firstRows: [Int] = []

    var rowCount: Int { positions.count }

    /// The row of part `index`'s last token.
    func lastRow(of index: Int) -> Int {
        index + 1 < firstRows.count ? firstRows[index + 1] - 1 : rowCount - 1
    }

    init(parts: [PassPart], store: DeviceKVStore, contextLength: Int) throws(ForwardPassError) {
        var allBlocks: [DeviceKVBlock] = []
        for part in parts {
            let first = part.sequence.length, end = first + part.tokens.count
            precondition(end <= contextLength, "positions beyond the context length")
            precondition(part.sequence.store === store, "a sequence of another backend")
            part.sequence.reserve(upTo: end)
            allBlocks += part.sequence.blocks.prefix((end + KVBlock.positions - 1) / KVBlock.positions)
                .map { unsafeDowncast($0 as AnyObject, to: DeviceKVBlock.self) }
        }
        // A source of a pending copy needs no page: it was written by an earlier pass.
        try store.assignPages(allBlocks)
        blocks = allBlocks

        var nextBlock = 0
        for part in parts {
            let first = part.sequence.length, end = first + part.tokens.count
            let blockCount = (end + KVBlock.positions - 1) / KVBlock.positions
            let sequenceBlocks = allBlocks[nextBlock ..< nextBlock + blockCount]
            nextBlock += blockCount
            let pageStart = UInt32(pageTable.count)
            pageTable += sequenceBlocks.map { UInt32($0.page) }
            firstRows.append(positions.count)
            for position in first ..< end {
                positions.append(position)
                let block = sequenceBlocks[sequenceBlocks.startIndex + position / KVBlock.positions]
                slots.append(UInt32(block.page) * UInt32(KVBlock.positions) + UInt32(position % KVBlock.positions))
                rowInfo += [pageStart, UInt32(position + 1)]
            }
        }
    }
}
