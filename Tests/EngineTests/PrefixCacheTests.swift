@testable import Engine
import Testing

@Suite struct PrefixCacheTests {
    /// A sequence of `tokens` with blocks filled with a marker.
    func sequence(_ tokens: [Int32]) -> KVSequence {
        let sequence = KVSequence(store: HostKVStore(layerCount: 1, width: 4))
        sequence.reserve(upTo: tokens.count)
        sequence.length = tokens.count
        sequence.tokens = tokens
        return sequence
    }

    @Test func findsTheLongestSharedPrefixToTheToken() {
        let cache = PrefixCache(byteLimit: 1 << 20)
        let tokens = (0 ..< 40).map(Int32.init)
        cache.insert(sequence(tokens))
        #expect(cache.blockCount == 2, "only whole blocks are kept")
        let all = cache.lookup(tokens)
        #expect(all.blocks.count == 2 && all.partial == nil && all.tokenCount == 32)
        // A prompt that is exactly two cached blocks keeps its last token to compute: one whole
        // block, and 15 positions of the second to copy.
        let exact = cache.lookup(Array(tokens.prefix(32)))
        #expect(exact.blocks.count == 1 && exact.partial?.count == 15)
        var changed = tokens
        changed[20] = 999
        #expect(cache.lookup(changed).tokenCount == 20)
        changed[3] = 999
        let early = cache.lookup(changed)
        #expect(early.blocks.isEmpty && early.tokenCount == 3)
        #expect(cache.hitTokens == 32 + 31 + 20 + 3)
    }

    @Test func evictsLeastRecentlyUsedLeavesWithinTheLimit() {
        let blockBytes = KVBlock(layerCount: 1, width: 4).byteCount
        let cache = PrefixCache(byteLimit: 3 * blockBytes)
        let shared = (0 ..< 16).map(Int32.init)
        let a = shared + (100 ..< 116).map(Int32.init), b = shared + (200 ..< 216).map(Int32.init)
        cache.insert(sequence(a + [1]))
        cache.insert(sequence(b + [1]))
        #expect(cache.blockCount == 3)
        _ = cache.lookup(a + [1])  // a's leaf is now more recent than b's
        let c = shared + (300 ..< 316).map(Int32.init)
        cache.insert(sequence(c + [1]))
        #expect(cache.byteCount <= 3 * blockBytes)
        #expect(cache.lookup(a + [1]).blocks.count == 2)
        #expect(cache.lookup(b + [1]).blocks.count == 1, "b's leaf, least recently used, was evicted")
        #expect(cache.lookup(c + [1]).blocks.count == 2)
    }

    @Test func removeAllForgetsEveryPrefixButKeepsTheCounters() {
        let cache = PrefixCache(byteLimit: 1 << 20)
        let tokens = (0 ..< 40).map(Int32.init)
        cache.insert(sequence(tokens))
        #expect(cache.lookup(tokens).tokenCount == 32)
        cache.removeAll()
        #expect(cache.blockCount == 0 && cache.byteCount == 0)
        #expect(cache.lookup(tokens).tokenCount == 0)
        #expect(cache.hitTokens == 32 && cache.lookedUpTokens == 80)
        cache.insert(sequence(tokens))
        #expect(cache.lookup(tokens).tokenCount == 32, "the cache fills again")
    }

    /// What a group of prompts looks up without taking (the shared prefix serves them): not
    /// counted as served until recorded.
    @Test func longestMatchIsNotCountedUntilRecorded() {
        let cache = PrefixCache(byteLimit: 1 << 20)
        let tokens = (0 ..< 40).map(Int32.init)
        cache.insert(sequence(tokens))
        #expect(cache.longestMatch(tokens).tokenCount == 32)
        #expect(cache.hitTokens == 0 && cache.lookedUpTokens == 0)
        cache.recordServed(12, lookedUp: 30)
        #expect(cache.hitTokens == 12 && cache.lookedUpTokens == 30)
    }
}
