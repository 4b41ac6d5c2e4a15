/// Keys and values of ``KVBlock/positions`` consecutive positions for every layer, kept where
/// a backend keeps them: host memory for the CPU (``KVBlock``), device memory for a GPU.
/// Sequences and the prefix cache hold blocks without looking inside; only their backend's
/// forward pass reads and writes them.
public protocol KVCacheBlock: AnyObject, Sendable {
    /// Bytes of cache this block holds (the prefix cache's budget counts them).
    var byteCount: Int { get }
}

/// Makes a backend's key-value blocks and copies positions between them.
public protocol KVBlockStore: AnyObject, Sendable {
    /// Layers and keys' (and values') width per position: the model's.
    var layerCount: Int { get }
    var width: Int { get }
    /// A new, unfilled block.
    func makeBlock() -> any KVCacheBlock
    /// Copies the first `count` positions of `source` (every layer's keys and values) into
    /// `target`'s first positions; both are this store's. A backend may defer the copy to its
    /// next forward pass, the only reader of `target`.
    func copy(_ count: Int, positionsOf source: any KVCacheBlock, into target: any KVCacheBlock)
}

/// The CPU backend's blocks, in host memory.
public final class HostKVStore: KVBlockStore {
    public let layerCount: Int
    public let width: Int

    public init(layerCount: Int, width: Int) {
        self.layerCount = layerCount
        self.width = width
    }

    public func makeBlock() -> any KVCacheBlock {
        KVBlock(layerCount: layerCount, width: width)
    }

    public func copy(_ count: Int, positionsOf source: any KVCacheBlock, into target: any KVCacheBlock) {
        let source = unsafeDowncast(source as AnyObject, to: KVBlock.self)
        let target = unsafeDowncast(target as AnyObject, to: KVBlock.self)
        for layer in 0 ..< layerCount {
            let offset = source.offset(layer: layer, position: 0)
            (target.values + offset).update(from: source.values + offset, count: count * width)
            for index in 0 ..< width {
                let keyOffset = source.keyOffset(layer: layer, index: index)
                (target.keys + keyOffset).update(from: source.keys + keyOffset, count: count)
            }
        }
    }
}
