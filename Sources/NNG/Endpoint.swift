import CNNG

/// What listeners and dialers check alike, before creating anything in nng, so a mistake in a
/// command line or config file is reported with the address it concerns instead of as a bare
/// nng code (or, for TLS, as a handshake that silently never succeeds).
enum Endpoint {
    /// Checks the URL (`NNGURL.validate`) and that a TLS configuration comes exactly with a
    /// tls+tcp:// URL, for the right side, and that this libnng can do TLS at all.
    ///
    /// - Parameters:
    ///   - expected: `.server` for a listener, `.client` for a dialer.
    ///   - operation: "nng_listen tcp://..." or "nng_dial tcp://...", as errors say it.
    static func check(
        _ url: String, tls: NNGTLSConfiguration?, expected: NNGTLSConfiguration.Mode, operation: String
    ) throws(NNGError) {
        let scheme = try NNGURL.validate(url, operation: operation)
        switch (tls, scheme == .tlsTCP) {
        case (nil, true):
            throw NNGError(NNG_EINVAL, operation: "\(operation): a tls+tcp:// address needs a TLS configuration")
        case (.some, false):
            throw NNGError(NNG_EINVAL, operation: "\(operation): a TLS configuration needs a tls+tcp:// address")
        case (let tls?, true) where tls.mode != expected:
            throw NNGError(NNG_EINVAL, operation: "\(operation): TLS configuration is for a \(tls.mode), not a \(expected)")
        case (_?, true):
            if !NNGTLSConfiguration.isAvailable { throw NNGTLSConfiguration.unavailableError(for: operation) }
        case (nil, false):
            break
        }
    }

    /// Explains NNG_ENOTSUP from creating an endpoint for a URL that passed `check`: the
    /// transport is missing from this libnng build (each transport is a build option).
    static func noTransport(_ url: String, _ code: Int32) -> String {
        guard code == Int32(NNG_ENOTSUP.rawValue) else { return "" }
        let scheme = url.split(separator: ":", maxSplits: 1).first.map(String.init) ?? url
        return ": \(scheme) is not available in this libnng build"
    }
}
