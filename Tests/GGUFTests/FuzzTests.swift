import GGUF
import TestSupport
import Testing

/// Seeded random corruption of a valid file: the reader must end every time with a file or
/// a ``GGUFError``, and a file it accepts must decode without trapping.
@Suite(.offThePool) struct FuzzTests {
    static let iterations = 4_000

    @Test func randomByteFlipsNeverCrash() throws {
        let original = try MalformedFileTests.validFile()
        let headerEnd = try GGUFFile(bytes: original).dataOffset
        var random = SeededGenerator(seed: 2026)
        // Values that sit on boundaries hit more checks than uniform bytes do.
        let interesting: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x20, 0x09, 0x0C]
        var accepted = 0, rejected: [String: Int] = [:]
        for _ in 0 ..< Self.iterations {
            var bytes = original
            for _ in 0 ..< Int.random(in: 1 ... 4, using: &random) {
                // Three flips in four land in the header, where the structure is.
                let position = Int.random(in: 0 ..< 4, using: &random) == 0
                    ? Int.random(in: 0 ..< bytes.count, using: &random)
                    : Int.random(in: 0 ..< headerEnd, using: &random)
                bytes[position] = Bool.random(using: &random)
                    ? interesting.randomElement(using: &random)!
                    : UInt8.random(in: 0 ... 255, using: &random)
            }
            if Int.random(in: 0 ..< 8, using: &random) == 0 {
                bytes.removeLast(Int.random(in: 0 ..< bytes.count, using: &random))
            }
            do {
                let file = try GGUFFile(bytes: bytes)
                for tensor in file.tensors where tensor.type.codec != nil {
                    _ = try file.dequantize(tensor)
                }
                accepted += 1
            } catch let error as GGUFError {
                rejected[kind(error.problem), default: 0] += 1
            }
        }
        print("fuzz: \(Self.iterations) corrupted files, \(accepted) accepted, rejected by kind: \(rejected.sorted { $0.key < $1.key })")
        #expect(accepted + rejected.values.reduce(0, +) == Self.iterations)
        #expect(rejected.count >= 5, "corruption should reach many different checks")
    }

    private func kind(_ problem: GGUFError.Problem) -> String {
        String(String(describing: problem).prefix { $0 != "(" })
    }
}
