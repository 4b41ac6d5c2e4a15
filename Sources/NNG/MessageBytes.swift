import CNNG

/// Copies between Swift byte arrays and `nng_msg` bodies. nng owns a message from the moment a
/// send succeeds; until then (and after a receive) it is ours to free.
enum MessageBytes {
    /// A new message holding a copy of `bytes`; the caller owns it.
    static func message(_ bytes: [UInt8], operation: @autoclosure () -> String) throws(NNGError) -> OpaquePointer {
        var message: OpaquePointer?
        try check(nng_msg_alloc(&message, bytes.count), "nng_msg_alloc (\(bytes.count) bytes) for \(operation())")
        guard let message else { throw NNGError(NNG_ENOMEM, operation: "nng_msg_alloc for \(operation())") }
        if !bytes.isEmpty, let body = nng_msg_body(message) {
            bytes.withUnsafeBytes { source in body.copyMemory(from: source.baseAddress!, byteCount: source.count) }
        }
        return message
    }

    /// A copy of the message's body (the REQ/REP header is not part of it).
    static func bytes(of message: OpaquePointer) -> [UInt8] {
        let count = nng_msg_len(message)
        guard count > 0, let body = nng_msg_body(message) else { return [] }
        return Array(UnsafeRawBufferPointer(start: body, count: count))
    }
}
