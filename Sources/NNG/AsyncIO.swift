import CNNG
import Synchronization

/// One asynchronous nng operation (a receive or a send on a context) on its own `nng_aio`,
/// bridged to Swift concurrency: the awaiting Task is suspended (no thread blocks, nothing
/// polls) until nng calls the aio's completion callback on one of its own threads.
///
/// Lifetime, which is what makes this safe:
/// - `run` takes a +1 reference on `self` just before starting the operation; the C callback
///   takes it back (`takeRetainedValue`). So the object, its aio and its continuation live at
///   least until the callback has run, whatever the awaiting Task does meanwhile.
/// - The continuation is resumed exactly once: by the callback, or, when the Task was
///   cancelled before the operation started, by `run` itself (then nng never sees the aio).
/// - The aio is released in `deinit` with `nng_aio_reap`, nng's deferred free, which is legal
///   even on the callback's own thread (`nng_aio_free` there would wait for itself).
/// - Cancelling the Task calls `nng_aio_cancel`; nng then completes the aio with NNG_ECANCELED,
///   which `run` throws as `NNGError` (`isCancelled`). An `nng_aio_cancel` that arrives before
///   the operation was started would be lost (nng only cancels what is scheduled), hence the
///   `started`/`cancelled` handshake in `State`.
///
/// `@unchecked Sendable`: the mutable state is behind a `Mutex`; the aio pointer is written once
/// in `init` before the object is shared, and is then only used as nng allows from any thread
/// (`nng_aio_cancel` on a live aio, and the aio's accessors by the single callback after
/// completion).
final class AsyncOperation: @unchecked Sendable {
    enum Kind {
        /// The aio's message, if the operation succeeds, is a received message: copy it out, free it.
        case receive
        /// The aio carries our outgoing message: nng owns it once sent, we free it if sending fails.
        case send
    }

    private struct State {
        var continuation: CheckedContinuation<Result<[UInt8], NNGError>, Never>?
        var started = false
        var cancelled = false
    }

    private let kind: Kind
    private let operation: String
    /// Where `nng_aio_alloc` writes the `nng_aio*`.
    private let aioSlot: UnsafeMutablePointer<OpaquePointer?>
    private let state = Mutex(State())

    /// - Parameter operation: names the call in errors, e.g. "nng_ctx_recv (rep0 socket 1, context 2)".
    init(_ kind: Kind, operation: String) throws(NNGError) {
        self.kind = kind
        self.operation = operation
        aioSlot = .allocate(capacity: 1)
        aioSlot.initialize(to: nil)
        let completion: @convention(c) (UnsafeMutableRawPointer?) -> Void = { argument in
            guard let argument else { return }
            Unmanaged<AsyncOperation>.fromOpaque(argument).takeRetainedValue().complete()
        }
        // The callback's argument is this object, unretained here: `run` adds the reference the
        // callback consumes.
        try check(nng_aio_alloc(aioSlot, completion, Unmanaged.passUnretained(self).toOpaque()), "nng_aio_alloc for \(operation)")
    }

    deinit {
        if let aio = aioSlot.pointee { nng_aio_reap(aio) }
        aioSlot.deinitialize(count: 1)
        aioSlot.deallocate()
    }

    /// Starts the operation with `start` (e.g. `nng_ctx_recv(ctx, aio)`) and waits for it.
    /// Call once per object.
    ///
    /// - Parameters:
    ///   - timeout: the aio's timeout; NNG_DURATION_DEFAULT follows the context's own
    ///     receive/send timeout, NNG_DURATION_INFINITE never expires.
    ///   - message: for `.send`, the outgoing message, owned by this call from here on.
    /// - Returns: the received bytes for `.receive`, empty for `.send`.
    func run(timeout: nng_duration, message: OpaquePointer? = nil, start: (OpaquePointer) -> Void) async throws(NNGError) -> [UInt8] {
        let aio = aioSlot.pointee!
        nng_aio_set_timeout(aio, timeout)
        if let message { nng_aio_set_msg(aio, message) }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<[UInt8], NNGError>, Never>) in
                let cancelledAlready = state.withLock { state in
                    if state.cancelled { return true }
                    state.continuation = continuation
                    return false
                }
                if cancelledAlready {
                    if let message {
                        nng_aio_set_msg(aio, nil)
                        nng_msg_free(message)
                    }
                    continuation.resume(returning: .failure(NNGError(NNG_ECANCELED, operation: operation)))
                    return
                }
                _ = Unmanaged.passRetained(self)  // consumed by the completion callback
                start(aio)
                // A cancellation that came while `start` ran found `started` false and left the
                // nng_aio_cancel to us.
                let cancelNow = state.withLock { state in
                    state.started = true
                    return state.cancelled
                }
                if cancelNow { nng_aio_cancel(aio) }
            }
        } onCancel: {
            cancel()
        }
        return try result.get()
    }

    private func cancel() {
        let startedAlready = state.withLock { state in
            state.cancelled = true
            return state.started
        }
        // Harmless if the operation has completed meanwhile: the aio is alive (we are) and
        // nng_aio_cancel on an aio with nothing scheduled does nothing.
        if startedAlready { nng_aio_cancel(aioSlot.pointee!) }
    }

    /// The completion callback, on an nng thread: must not block.
    private func complete() {
        let aio = aioSlot.pointee!
        let code = nng_aio_result(aio)
        let result: Result<[UInt8], NNGError>
        switch (kind, code) {
        case (.receive, 0):
            if let message = nng_aio_get_msg(aio) {
                nng_aio_set_msg(aio, nil)
                result = .success(MessageBytes.bytes(of: message))
                nng_msg_free(message)
            } else {
                result = .success([])
            }
        case (.send, 0):
            result = .success([])
        case (.send, _):
            // A failed send leaves the message with us.
            if let message = nng_aio_get_msg(aio) {
                nng_aio_set_msg(aio, nil)
                nng_msg_free(message)
            }
            result = .failure(NNGError(code: code, operation: operation))
        case (.receive, _):
            result = .failure(NNGError(code: code, operation: operation))
        }
        let continuation = state.withLock { state in
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: result)
    }
}
