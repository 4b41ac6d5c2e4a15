/// The reordering of the query and key projections' rows that llama.cpp's converter applies
/// (`LlamaModel.permute`): Hugging Face's RoPE rotates each head's first half against its
/// second half, GGUF's rotates adjacent pairs, so within each head the rows are interleaved.
///
/// The rows of one head, `2·h` of them, are viewed as `[2][h]` and transposed to `[h][2]`
/// (numpy: `reshape(heads, 2, h, columns).swapaxes(1, 2)`): output row `2i + j` of the head
/// is input row `j·h + i`. The keys use the key-value head count.
///
/// ```swift
/// let permutation = QueryKeyPermutation(rows: 8, heads: 2)
/// (0 ..< 8).map(permutation.sourceRow)   // [0, 2, 1, 3, 4, 6, 5, 7]
/// ```
public struct QueryKeyPermutation: Sendable, Equatable {
    /// Which projection a tensor is, and so which head count permutes it.
    public enum Projection: Sendable, Equatable {
        case query, key
    }

    public let rows: Int
    public let heads: Int
    /// Half a head's rows.
    let halfHead: Int

    /// Nil when `rows` is not a whole number of heads of even width.
    public init?(rows: Int, heads: Int) {
        guard heads > 0, rows % (2 * heads) == 0 else { return nil }
        self.rows = rows
        self.heads = heads
        halfHead = rows / heads / 2
    }

    /// The input row that output row `row` is taken from.
    public func sourceRow(_ row: Int) -> Int {
        let headRows = 2 * halfHead
        let head = row / headRows, within = row % headRows
        let pairIndex = within / 2, half = within % 2
        return head * headRows + half * halfHead + pairIndex
    }

    /// The output row that input row `row` goes to: the inverse, which writes a GGUF model's
    /// projections back in Hugging Face's layout.
    public func destinationRow(_ row: Int) -> Int {
        let headRows = 2 * halfHead
        let head = row / headRows, within = row % headRows
        let half = within / halfHead, pairIndex = within % halfHead
        return head * headRows + 2 * pairIndex + half
    }
}
