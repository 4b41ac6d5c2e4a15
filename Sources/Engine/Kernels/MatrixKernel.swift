import EngineAVX512
import GGUF

/// How one kernel family computes `y = W x` for a band of weight rows against every
/// activation row. Most kernels just cut the band into tiles (``TileKernel``); the AVX-512
/// kernels of the quantized types first lay out both sides for their inner loops.
struct MatrixKernel: Sendable {
    /// A kernel's own layout of an activation row, made once per product.
    struct Preparation: Sendable {
        let rowBytes: @Sendable (_ length: Int) -> Int
        let prepare: @Sendable (_ row: UnsafeRawPointer, _ length: Int, _ into: UnsafeMutableRawPointer) -> Void
    }

    typealias Band = @Sendable (
        _ weights: UnsafeRawPointer, _ weightRowBytes: Int, _ rows: Int,
        _ activations: UnsafeRawPointer, _ activationRowBytes: Int, _ columns: Int,
        _ length: Int, _ output: UnsafeMutablePointer<Float>, _ outputStride: Int,
        _ scratch: UnsafeMutableRawPointer
    ) -> Void

    /// nil when the kernel reads activation rows as converted (``ActivationFormat``).
    let preparation: Preparation?
    /// Per-thread scratch bytes a band of `rows` rows of `length` values needs.
    let scratchBytes: @Sendable (_ rows: Int, _ length: Int) -> Int
    let band: Band

    /// A kernel that cuts the band into tiles of `tile`.
    init(tiles tile: TileKernel) {
        preparation = nil
        scratchBytes = { _, _ in 0 }
        band = { weights, weightRowBytes, rows, activations, activationRowBytes, columns, length, output, outputStride, _ in
            var column = 0
            while column < columns {
                let width = min(tile.maxColumns, columns - column)
                var row = 0
                while row < rows {
                    let height = min(tile.maxRows, rows - row)
                    tile.run(weights + row * weightRowBytes, weightRowBytes, height,
                             activations + column * activationRowBytes, activationRowBytes, width,
                             length, output + column * outputStride + row, outputStride)
                    row += height
                }
                column += width
            }
        }
    }

    /// The AVX-512 Q4_K, Q5_K or Q6_K kernel, with its prepared layouts.
    init(avx512 weights: AVX512RowLanesKQuants.Weights) {
        preparation = Preparation(
            rowBytes: { AVX512RowLanesKQuants.preparedRowBytes(length: $0) },
            prepare: { AVX512RowLanesKQuants.prepare($0, length: $1, for: weights, into: $2) })
        scratchBytes = { _, length in AVX512RowLanesKQuants.scratchBytes(length: length) }
        band = { w, wBytes, rows, a, aBytes, columns, length, out, stride, scratch in
            AVX512RowLanesKQuants.band(w, wBytes, rows, type: weights, a, aBytes, columns, length, out, stride, scratch: scratch)
        }
    }

    /// The AVX-512 Q2_K or Q3_K kernel, with its prepared layouts.
    init(avx512 weights: AVX512RowLanesLowBitKQuants.Weights) {
        preparation = Preparation(
            rowBytes: { AVX512RowLanesLowBitKQuants.preparedRowBytes(length: $0) },
            prepare: { AVX512RowLanesLowBitKQuants.prepare($0, length: $1, for: weights, into: $2) })
        scratchBytes = { _, length in AVX512RowLanesLowBitKQuants.scratchBytes(length: length, for: weights) }
        band = { w, wBytes, rows, a, aBytes, columns, length, out, stride, scratch in
            AVX512RowLanesLowBitKQuants.band(w, wBytes, rows, type: weights, a, aBytes, columns, length, out, stride, scratch: scratch)
        }
    }

    /// The AVX-512 kernel of a type in blocks of 32 (Q4_0, Q5_0, Q8_0, Q4_1, Q5_1), with its
    /// prepared layouts.
    init(avx512 weights: AVX512RowLanes32.Weights) {
        preparation = Preparation(
            rowBytes: { AVX512RowLanes32.preparedRowBytes(length: $0) },
            prepare: { AVX512RowLanes32.prepare($0, length: $1, for: weights, into: $2) })
        scratchBytes = { _, length in AVX512RowLanes32.scratchBytes(length: length, for: weights) }
        band = { w, wBytes, rows, a, aBytes, columns, length, out, stride, scratch in
            AVX512RowLanes32.band(w, wBytes, rows, type: weights, a, aBytes, columns, length, out, stride, scratch: scratch)
        }
    }
}
