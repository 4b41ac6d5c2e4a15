import GGUF

/// `y = W·x` for a batch of activation rows, `y[t * rows + r] = W.row(r) · x.row(t)`, laid out as
/// the CPU engine's MatrixMultiply lays out its output (`outputStride` = rows).
///
/// Each weight type meets activations in the form the CPU engine pairs it with
/// (`ActivationFormat`), and the same arithmetic: F32 weights the float activations
/// (`Shaders/matmul_f32.comp`); F16 and BF16 weights activations rounded to F16 or BF16 on the
/// device (`Shaders/convert_f16.comp`, `matmul_f16.comp`; `convert_bf16.comp`, `matmul_bf16.comp`);
/// Q8_0, Q4_0 and Q5_0 weights activations first quantized to Q8_0
/// blocks on the device (`Shaders/quantize_q8_0.comp`), then integer block products
/// (`Shaders/matmul_q8_0.comp`, `matmul_q4_0.comp`, `matmul_q5_0.comp`); Q4_1 and Q5_1 weights
/// activations quantized to Q8_1 blocks, whose sums meet the weights' minimums
/// (`Shaders/quantize_q8_1.comp`, `matmul_q4_1.comp`, `matmul_q5_1.comp`); Q2_K, Q3_K, Q4_K,
/// Q5_K and Q6_K weights activations quantized to Q8_K super-blocks of 256
/// (`Shaders/quantize_q8_k.comp`), then integer super-block products (`Shaders/matmul_q2_k.comp`,
/// `matmul_q3_k.comp`, `matmul_q4_k.comp`, `matmul_q5_k.comp`, `matmul_q6_k.comp`).
///
/// Each shader invocation computes one output `y[t][r]` alone, over the row's blocks in order,
/// block after block as the CPU's portable kernels do (their lanes too, where they keep several
/// float sums), each fused multiply-add rounded once on every device (`Shaders/exact_fma.glsl`),
/// so the outputs are the CPU engine's to the bit. No shared memory, no barriers, and rows of few
/// blocks (a width of 576 is 18 blocks of 32, or 2 super-blocks of 256) still keep every
/// invocation busy. A workgroup of 64 is `64 / A` weight rows × `A` activation rows,
/// `A` (``activationRows(batch:)``, the fourth push
/// constant) a power of two: invocation `lane` of workgroup `g` takes weight row
/// `g · (64 / A) + lane / A` and activation row `gl_WorkGroupID.y · A + lane % A`, so neighbours
/// read the same weights for different activation rows. Workgroups are `⌈rows / (64 / A)⌉`
/// along x (beyond 65535 along z, see ``spread(_:y:)``) by `⌈batch / A⌉` along y.
///
/// ```swift
/// let product = try MatrixProduct(device: device)
/// try device.run { try product.encode($0, weights: w, input: x, output: y, batch: 8) }
/// ```
public final class MatrixProduct: Sendable {
    let device: ComputeDevice
    let f32: ComputePipeline
    let convertF16: ComputePipeline
    let f16: ComputePipeline
    let quantizeQ8_0: ComputePipeline
    let q8_0: ComputePipeline
    let q4_0: ComputePipeline
    let q5_0: ComputePipeline
    let quantizeQ8_1: ComputePipeline
    let q4_1: ComputePipeline
    let quantizeQ8_K: ComputePipeline
    let q4_K: ComputePipeline
    let q6_K: ComputePipeline
    let convertBF16: ComputePipeline
    let bf16: ComputePipeline
    let q5_1: ComputePipeline
    let q2_K: ComputePipeline
    let q3_K: ComputePipeline
    let q5_K: ComputePipeline

