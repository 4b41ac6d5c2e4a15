import Foundation
import GGUF
import TestSupport
import Testing

/// medsweep decodes every block as gguf-py's reference dequantizers do (`gguf.quants.dequantize`,
/// whose float operations are ggml's `dequantize_row_*`), bit for bit: random blocks (random
/// bytes, their f16 fields set to random finite halves) and blocks medsweep quantized.
@Suite(.offThePool, .enabled(if: ReferencePython.hasGGUF, ReferencePython.skipReason))
struct GGUFPyDequantizeTests {
    /// Where each quantized type keeps its f16 fields, within a block.
    static let halfFields: [GGMLType: [Int]] = [
        .q4_0: [0], .q4_1: [0, 2], .q5_0: [0], .q5_1: [0, 2], .q8_0: [0],
        .q2_K: [80, 82], .q3_K: [108], .q4_K: [0, 2], .q5_K: [0, 2], .q6_K: [208],
    ]

    static let blocksPerType = 512

    @Test func randomAndQuantizedBlocksDecodeAsInGGUFPy() throws {
        var random = SeededGenerator(seed: 31)
        let folder = URL(fileURLWithPath: temporaryPath("gguf-py-dequantize"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let types = Self.halfFields.keys.sorted { $0.rawValue < $1.rawValue }
        var ours: [GGMLType: [Float]] = [:]
        for type in types {
            var bytes = random.bytes(Self.blocksPerType / 2 * type.bytesPerBlock)
            for block in 0 ..< Self.blocksPerType / 2 {
                for field in Self.halfFields[type]! {
                    let half = Self.finiteHalf(&random)
                    bytes[block * type.bytesPerBlock + field] = UInt8(half & 0xFF)
                    bytes[block * type.bytesPerBlock + field + 1] = UInt8(half >> 8)
                }
            }
            let count = Self.blocksPerType / 2 * type.elementsPerBlock
            bytes += try type.quantize(random.normals(count, scale: 2))
            try Data(bytes).write(to: folder.appendingPathComponent("\(type.name).bin"))
            ours[type] = try bytes.withUnsafeBytes { try type.dequantize($0, count: 2 * count) }
        }
        let run = try ReferencePython.run(Self.script, [folder.path] + types.map(\.name))
        try #require(run.status == 0, "\(run.standardError)")
        for type in types {
            let data = try Data(contentsOf: folder.appendingPathComponent("\(type.name).f32"))
            let theirs = data.withUnsafeBytes { raw in
                (0 ..< raw.count / 4).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)) }
            }
            let mine = ours[type]!.map(\.bitPattern)
            #expect(theirs.count == mine.count, "\(type.name)")
            let differing = zip(mine, theirs).filter { $0 != $1 }.count
            print("\(type.name): \(Self.blocksPerType) blocks, \(mine.count) values decoded, \(differing) differ from gguf-py")
            #expect(differing == 0, "\(type.name): \(differing) values differ from gguf-py's")
        }
    }

    /// A random IEEE half that is neither infinite nor NaN (subnormals included).
    static func finiteHalf(_ random: inout SeededGenerator) -> UInt16 {
        while true {
            let bits = UInt16.random(in: 0 ... .max, using: &random)
            if bits & 0x7C00 != 0x7C00 { return bits }
        }
    }

    /// Decodes argv[1]/<TYPE>.bin with gguf-py into argv[1]/<TYPE>.f32 for each TYPE after it.
    static let script = #"""
    import sys
    import numpy as np
    import gguf
    folder = sys.argv[1]
    for name in sys.argv[2:]:
        raw = np.fromfile(f"{folder}/{name}.bin", dtype=np.uint8)
        values = gguf.quants.dequantize(raw, gguf.GGMLQuantizationType[name])
        values.astype("<f4").reshape(-1).tofile(f"{folder}/{name}.f32")
    """#
}
