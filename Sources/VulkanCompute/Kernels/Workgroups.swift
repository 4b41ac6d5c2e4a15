/// Workgroup counts for `count` items along one axis: at most 65535 along x (the least
/// maxComputeWorkGroupCount every device offers), the rest along z. Shaders rebuild the index
/// as `gl_WorkGroupID.z * gl_NumWorkGroups.x + gl_WorkGroupID.x` and skip indices ≥ count.
func spread(_ count: Int, y: Int = 1) -> (x: Int, y: Int, z: Int) {
    let x = min(count, 65535)
    return (x, y, (count + x - 1) / x)
}

/// Checks that `buffer` holds at least `bytes` bytes for `kernel`.
func require(_ buffer: StorageBuffer, _ name: String, bytes: Int, kernel: String) throws(VulkanError) {
    guard buffer.byteCount >= bytes else { throw .bufferSize(kernel: kernel, buffer: name, expected: bytes, actual: buffer.byteCount) }
}