    public init(device: ComputeDevice) throws(VulkanError) {
        self.device = device
        f32 = try ComputePipeline(device: device, shader: .matmulF32, bindingCount: 3, pushConstantBytes: 16)
        convertF16 = try ComputePipeline(device: device, shader: .convertF16, bindingCount: 2, pushConstantBytes: 4)
        f16 = try ComputePipeline(device: device, shader: .matmulF16, bindingCount: 3, pushConstantBytes: 16)
        quantizeQ8_0 = try ComputePipeline(device: device, shader: .quantizeQ8_0, bindingCount: 3, pushConstantBytes: 4)
        q8_0 = try ComputePipeline(device: device, shader: .matmulQ8_0, bindingCount: 4, pushConstantBytes: 16)
        q4_0 = try ComputePipeline(device: device, shader: .matmulQ4_0, bindingCount: 4, pushConstantBytes: 16)
        q5_0 = try ComputePipeline(device: device, shader: .matmulQ5_0, bindingCount: 4, pushConstantBytes: 16)
        quantizeQ8_1 = try ComputePipeline(device: device, shader: .quantizeQ8_1, bindingCount: 4, pushConstantBytes: 4)
        q4_1 = try ComputePipeline(device: device, shader: .matmulQ4_1, bindingCount: 5, pushConstantBytes: 16)
        quantizeQ8_K = try ComputePipeline(device: device, shader: .quantizeQ8K, bindingCount: 4, pushConstantBytes: 4)
        q4_K = try ComputePipeline(device: device, shader: .matmulQ4K, bindingCount: 5, pushConstantBytes: 16)
        q6_K = try ComputePipeline(device: device, shader: .matmulQ6K, bindingCount: 4, pushConstantBytes: 16)
        convertBF16 = try ComputePipeline(device: device, shader: .convertBf16, bindingCount: 2, pushConstantBytes: 4)
        bf16 = try ComputePipeline(device: device, shader: .matmulBf16, bindingCount: 3, pushConstantBytes: 16)
        q5_1 = try ComputePipeline(device: device, shader: .matmulQ5_1, bindingCount: 5, pushConstantBytes: 16)
        q2_K = try ComputePipeline(device: device, shader: .matmulQ2K, bindingCount: 5, pushConstantBytes: 16)
        q3_K = try ComputePipeline(device: device, shader: .matmulQ3K, bindingCount: 4, pushConstantBytes: 16)
        q5_K = try ComputePipeline(device: device, shader: .matmulQ5K, bindingCount: 5, pushConstantBytes: 16)
    }

    /// Activation rows per workgroup (A) for a batch: the least power of two ≥ `batch`, at most 8
    /// (1, 2, 4, then 8 from 5 rows on), so that a batch of one or two leaves few invocations
    /// without an output, and a large one reads each weight once per 8 activation rows.
    static func activationRows(batch: Int) -> Int {
        var rows = 1
        while rows < min(batch, 8) { rows *= 2 }
        return rows
    }

