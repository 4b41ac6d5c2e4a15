import EngineAVX512
import GGUF

/// The tile kernels the engine runs with: the AVX-512 family where the CPU has AVX-512 with
/// VNNI, else the portable one. Both compute the same bits (see ``TileKernel``).
public struct KernelSet: Sendable {
    public enum Family: String, Sendable {
        case portable
        case avx512 = "avx512-vnni"
    }

    public let family: Family
    private let kernels: [GGMLType: MatrixKernel]
    let attention: AttentionKernels
    typealias Quantizer = @Sendable (_ values: UnsafePointer<Float>, _ length: Int, _ row: UnsafeMutableRawPointer) -> Void
    /// Activations to Q8_0 (the same bytes in both families).
    let quantizeQ8_0: Quantizer
    /// Activations to Q8_1 (the same bytes in both families).
    let quantizeQ8_1: Quantizer
    /// SwiGLU, `gate = silu(gate) · up` in place over `count` values, with llama.cpp's vector
    /// exponential (the same bits in both families; see ``VectorExponential``).
    let swiGLU: @Sendable (_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, _ count: Int) -> Void
    /// RoPE's rotation of `heads` heads of `dimension` by one position's angle table (the
    /// same bits in both families; see ``RotaryEmbedding/rotatePairs(_:heads:dimension:angles:)``).
    let rotate: @Sendable (_ x: UnsafeMutablePointer<Float>, _ heads: Int, _ dimension: Int, _ angles: UnsafePointer<Float>) -> Void

    /// The fastest family this CPU runs, or `family` when given (tests pin the portable one).
    public init(family requested: Family? = nil) {
        let family = requested ?? (CPUFeatures.current.hasAVX512VNNI ? .avx512 : .portable)
        self.family = family
        var kernels: [GGMLType: MatrixKernel] = [:]
        for type in GGMLType.allCases {
            let avx512 = family == .avx512 ? AVX512Kernels.kernel(for: type) : nil
            if let kernel = avx512 ?? TileKernel.portable(for: type).map(MatrixKernel.init(tiles:)) {
                kernels[type] = kernel
            }
        }
        self.kernels = kernels
        attention = AttentionKernels(family: family)
        if family == .avx512 {
            quantizeQ8_0 = { values, length, row in AVX512Activations.quantizeQ8_0(values, length: length, into: row) }
            quantizeQ8_1 = { values, length, row in AVX512Activations.quantizeQ8_1(values, length: length, into: row) }
            swiGLU = { AVX512Exponentials.swiGLU($0, $1, count: $2) }
            rotate = { AVX512Rotation.rotate($0, heads: $1, dimension: $2, angles: $3) }
        } else {
            quantizeQ8_0 = { values, length, row in ActivationFormat.q8_0.convert(values, length: length, into: row) }
            quantizeQ8_1 = { values, length, row in ActivationFormat.q8_1.convert(values, length: length, into: row) }
            swiGLU = { portableSwiGLU($0, $1, count: $2) }
            rotate = { RotaryEmbedding.rotatePairs($0, heads: $1, dimension: $2, angles: $3) }
        }
    }

    func kernel(for type: GGMLType) -> MatrixKernel {
        guard let kernel = kernels[type] else { preconditionFailure("no kernel for \(type); WeightMatrix admits none such") }
        return kernel
    }
}
