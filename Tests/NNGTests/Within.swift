/// A test waited longer than it allows for something to happen.
struct WaitedTooLong: Error, CustomStringConvertible {
    let limit: Duration
    let what: String
    var description: String { "\(what) did not finish within \(limit)" }
}

/// How long a test waits for what should happen at once (a loopback exchange, a delivery):
/// generous, because a 2-core CI machine running the whole suite can stall a test for seconds,
/// and a passing test never waits for it. Only a broken exchange reaches it.
let patience: Duration = .seconds(30)

/// Runs `operation`, failing with `WaitedTooLong` after `limit`, so a broken exchange fails the
/// test instead of hanging CI. (The losing side is cancelled; every NNG call ends on
/// cancellation, and the sockets in these tests also carry nng timeouts as a second bound.)
func within<T: Sendable>(
    _ limit: Duration = patience, _ what: String = "the exchange",
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
