import Foundation
import Synchronization

/// SIGTERM and SIGINT, caught from the moment `subscribe` returns.
///
/// A dispatch signal source registers itself with the kernel after `resume()` has returned, on
/// a thread of its own; the signal has to be set to SIG_IGN first (or its default action ends
/// the process), so a signal sent in that gap — by a supervisor or a test that reacts to the
/// "listening on" line — was dropped, and the process never stopped. Here `sigaction` installs
/// the handler before `subscribe` returns; the handler only writes the signal number to a pipe
/// (async-signal-safe), and a thread of its own reads the pipe and calls the subscribers.
public final class StopSignals: Sendable {
    public typealias Handler = @Sendable (Int32) -> Void

    /// One per process: a signal's disposition is per process.
    public static let shared = StopSignals()

    private struct Subscribers {
        var next = 0
        var handlers: [Int: Handler] = [:]
        var installed = false
    }

    private let subscribers = Mutex(Subscribers())

    /// Calls `handler` with the signal number for every SIGTERM and SIGINT until the
    /// subscription is cancelled. Neither signal ends the process any more, subscribed or not.
    public func subscribe(_ handler: @escaping Handler) -> Subscription {
        let id = subscribers.withLock { state in
            if !state.installed {
                Self.install(relayingTo: self)
                state.installed = true
            }
            state.next += 1
            state.handlers[state.next] = handler
            return state.next
        }
        return Subscription { [self] in _ = subscribers.withLock { $0.handlers.removeValue(forKey: id) } }
    }

    /// Ends a subscription: its handler is not called again.
    public struct Subscription: Sendable {
        fileprivate let end: @Sendable () -> Void
        public func cancel() { end() }
    }

    private func deliver(_ number: Int32) {
        let handlers = subscribers.withLock { $0.handlers.sorted { $0.key < $1.key }.map(\.value) }
        for handler in handlers { handler(number) }
    }

    private static func install(relayingTo relay: StopSignals) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { fatalError("cannot make the signal pipe: \(String(cString: strerror(errno)))") }
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        signalPipeWriteEnd.store(ends[1], ordering: .sequentiallyConsistent)
        let readEnd = ends[0]
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 {
                    relay.deliver(Int32(byte))
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
        for number in [SIGTERM, SIGINT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                // A full pipe (hundreds of unread signals) drops this one: the subscribers
                // have more than enough to act on.
                _ = write(signalPipeWriteEnd.load(ordering: .relaxed), &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            guard sigaction(number, &action, nil) == 0 else {
                fatalError("cannot catch signal \(number): \(String(cString: strerror(errno)))")
            }
        }
    }
}

/// Where the signal handler writes; a global, because a C signal handler captures nothing.
private let signalPipeWriteEnd = Atomic<Int32>(-1)
