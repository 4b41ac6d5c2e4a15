import Testing
@testable import Sweep

/// The coordinator's memory of recent replies, by request id.
@Suite struct ReplyCacheTests {
    static func bytes(_ n: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: n), UInt8(truncatingIfNeeded: n >> 8)] }

    @Test func oldestRepliesGoFirst() {
        var cache = ReplyCache(capacity: 3)
        for (n, key) in ["a", "b", "c"].enumerated() { cache.store(Self.bytes(n), for: key) }
        #expect(cache.count == 3)
        cache.store(Self.bytes(3), for: "d")
        #expect(cache.count == 3)
        #expect(cache["a"] == nil)
        #expect(cache["b"] == Self.bytes(1))
        #expect(cache["d"] == Self.bytes(3))
        cache.store(Self.bytes(4), for: "e")
        #expect(cache["b"] == nil)
        #expect(cache["c"] == Self.bytes(2))
        #expect(cache["e"] == Self.bytes(4))
        #expect(cache.count == 3)
    }

    @Test func updatingAKeyDoesNotGrowTheCacheOrRefreshIt() {
        var cache = ReplyCache(capacity: 3)
        cache.store(Self.bytes(0), for: "a")
        cache.store(Self.bytes(1), for: "b")
        cache.store(Self.bytes(2), for: "c")
        cache.store(Self.bytes(10), for: "a")
        cache.store(Self.bytes(11), for: "a")
        #expect(cache.count == 3)
        #expect(cache["a"] == Self.bytes(11))
        #expect(cache["b"] == Self.bytes(1))
        // Still the oldest by first insertion.
        cache.store(Self.bytes(3), for: "d")
        #expect(cache["a"] == nil)
        #expect(cache["b"] == Self.bytes(1))
        #expect(cache.count == 3)
    }

    @Test(arguments: [1, 2, 7])
    func manyRepliesKeepTheLastCapacity(capacity: Int) {
        var cache = ReplyCache(capacity: capacity)
        for n in 0 ..< 1000 {
            cache.store(Self.bytes(n), for: "r\(n)")
            #expect(cache.count == min(n + 1, capacity))
        }
        for n in 0 ..< 1000 {
            let expected = n >= 1000 - capacity ? Self.bytes(n) : nil
            if cache["r\(n)"] != expected {
                Issue.record("r\(n): \(String(describing: cache["r\(n)"])) instead of \(String(describing: expected))")
                break
            }
        }
    }

    @Test func evictedKeyCanBeStoredAgain() {
        var cache = ReplyCache(capacity: 2)
        cache.store([1], for: "a")
        cache.store([2], for: "b")
        cache.store([3], for: "c")
        #expect(cache["a"] == nil)
        cache.store([4], for: "a")
        #expect(cache["a"] == [4])
        #expect(cache["b"] == nil)
        #expect(cache["c"] == [3])
        #expect(cache.count == 2)
    }

    @Test func zeroCapacityRemembersNothing() {
        var cache = ReplyCache(capacity: 0)
        cache.store([1], for: "a")
        cache.store([2], for: "b")
        #expect(cache.count == 0)
        #expect(cache["a"] == nil)
    }
}

/// Fault 11 of issue 18: the reply cache is bounded by bytes, not only by count (4,096 unit
/// replies of a long-prompt sweep held gigabytes).
@Suite struct ReplyCacheByteBoundTests {
    @Test func largeRepliesAreBoundedByBytes() {
        var cache = ReplyCache(capacity: 4096)
        let reply = [UInt8](repeating: 0x41, count: 1 << 20)
        for n in 0 ..< 200 { cache.store(reply, for: "r\(n)") }
        let held = (0 ..< 200).compactMap { cache["r\($0)"] }
        #expect(held.reduce(0) { $0 + $1.count } <= 64 << 20)
        // The newest are the ones kept.
        #expect(cache["r199"] != nil)
        #expect(cache["r0"] == nil)
    }
}
