/// Device memory for the activations matrix products convert (F16 values, Q8_0, Q8_1 and Q8_K
/// blocks), reused across the products of a forward pass instead of allocated per product:
/// a GPU's allocations are slow and few (often at most 4096 live).
///
/// A buffer too small for a later product is replaced by a larger one; recordings keep the
/// old one alive until their submission has finished. Commands in one recording are ordered
/// by its barriers, so each product's conversion overwrites the last one's only after it
/// was read.
public final class ProductWorkspace: @unchecked Sendable {
    // `@unchecked Sendable`: used by one recording at a time (its forward pass owns it).
    let device: ComputeDevice
    private var buffers: [Slot: StorageBuffer] = [:]
    /// What the buffers hold now: the input converted, in which format, for how many values.
    var converted: Conversion?

    enum Slot: Hashable { case values, scales, sums, quants, groupSums }

    struct Conversion: Equatable {
        let input: ObjectIdentifier
        let format: String
        let count: Int
    }

    public init(device: ComputeDevice) {
        self.device = device
    }

    /// Slot `slot`'s buffer, at least `bytes` long.
    func buffer(_ slot: Slot, bytes: Int) throws(VulkanError) -> StorageBuffer {
        if let buffer = buffers[slot], buffer.byteCount >= bytes { return buffer }
        let buffer = try StorageBuffer(device: device, byteCount: bytes)
        buffers[slot] = buffer
        return buffer
    }
}
