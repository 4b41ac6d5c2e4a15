/// Merge ranks by pair of symbol ids: an open-addressing hash table (linear probing, at most
/// half full) with a multiplicative hash, because the merge loop asks it for every adjacent
/// pair of every word and `Dictionary`'s seeded SipHash costs several times more per lookup.
struct PairRankTable: Sendable {
    /// `left << 32 | right`, or `empty`.
    private let keys: [UInt64]
    private let ranks: [Int32]
    private let shift: UInt64

    private static let empty = UInt64.max

    /// The table of `pairs` (left, right, rank); a pair listed twice keeps its first rank.
    init(_ pairs: [(left: Int32, right: Int32, rank: Int32)]) {
        var bits: UInt64 = 4
        while (1 << bits) < 2 * max(pairs.count, 1) { bits += 1 }
        var keys = [UInt64](repeating: Self.empty, count: 1 << bits)
        var ranks = [Int32](repeating: -1, count: 1 << bits)
        let shift = 64 - bits
        for pair in pairs {
            let key = Self.key(pair.left, pair.right)
            var slot = Self.slot(of: key, shift: shift)
            while keys[slot] != Self.empty && keys[slot] != key { slot = (slot + 1) & (keys.count - 1) }
            if keys[slot] == Self.empty {
                keys[slot] = key
                ranks[slot] = pair.rank
            }
        }
        self.keys = keys
        self.ranks = ranks
        self.shift = shift
    }

    /// The rank of the merge joining `left` and `right` (both non-negative), or nil.
    @inline(__always)
    func rank(_ left: Int32, _ right: Int32) -> Int32? {
        let key = Self.key(left, right)
        return keys.withUnsafeBufferPointer { keys -> Int32? in
            var slot = Self.slot(of: key, shift: shift)
            while true {
                let found = keys[slot]
                if found == key { return ranks[slot] }
                if found == Self.empty { return nil }
                slot = (slot + 1) & (keys.count - 1)
            }
        }
    }

    @inline(__always)
    private static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    @inline(__always)
    private static func slot(of key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}
