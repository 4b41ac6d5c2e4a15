import Foundation
import Synchronization

/// SIGTERM and SIGINT, counted. A worker takes the first as "finish the unit and exit" and the
/// second as "hand the unit back unscored and exit now"; the sweep commands stop at the first.
public final class StopRequest: Sendable {
    private let count = Atomic<Int>(0)

    public init() {}

    public var isRequested: Bool { count.load(ordering: .relaxed) > 0 }
    /// A second request: stop scoring, return the unit.
    public var isUrgent: Bool { count.load(ordering: .relaxed) > 1 }

    public func request() {
        count.add(1, ordering: .relaxed)
    }

    /// Counts SIGTERM and SIGINT here (see `StopSignals`) instead of ending the process, then
    /// calls `onSignal`; cancel the subscription when done.
    public func installSignalHandlers(onSignal: @escaping @Sendable (Int32) -> Void = { _ in }) -> StopSignals.Subscription {
        StopSignals.shared.subscribe { [self] number in
            request()
            onSignal(number)
        }
    }
}
