import EngineAVX512
import GGUF

/// The AVX-512 (VNNI) kernels, for the types that have one; the others run portably.
enum AVX512Kernels {
    static func kernel(for type: GGMLType) -> MatrixKernel? {
        switch type {
        case .q4_0: MatrixKernel(avx512: AVX512RowLanes32.Weights.q4_0)
        case .q5_0: MatrixKernel(avx512: AVX512RowLanes32.Weights.q5_0)
        case .q8_0: MatrixKernel(avx512: AVX512RowLanes32.Weights.q8_0)
        case .q4_1: MatrixKernel(avx512: AVX512RowLanes32.Weights.q4_1)
        case .q5_1: MatrixKernel(avx512: AVX512RowLanes32.Weights.q5_1)
        case .q2_K: MatrixKernel(avx512: AVX512RowLanesLowBitKQuants.Weights.q2_K)
        case .q3_K: MatrixKernel(avx512: AVX512RowLanesLowBitKQuants.Weights.q3_K)
        case .q4_K: MatrixKernel(avx512: AVX512RowLanesKQuants.Weights.q4_K)
        case .q5_K: MatrixKernel(avx512: AVX512RowLanesKQuants.Weights.q5_K)
        case .q6_K: MatrixKernel(avx512: AVX512RowLanesKQuants.Weights.q6_K)
        default: tile(for: type).map(MatrixKernel.init(tiles:))
        }
    }

    private static func tile(for type: GGMLType) -> TileKernel? {
        switch type {
        case .f16:
            TileKernel(maxRows: 4, maxColumns: 4) { AVX512Float.tile(AVX512Float.dotF16, $0, $1, $2, $3, $4, $5, $6, $7, $8) }
        case .bf16:
            TileKernel(maxRows: 4, maxColumns: 4) { AVX512Float.tile(AVX512Float.dotBF16, $0, $1, $2, $3, $4, $5, $6, $7, $8) }
        case .f32:
            TileKernel(maxRows: 4, maxColumns: 4) { AVX512Float.tile(AVX512Float.dotF32, $0, $1, $2, $3, $4, $5, $6, $7, $8) }
        default:
            nil
        }
    }
}
