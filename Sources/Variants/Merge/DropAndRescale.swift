/// DARE's sparsification: each entry is kept with probability `density` and divided by
/// `density` when kept, zeroed otherwise — mergekit v0.0.4's `bernoulli(…, rescale=True)`
/// (`mergekit/sparsify.py`); density ≥ 1 keeps all unchanged.
///
/// mergekit draws its mask from torch's global, unseeded generator. Here the draws are
/// reproducible: chunk c (of ``ElementChunks/size`` entries) of the tensor called `tensor`
/// draws from SplitMix64 seeded with ``chunkSeed(seed:tensor:chunk:)``, one 64-bit draw per
/// entry, kept when its top 53 bits as a fraction in [0, 1) are below `density`. The mask thus
/// depends only on the seed, the tensor's name and the entry's index: not on the core count or
/// the order tensors are merged in.
public enum DropAndRescale {
    public static func apply(_ values: inout [Float], density: Double, seed: UInt64, tensor: String) {
        guard density < 1 else { return }
        let tensorHash = fnv1a(tensor)
        let scale = Float(density)
        values.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedFloats(buffer)
            ElementChunks.forEach(elements: buffer.count) { chunk, range in
                var random = MergeRandom(seed: chunkSeed(seed: seed, tensorHash: tensorHash, chunk: chunk))
                for index in range {
                    if random.nextFraction() < density {
                        shared[index] = shared[index] / scale
                    } else {
                        shared[index] = 0
                    }
                }
            }
        }
    }

    /// The seed of chunk `chunk` of the tensor called `tensor`.
    public static func chunkSeed(seed: UInt64, tensor: String, chunk: Int) -> UInt64 {
        chunkSeed(seed: seed, tensorHash: fnv1a(tensor), chunk: chunk)
    }

    static func chunkSeed(seed: UInt64, tensorHash: UInt64, chunk: Int) -> UInt64 {
        var mixer = MergeRandom(seed: seed ^ tensorHash)
        return mixer.next() &+ UInt64(chunk) &* 0xD1B5_4A32_D192_ED03
    }

    /// FNV-1a of the name's UTF-8 bytes.
    static func fnv1a(_ name: String) -> UInt64 {
        name.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

/// SplitMix64 (Steele, Lea and Flood's generator, as `java.util.SplittableRandom` has it).
struct MergeRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A fraction in [0, 1) from the top 53 bits of one draw.
    mutating func nextFraction() -> Double { Double(next() >> 11) * 0x1p-53 }
}
