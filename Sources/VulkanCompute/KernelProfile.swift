/// Where a device's time goes, kernel by kernel: each dispatch of a profiled submission is
/// timed on the device (timestamps after the previous command and after it), and its time
/// added to its shader's total. Profiling orders the commands no differently (every command
/// is already followed by a full barrier), so the times add up to the submission's.
public final class KernelProfile: @unchecked Sendable {
    // `@unchecked Sendable`: filled by one submission at a time, read after it.
    /// Seconds per shader name (copies are "copy").
    public private(set) var seconds: [String: Double] = [:]
    /// Dispatches timed per shader name.
    public private(set) var dispatches: [String: Int] = [:]

    public init() {}

    func add(_ name: String, seconds value: Double) {
        seconds[name, default: 0] += value
        dispatches[name, default: 0] += 1
    }

    /// Every shader's share of the total, largest first.
    public var shares: [(name: String, seconds: Double, share: Double)] {
        let total = seconds.values.reduce(0, +)
        return seconds.sorted { $0.value > $1.value }.map { ($0.key, $0.value, total > 0 ? $0.value / total : 0) }
    }
}
