import CNNG

/// Socket-wide options. Contexts copy the timeouts and the resend time when they are made, so
/// set these first.
extension NNGSocket {
    /// REQ only: how long before an unanswered request is sent again (NNG_OPT_REQ_RESENDTIME).
    /// nng's default is 60 s; always set it deliberately. A resent request keeps its request id,
    /// so the server may receive it twice: make requests idempotent or carry an id of your own.
    public func setResendTime(_ interval: Duration) throws(NNGError) {
        try check(nng_socket_set_ms(handle, NNG_OPT_REQ_RESENDTIME, interval.nngMilliseconds), "set \(NNG_OPT_REQ_RESENDTIME) (\(label))")
    }

    /// How long a send may wait (NNG_OPT_SENDTIMEO); nil waits forever (nng's default).
    public func setSendTimeout(_ timeout: Duration?) throws(NNGError) {
        try check(nng_socket_set_ms(handle, NNG_OPT_SENDTIMEO, timeout.nngMilliseconds), "set \(NNG_OPT_SENDTIMEO) (\(label))")
    }

    /// How long a receive may wait (NNG_OPT_RECVTIMEO); nil waits forever (nng's default).
    public func setReceiveTimeout(_ timeout: Duration?) throws(NNGError) {
        try check(nng_socket_set_ms(handle, NNG_OPT_RECVTIMEO, timeout.nngMilliseconds), "set \(NNG_OPT_RECVTIMEO) (\(label))")
    }

    /// The largest message this socket accepts from a peer (NNG_OPT_RECVMAXSZ); 0 means no
    /// limit, libnng 1.5.2's default. nng drops a larger message in the transport (and closes
    /// that connection), so it never reaches a receive. The limit counts the protocol header
    /// (4 bytes of request id on REQ/REP). A connection takes its limit from its dialer or
    /// listener when it is made, so set this before dialing; a listener's own
    /// `maxMessageBytes` overrides it.
    public func setMaxMessageBytes(_ bytes: Int) throws(NNGError) {
        try check(nng_socket_set_size(handle, NNG_OPT_RECVMAXSZ, max(0, bytes)), "set \(NNG_OPT_RECVMAXSZ) \(bytes) (\(label))")
    }
}
