import Dispatch

/// A tensor's elements cut into fixed chunks of ``size``, run on all cores.
///
/// The cut depends only on the element count, never on the core count, and whatever a chunk
/// sums is combined in chunk order, so every result is the same on 1 core or 64.
enum ElementChunks {
    /// Elements per chunk: 64 Ki, large enough to amortise the dispatch, small enough that a
    /// 4096-wide tensor gives every core work.
    static let size = 1 << 16

    static func count(of elements: Int) -> Int { (elements + size - 1) / size }

    static func range(_ chunk: Int, of elements: Int) -> Range<Int> {
        chunk * size ..< min(elements, (chunk + 1) * size)
    }

    /// Calls `body` with every chunk's index and element range, in parallel.
    static func forEach(elements: Int, _ body: @Sendable (_ chunk: Int, _ range: Range<Int>) -> Void) {
        let chunks = count(of: elements)
        if chunks <= 1 {
            if elements > 0 { body(0, 0 ..< elements) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in body(chunk, range(chunk, of: elements)) }
    }

    /// Per-chunk results of `body`, in chunk order.
    static func map<T: Sendable>(elements: Int, _ body: @Sendable (_ range: Range<Int>) -> T) -> [T] {
        parallelMap(count(of: elements)) { chunk in body(range(chunk, of: elements)) }
    }

    /// `body(0) … body(count − 1)`, computed in parallel, in index order.
    static func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let results = ResultSlots<T>(count: count)
        if count == 1 {
            results.store(body(0), at: 0)
        } else if count > 1 {
            DispatchQueue.concurrentPerform(iterations: count) { index in results.store(body(index), at: index) }
        }
        return results.values
    }
}

/// Floats shared by parallel chunks, each writing only its own disjoint range.
///
/// `@unchecked Sendable`: the pointer outlives the parallel loop (the caller holds the array),
/// and chunks never touch the same element.
struct SharedFloats: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>

    init(_ buffer: UnsafeMutableBufferPointer<Float>) {
        base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 16)!
    }

    subscript(index: Int) -> Float {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }
}

/// One slot per chunk, each written by its own chunk once.
///
/// `@unchecked Sendable`: slots are disjoint (raw storage, no exclusivity check across
/// threads) and read only after the parallel loop returns.
private final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: max(count, 1))
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ value: T, at index: Int) { slots[index] = value }

    var values: [T] { (0 ..< count).map { slots[$0]! } }
}