    /// Records `output = weights · input` for `batch` rows: `input` (batch, columns) floats,
    /// `output` (batch, rows) floats. Converted activations go into `workspace` (a fresh one
    /// when nil); with `sameInput`, `input` is unchanged since the workspace's last product, and
    /// a conversion to the same format is not done again.
    public func encode(
        _ commands: CommandRecording, weights: MatrixWeights, input: StorageBuffer, output: StorageBuffer, batch: Int,
        workspace: ProductWorkspace? = nil, sameInput: Bool = false
    ) throws(VulkanError) {
        let kernel = "MatrixProduct(\(weights.type))"
        guard batch > 0 else { throw .shape(kernel: kernel, reason: "a batch of \(batch) rows") }
        try require(input, "input", bytes: batch * weights.columns * 4, kernel: kernel)
        try require(output, "output", bytes: batch * weights.rows * 4, kernel: kernel)
        let activationRows = Self.activationRows(batch: batch), weightRows = 64 / activationRows
        let shape = [UInt32(weights.columns), UInt32(weights.rows), UInt32(batch), UInt32(activationRows)]
        let batchGroups = (batch + activationRows - 1) / activationRows
        guard batchGroups <= 65535 else {
            throw .shape(kernel: kernel, reason: "a batch of \(batch) rows (at most \(65535 * Self.activationRows(batch: .max)))")
        }
        let groups = spread((weights.rows + weightRows - 1) / weightRows, y: batchGroups)
        let workspace = workspace ?? ProductWorkspace(device: device)
        /// Whether `input` must be converted to `format` (else the workspace holds it so).
        func converting(_ format: String) -> Bool {
            let conversion = ProductWorkspace.Conversion(input: ObjectIdentifier(input), format: format, count: batch * weights.columns)
            defer { workspace.converted = conversion }
            return !(sameInput && workspace.converted == conversion)
        }

        switch weights.type {
        case .f32:
            workspace.converted = nil
            try commands.dispatch(f32, buffers: [weights.buffer, input, output], pushConstants: shape, groups: groups)
        case .f16, .bf16:
            // The activations' F16 (BF16) values, as floats.
            let count = batch * weights.columns
            let halves = try workspace.buffer(.values, bytes: count * 4)
            let (convert, pipeline) = weights.type == .f16 ? (convertF16, f16) : (convertBF16, bf16)
            if converting(weights.type == .f16 ? "f16" : "bf16") {
                try commands.dispatch(convert, buffers: [input, halves], pushConstants: [UInt32(count)],
                                      groups: spread((count + 63) / 64))
            }
            try commands.dispatch(pipeline, buffers: [weights.buffer, halves, output], pushConstants: shape, groups: groups)
        case .q8_0, .q4_0, .q5_0:
            // Quantized activations: one float scale and 8 words of quants per block of 32.
            let blocks = batch * weights.columns / 32
            let scales = try workspace.buffer(.scales, bytes: blocks * 4)
            let quants = try workspace.buffer(.quants, bytes: blocks * 32)
            if converting("q8_0") {
                try commands.dispatch(quantizeQ8_0, buffers: [input, scales, quants], pushConstants: [UInt32(blocks)],
                                      groups: spread((blocks + 63) / 64))
            }
            let pipeline = switch weights.type { case .q8_0: q8_0; case .q4_0: q4_0; default: q5_0 }
            try commands.dispatch(pipeline, buffers: [weights.buffer, scales, quants, output], pushConstants: shape, groups: groups)
        case .q4_1, .q5_1:
            // Q8_1 activations: d and s as floats, 8 words of quants per block of 32.
            let blocks = batch * weights.columns / 32
            let scales = try workspace.buffer(.scales, bytes: blocks * 4)
            let sums = try workspace.buffer(.sums, bytes: blocks * 4)
            let quants = try workspace.buffer(.quants, bytes: blocks * 32)
            if converting("q8_1") {
                try commands.dispatch(quantizeQ8_1, buffers: [input, scales, sums, quants], pushConstants: [UInt32(blocks)],
                                      groups: spread((blocks + 63) / 64))
            }
            try commands.dispatch(weights.type == .q4_1 ? q4_1 : q5_1, buffers: [weights.buffer, scales, sums, quants, output],
                                  pushConstants: shape, groups: groups)
        case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K:
            // Q8_K activations: one float d, 64 words of quants and 16 int group sums per block
            // of 256.
            let blocks = batch * weights.columns / 256
            let scales = try workspace.buffer(.scales, bytes: blocks * 4)
            let quants = try workspace.buffer(.quants, bytes: blocks * 256)
            let sums = try workspace.buffer(.groupSums, bytes: blocks * 64)
            if converting("q8_K") {
                try commands.dispatch(quantizeQ8_K, buffers: [input, scales, quants, sums], pushConstants: [UInt32(blocks)],
                                      groups: spread((blocks + 63) / 64))
            }
            // Q3_K and Q6_K have no minimums, so no use for the group sums.
            let (pipeline, buffers) = switch weights.type {
            case .q2_K: (q2_K, [weights.buffer, scales, quants, sums, output])
            case .q3_K: (q3_K, [weights.buffer, scales, quants, output])
            case .q4_K: (q4_K, [weights.buffer, scales, quants, sums, output])
            case .q5_K: (q5_K, [weights.buffer, scales, quants, sums, output])
            default: (q6_K, [weights.buffer, scales, quants, output])
            }
            try commands.dispatch(pipeline, buffers: buffers, pushConstants: shape, groups: groups)
        default:
            throw .shape(kernel: kernel, reason: "no Vulkan matrix kernel for \(weights.type)")  // MatrixWeights admits none such
        }
    }
}
