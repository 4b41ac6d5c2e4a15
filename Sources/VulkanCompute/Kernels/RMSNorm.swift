/// RMS norm over rows, then the norm's weights (`Shaders/rms_norm.comp`):
/// `y[t] = x[t] / sqrt(mean(x[t]²) + epsilon) * weight`.
///
/// ```swift
/// let norm = try RMSNorm(device: device)
/// try device.run { try norm.encode($0, input: x, weight: w, output: y, rows: 4, columns: 4096, epsilon: 1e-5) }
/// ```
public final class RMSNorm: Sendable {
    let pipeline: ComputePipeline

    public init(device: ComputeDevice) throws(VulkanError) {
        pipeline = try ComputePipeline(device: device, shader: .rmsNorm, bindingCount: 3, pushConstantBytes: 8)
    }

    /// Records the norm of `rows` rows of `columns` floats: `input` and `output` (rows, columns),
    /// `weight` (columns).
    public func encode(
        _ commands: CommandRecording, input: StorageBuffer, weight: StorageBuffer, output: StorageBuffer,
        rows: Int, columns: Int, epsilon: Float
    ) throws(VulkanError) {
        let kernel = "RMSNorm"
        guard rows > 0, columns > 0 else { throw .shape(kernel: kernel, reason: "\(rows) rows of \(columns) columns") }
        try require(input, "input", bytes: rows * columns * 4, kernel: kernel)
        try require(weight, "weight", bytes: columns * 4, kernel: kernel)
        try require(output, "output", bytes: rows * columns * 4, kernel: kernel)
        try commands.dispatch(pipeline, buffers: [input, weight, output],
                              pushConstants: [UInt32(columns), epsilon.bitPattern], groups: (rows, 1, 1))
    }
}
