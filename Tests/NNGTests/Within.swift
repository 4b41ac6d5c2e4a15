/// A test waited longer than it allows for something to happen.
struct WaitedTooLong: Error, CustomStringConvertible {
    let limit: Duration
    let what: String
    var description: String { "\(what) did not finish within \(limit)" }
}

/// Runs `operation`, failing with `WaitedTooLong` after `limit`, so a broken exchange fails the
/// test instead of hanging CI. (The losing side is cancelled; every NNG call ends on
/// cancellation, and the sockets in these tests also carry nng timeouts as a second bound.)
func within<T: Sendable>(
    _ limit: Duration = .seconds(5), _ what: String = "the exchange",
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw WaitedTooLong(limit: limit, what: what)
        }
        return value
    }
}
