import Foundation
import GGUF
import TestSupport
import Testing

/// medsweep's quantizers write the bytes of ggml's reference quantizers, the ones
/// `llama_model_quantize` uses without an importance matrix: rows quantized by ggml itself
/// (scripts/reference/quantizer_golden.py, committed in Golden/quantizer: ordinary
/// distributions and edge rows: zeros, constants, outliers up to 3e38, subnormals, NaN,
/// infinities) are quantized again here and compared block by block.
@Suite(.offThePool) struct ReferenceQuantizerTests {
    /// Every type the golden files hold.
    static let types: [GGMLType] = [.q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q8_1, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .q8_K]

    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/quantizer")

    @Test(arguments: types)
    func goldenRowsQuantizeToLlamaCppBytes(_ type: GGMLType) throws {
        let golden = try QuantizerGolden(folder: Self.goldenFolder)
        let comparison = try golden.compare(type)
        print("\(type.name): \(comparison.blocksCompared) blocks of \(golden.rowNames.count) golden rows compared, \(comparison.differing.count) differ")
        #expect(comparison.blocksCompared == golden.rowNames.count * QuantizerGolden.rowLength / type.elementsPerBlock)
        #expect(comparison.differing.isEmpty, "\(type.name) blocks that differ: \(comparison.differing.prefix(20))")
    }

    /// The same comparison on rows drawn afresh: the generator run live through llama.cpp's
    /// library with a new seed (printed, to reproduce a failure) and 200 more random rows.
    @Test(.enabled(if: LlamaCppPython.executable != nil, LlamaCppPython.skipReason))
    func freshRowsQuantizeToLlamaCppBytes() throws {
        let seed = UInt32.random(in: 1 ... .max)
        let folder = URL(fileURLWithPath: temporaryPath("quantizer-golden"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = Fixtures.projectRoot.appendingPathComponent("scripts/reference/quantizer_golden.py").path
        let run = try CommandRun.run(LlamaCppPython.executable!, [script, "--out", folder.path, "--seed", "\(seed)", "--extra-rows", "200"])
        try #require(run.status == 0, "quantizer_golden.py --seed \(seed) --extra-rows 200: \(run.standardError)")
        let golden = try QuantizerGolden(folder: folder)
        for type in Self.types {
            let comparison = try golden.compare(type)
            print("seed \(seed), \(type.name): \(comparison.blocksCompared) blocks compared, \(comparison.differing.count) differ")
            #expect(comparison.differing.isEmpty, "seed \(seed), \(type.name): \(comparison.differing.prefix(20))")
        }
    }
}

/// A folder written by scripts/reference/quantizer_golden.py: `rows.f32` (rows of 256 f32),
/// `rows.txt` (their names) and one `<TYPE>.bin` per type, llama.cpp's encoding of the rows.
struct QuantizerGolden {
    static let rowLength = 256

    let folder: URL
    let rowNames: [String]
    let rows: [[Float]]

    init(folder: URL) throws {
        self.folder = folder
        let data = try Data(contentsOf: folder.appendingPathComponent("rows.f32"))
        let values = data.withUnsafeBytes { raw in
            (0 ..< raw.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
        rows = stride(from: 0, to: values.count, by: Self.rowLength).map { Array(values[$0 ..< $0 + Self.rowLength]) }
        rowNames = try String(contentsOf: folder.appendingPathComponent("rows.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        guard rowNames.count == rows.count, data.count == rows.count * Self.rowLength * 4 else {
            throw GoldenError.inconsistent("\(rows.count) rows in rows.f32 (\(data.count) bytes), \(rowNames.count) names in rows.txt")
        }
    }

    /// Blocks compared and, for each that differs, its row's name and index in the row.
    func compare(_ type: GGMLType) throws -> (blocksCompared: Int, differing: [String]) {
        let theirs = [UInt8](try Data(contentsOf: folder.appendingPathComponent("\(type.name).bin")))
        let rowBytes = type.byteCount(elements: Self.rowLength)!
        guard theirs.count == rows.count * rowBytes else {
            throw GoldenError.inconsistent("\(type.name).bin has \(theirs.count) bytes, \(rows.count) rows need \(rows.count * rowBytes)")
        }
        var compared = 0, differing: [String] = []
        for (index, row) in rows.enumerated() {
            let ours = try type.quantize(row)
            for block in 0 ..< rowBytes / type.bytesPerBlock {
                let start = index * rowBytes + block * type.bytesPerBlock
                if ours[block * type.bytesPerBlock ..< (block + 1) * type.bytesPerBlock] != theirs[start ..< start + type.bytesPerBlock] {
                    differing.append("\(rowNames[index]) block \(block)")
                }
                compared += 1
            }
        }
        return (compared, differing)
    }

    enum GoldenError: Error, CustomStringConvertible {
        case inconsistent(String)
        var description: String {
            switch self { case .inconsistent(let reason): "golden quantizer files: \(reason)" }
        }
    }
}
