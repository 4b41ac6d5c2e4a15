import Engine
import Synchronization
import VulkanCompute

/// The key-value cache on the device: for every layer a key buffer and a value buffer of
/// `pageCount` pages, each page the 16 positions of one ``DeviceKVBlock`` (positions as F16,
/// `width` halves each; `Attention` reads them). Pages are handed to blocks when a forward
/// pass first writes them and return when the block is freed, so sequences and the prefix
/// cache share pages exactly as they share blocks: a prefix computed once is read in place by
/// every sequence continuing it.
public final class DeviceKVStore: KVBlockStore {
    public let layerCount: Int
    public let width: Int
    public let pageCount: Int
    let keys: [StorageBuffer]
    let values: [StorageBuffer]
    private let freePages: Mutex<[Int32]>

    /// Bytes of one page in all layers, keys and values: what one block costs.
    public var bytesPerBlock: Int { 2 * layerCount * KVBlock.positions * width * 2 }

    public init(device: ComputeDevice, layerCount: Int, width: Int, pageCount: Int) throws(VulkanError) {
        precondition(pageCount > 0 && width % 2 == 0)
        self.layerCount = layerCount
        self.width = width
        self.pageCount = pageCount
        let layerBytes = pageCount * KVBlock.positions * width * 2
        var keys: [StorageBuffer] = [], values: [StorageBuffer] = []
        for _ in 0 ..< layerCount {
            keys.append(try StorageBuffer(device: device, byteCount: layerBytes))
            values.append(try StorageBuffer(device: device, byteCount: layerBytes))
        }
        self.keys = keys
        self.values = values
        // Popped from the end: low pages first.
        freePages = Mutex(Array((0 ..< Int32(pageCount)).reversed()))
    }

    public func makeBlock() -> any KVCacheBlock {
        DeviceKVBlock(store: self)
    }

    /// Deferred to the next forward pass, which records it before the pass's first read.
    public func copy(_ count: Int, positionsOf source: any KVCacheBlock, into target: any KVCacheBlock) {
        let target = unsafeDowncast(target as AnyObject, to: DeviceKVBlock.self)
        target.pendingCopy = (unsafeDowncast(source as AnyObject, to: DeviceKVBlock.self), count)
    }

    /// Pages for every block of `blocks` that has none, or an error when too few are free
    /// (then none is taken).
    func assignPages(_ blocks: [DeviceKVBlock]) throws(ForwardPassError) {
        var seen = Set<ObjectIdentifier>()
        let needing = blocks.filter { $0.page < 0 && seen.insert(ObjectIdentifier($0)).inserted }
        guard !needing.isEmpty else { return }
        let taken: [Int32]? = freePages.withLock { free in
            guard free.count >= needing.count else { return nil }
            defer { free.removeLast(needing.count) }
            return Array(free.suffix(needing.count))
        }
        guard let taken else {
            throw .keyValueCacheFull(blocksNeeded: needing.count, blocksFree: freePages.withLock(\.count), bytesPerBlock: bytesPerBlock)
        }
        for (block, page) in zip(needing, taken) { block.page = page }
    }

    /// Pages no block holds.
    public var freePageCount: Int { freePages.withLock(\.count) }

    fileprivate func release(_ page: Int32) {
        freePages.withLock { $0.append(page) }
    }
}

/// A block of the device's key-value cache: the page it holds once written, and a copy of
/// another block's first positions still to be made (``DeviceKVStore/copy(_:positionsOf:into:)``).
///
/// `@unchecked Sendable`: `page` and `pendingCopy` change only in the forward pass of the
/// scorer that owns the block's sequence, one pass at a time.
final class DeviceKVBlock: KVCacheBlock, @unchecked Sendable {
    let store: DeviceKVStore
    /// Its page, or -1 before a forward pass first gives it one.
    var page: Int32 = -1
    var pendingCopy: (source: DeviceKVBlock, count: Int)?

    init(store: DeviceKVStore) {
        self.store = store
    }

    var byteCount: Int { store.bytesPerBlock }

    deinit {
        if page >= 0 { store.release(page) }
    }
}
