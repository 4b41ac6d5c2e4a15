import GGUF

/// Computes a tile of `y = W x`: for `rows` weight rows and `columns` activation rows,
/// `output[c * outputStride + r] = W[r] · x[c]` over `length` values.
///
/// Every kernel computes each element with the canonical arithmetic of its type (see
/// `Portable/`), whatever the tile's size, so a matrix product does not depend on how it is
/// cut into tiles, nor on the kernel family (portable or AVX-512) that ran it.
struct TileKernel: Sendable {
    typealias Function = @Sendable (
        _ weights: UnsafeRawPointer, _ weightRowBytes: Int, _ rows: Int,
        _ activations: UnsafeRawPointer, _ activationRowBytes: Int, _ columns: Int,
        _ length: Int, _ output: UnsafeMutablePointer<Float>, _ outputStride: Int
    ) -> Void

    /// The largest tile the kernel takes in one call.
    let maxRows: Int
    let maxColumns: Int
    let run: Function

    /// A tile kernel built from a single dot product, one element at a time.
    static func elementwise(
        _ dot: @escaping @Sendable (UnsafeRawPointer, UnsafeRawPointer, Int) -> Float
    ) -> TileKernel {
        TileKernel(maxRows: 4, maxColumns: 4) { w, wStride, rows, x, xStride, columns, length, out, outStride in
            for column in 0 ..< columns {
                for row in 0 ..< rows {
                    out[column * outStride + row] = dot(w + row * wStride, x + column * xStride, length)
                }
            }
        }
    }

    /// The portable kernel for weights of `type`; `length` is in values.
    static func portable(for type: GGMLType) -> TileKernel? {
        switch type {
        case .q8_0: elementwise { PortableDotQ8_0.q8_0($0, $1, blocks: $2 / 32) }
        case .q4_0: elementwise { PortableDotQ8_0.q4_0($0, $1, blocks: $2 / 32) }
        case .q5_0: elementwise { PortableDotQ8_0.q5_0($0, $1, blocks: $2 / 32) }
        case .q4_1: elementwise { PortableDotQ8_1.q4_1($0, $1, blocks: $2 / 32) }
        case .q5_1: elementwise { PortableDotQ8_1.q5_1($0, $1, blocks: $2 / 32) }
        case .q2_K: elementwise { PortableDotKQuants.q2_K($0, $1, blocks: $2 / 256) }
        case .q3_K: elementwise { PortableDotKQuants.q3_K($0, $1, blocks: $2 / 256) }
        case .q4_K: elementwise { PortableDotKQuants.q4_K($0, $1, blocks: $2 / 256) }
        case .q5_K: elementwise { PortableDotKQuants.q5_K($0, $1, blocks: $2 / 256) }
        case .q6_K: elementwise { PortableDotKQuants.q6_K($0, $1, blocks: $2 / 256) }
        case .f32: elementwise { PortableDotFloat.f32($0, $1, count: $2) }
        case .f16: elementwise { PortableDotFloat.f16($0, $1, count: $2) }
        case .bf16: elementwise { PortableDotFloat.bf16($0, $1, count: $2) }
        default: nil
        }
    }
}
