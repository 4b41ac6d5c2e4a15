/// The transformer's elementwise steps on the device: residual additions
/// (`Shaders/add.comp`), SwiGLU (`swiglu.comp`) and RoPE (`rope.comp`).
public final class Elementwise: Sendable {
    let add: ComputePipeline
    let swiGLU: ComputePipeline
    let rope: ComputePipeline

    public init(device: ComputeDevice) throws(VulkanError) {
        add = try ComputePipeline(device: device, shader: .add, bindingCount: 2, pushConstantBytes: 4)
        swiGLU = try ComputePipeline(device: device, shader: .swiglu, bindingCount: 2, pushConstantBytes: 8)
        rope = try ComputePipeline(device: device, shader: .rope, bindingCount: 2, pushConstantBytes: 12)
    }

    /// Records `sum[i] += addend[i]` for `count` floats.
    public func encodeAdd(_ commands: CommandRecording, _ sum: StorageBuffer, _ addend: StorageBuffer, count: Int) throws(VulkanError) {
        try require(sum, "sum", bytes: count * 4, kernel: "add")
        try require(addend, "addend", bytes: count * 4, kernel: "add")
        try commands.dispatch(add, buffers: [sum, addend], pushConstants: [UInt32(count)], groups: spread((count + 63) / 64))
    }

    /// Records `gate[i] = silu(gate[i]) · up[i]` for `count` floats, rows of `rowLength`
    /// (llama.cpp's exponential takes each row's values 16 at a time).
    public func encodeSwiGLU(
        _ commands: CommandRecording, gate: StorageBuffer, up: StorageBuffer, count: Int, rowLength: Int
    ) throws(VulkanError) {
        try require(gate, "gate", bytes: count * 4, kernel: "swiglu")
        try require(up, "up", bytes: count * 4, kernel: "swiglu")
        guard rowLength > 0, count % rowLength == 0 else { throw .shape(kernel: "swiglu", reason: "\(count) values in rows of \(rowLength)") }
        try commands.dispatch(swiGLU, buffers: [gate, up], pushConstants: [UInt32(count), UInt32(rowLength)], groups: spread((count + 63) / 64))
    }

    /// Records RoPE of `rows` rows of `heads` heads in place, each row by its table in
    /// `angles` (rows, headDimension): cosine and sine per pair.
    public func encodeRoPE(
        _ commands: CommandRecording, _ x: StorageBuffer, angles: StorageBuffer, rows: Int, heads: Int, headDimension: Int
    ) throws(VulkanError) {
        guard headDimension % 2 == 0, rows > 0, heads > 0 else {
            throw .shape(kernel: "rope", reason: "\(rows) rows of \(heads) heads of \(headDimension) (an even dimension)")
        }
        try require(x, "x", bytes: rows * heads * headDimension * 4, kernel: "rope")
        try require(angles, "angles", bytes: rows * headDimension * 4, kernel: "rope")
        let pairs = rows * heads * headDimension / 2
        try commands.dispatch(rope, buffers: [x, angles], pushConstants: [UInt32(rows), UInt32(heads), UInt32(headDimension)],
                              groups: spread((pairs + 63) / 64))
    }
}
