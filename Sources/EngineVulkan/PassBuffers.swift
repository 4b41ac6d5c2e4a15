import Engine
import VulkanCompute

/// A forward pass's working memory on the device, grown to the largest pass seen and reused:
/// activations (`rows` tokens) and the per-pass inputs the host writes before each pass.
final class PassBuffers {
    let device: ComputeDevice
    private(set) var rows = 0
    private(set) var pageEntries = 0
    private(set) var headRows = 0
    private var buffers: [Name: StorageBuffer] = [:]

    enum Name: Hashable {
        // Activations, (rows, width).
        case hidden, normed, queries, keys, values, attended, gate, up
        // Inputs: embeddings (rows, d), RoPE tables (rows, headDimension), each row's cache
        // slot, each row's (first page entry, visible positions), the page table.
        case angles, slots, rowInfo, pages
        // The output head: last rows, normed, logits (host-visible, read back).
        case headInput, headNormed, logits
    }

    init(device: ComputeDevice) {
        self.device = device
    }

    subscript(name: Name) -> StorageBuffer { buffers[name]! }

    /// Makes room for a pass of `rows` tokens, `pageEntries` page-table entries and `headRows`
    /// rows through the output head.
    func prepare(rows: Int, pageEntries: Int, headRows: Int, config: MistralConfig) throws(VulkanError) {
        let d = config.embeddingLength, kv = config.keyValueWidth, ff = config.feedForwardLength
        if rows > self.rows {
            let sizes: [(Name, Int)] = [
                (.hidden, d), (.normed, max(d, ff)), (.queries, d), (.keys, kv), (.values, kv), (.attended, d),
                (.gate, ff), (.up, ff), (.angles, config.headDimension), (.slots, 1), (.rowInfo, 2),
            ]
            for (name, width) in sizes { buffers[name] = try StorageBuffer(device: device, byteCount: rows * width * 4) }
            self.rows = rows
        }
        if pageEntries > self.pageEntries {
            buffers[.pages] = try StorageBuffer(device: device, byteCount: pageEntries * 4)
            self.pageEntries = pageEntries
        }
        if headRows > self.headRows {
            buffers[.headInput] = try StorageBuffer(device: device, byteCount: headRows * d * 4)
            buffers[.headNormed] = try StorageBuffer(device: device, byteCount: headRows * d * 4)
            buffers[.logits] = try StorageBuffer(device: device, byteCount: headRows * config.vocabularySize * 4, placement: .host)
            self.headRows = headRows
        }
    }
}
