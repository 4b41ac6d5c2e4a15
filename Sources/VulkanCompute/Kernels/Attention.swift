/// Attention over a key-value cache kept on the device in pages of 16 positions: storing a
/// batch's keys and values (`Shaders/kv_store.comp`) and tiled causal grouped-query attention
/// (`Shaders/attention.comp`).
///
/// A layer's cache is two buffers of slots (keys, values), a slot being one position's
/// `keyValueHeads · headDimension` halves. A block of 16 positions owns a page, slots
/// `page · 16 ..< page · 16 + 16`; a sequence lists its blocks' pages in order.
public final class Attention: Sendable {
    let store: ComputePipeline
    let attend: ComputePipeline

    /// The largest head dimension the attention shader holds (its shared query).
    public static let maxHeadDimension = 256

    public init(device: ComputeDevice) throws(VulkanError) {
        store = try ComputePipeline(device: device, shader: .kvStore, bindingCount: 5, pushConstantBytes: 8)
        attend = try ComputePipeline(device: device, shader: .attention, bindingCount: 6, pushConstantBytes: 20)
    }

    /// Records storing `rows` rows of keys and values (rows, width) as F16 into the slots
    /// `slots` (rows) names.
    public func encodeStore(
        _ commands: CommandRecording, keys: StorageBuffer, values: StorageBuffer, slots: StorageBuffer,
        keyCache: StorageBuffer, valueCache: StorageBuffer, rows: Int, width: Int
    ) throws(VulkanError) {
        guard width % 2 == 0, rows > 0 else { throw .shape(kernel: "kv_store", reason: "\(rows) rows of width \(width) (even)") }
        try require(keys, "keys", bytes: rows * width * 4, kernel: "kv_store")
        try require(values, "values", bytes: rows * width * 4, kernel: "kv_store")
        try require(slots, "slots", bytes: rows * 4, kernel: "kv_store")
        let words = rows * width / 2
        try commands.dispatch(store, buffers: [keys, values, slots, keyCache, valueCache],
                              pushConstants: [UInt32(rows), UInt32(width)], groups: spread((words + 63) / 64))
    }

    /// The shape of one attention call.
    public struct Shape: Sendable {
        public var rows: Int
        public var heads: Int
        public var keyValueHeads: Int
        public var headDimension: Int

        public init(rows: Int, heads: Int, keyValueHeads: Int, headDimension: Int) {
            self.rows = rows
            self.heads = heads
            self.keyValueHeads = keyValueHeads
            self.headDimension = headDimension
        }
    }

    /// Records attention of `shape.rows` query rows: row t attends to positions
    /// `0 ..< rowInfo[2t + 1]` of the sequence whose pages start at `pages[rowInfo[2t]]`.
    public func encode(
        _ commands: CommandRecording, queries: StorageBuffer, keyCache: StorageBuffer, valueCache: StorageBuffer,
        pages: StorageBuffer, rowInfo: StorageBuffer, output: StorageBuffer, shape: Shape
    ) throws(VulkanError) {
        let hd = shape.headDimension
        guard shape.rows > 0, hd % 2 == 0, hd <= Self.maxHeadDimension, shape.keyValueHeads > 0,
              shape.heads % shape.keyValueHeads == 0, shape.heads <= 65535 else {
            throw .shape(kernel: "attention", reason: "\(shape) (even head dimension ≤ \(Self.maxHeadDimension), "
                + "heads a multiple of key-value heads)")
        }
        try require(queries, "queries", bytes: shape.rows * shape.heads * hd * 4, kernel: "attention")
        try require(rowInfo, "rowInfo", bytes: shape.rows * 8, kernel: "attention")
        try require(output, "output", bytes: shape.rows * shape.heads * hd * 4, kernel: "attention")
        let scale = 1 / Float(hd).squareRoot()
        try commands.dispatch(
            attend, buffers: [queries, keyCache, valueCache, pages, rowInfo, output],
            pushConstants: [UInt32(shape.rows), UInt32(shape.heads), UInt32(shape.keyValueHeads), UInt32(hd), scale.bitPattern],
            groups: spread(shape.rows, y: shape.heads))
    }
}
