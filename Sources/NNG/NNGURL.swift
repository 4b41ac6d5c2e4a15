import CNNG

/// The addresses this library listens on and dials, checked before nng sees them.
///
/// Why check at all: nng's own answer to a bad address is a bare NNG_ENOTSUP ("Not supported")
/// or NNG_EADDRINVAL ("Address invalid"), sometimes only when the dialer first connects, which
/// in a worker started from a config file is far from the typo that caused it. These errors
/// name the address and what is wrong with it:
///
///     nng_dial htp://coordinator:5555: unsupported scheme "htp" (use tcp://, ipc://, inproc:// or tls+tcp://): Not supported (9)
///
/// Only the four schemes the project uses are accepted, although libnng has more (ws://,
/// tcp4://, ...): anything else is more likely a mistake than a choice.
public enum NNGURL {
    public enum Scheme: String, Sendable, CaseIterable {
        /// `tcp://host:port`; host may be empty or `*` on a listener (all interfaces), an IPv6
        /// address goes in brackets; port 0 on a listener lets the kernel choose.
        case tcp
        /// `ipc:///absolute/path` (or `ipc://relative/path`): a Unix domain socket.
        case ipc
        /// `inproc://name`: within this process only.
        case inproc
        /// `tls+tcp://host:port`: tcp with TLS (needs an `NNGTLSConfiguration`).
        case tlsTCP = "tls+tcp"
    }

    /// The longest ipc path Linux takes: `sockaddr_un.sun_path` is 108 bytes with the NUL.
    static let maximumIPCPathBytes = 107

    /// Checks `url` and returns its scheme, or throws an `NNGError` that names the URL:
    /// NNG_ENOTSUP for a scheme this library does not speak, NNG_EADDRINVAL for a malformed one.
    @discardableResult
    public static func validate(_ url: String) throws(NNGError) -> Scheme {
        try validate(url, operation: "NNG URL \(url)")
    }

    /// - Parameter operation: what the URL is for, e.g. "nng_dial tcp://x:1", as errors say it.
    @discardableResult
    static func validate(_ url: String, operation: String) throws(NNGError) -> Scheme {
        func invalid(_ why: String) -> NNGError { NNGError(NNG_EADDRINVAL, operation: "\(operation): \(why)") }

        guard let separator = url.firstRange(of: "://") else {
            throw invalid("not a URL (expected scheme://address, e.g. tcp://127.0.0.1:5555)")
        }
        let schemeText = String(url[..<separator.lowerBound])
        let address = String(url[separator.upperBound...])
        // nng matches schemes case-sensitively, so "TCP://" is refused here too.
        guard let scheme = Scheme(rawValue: schemeText) else {
            let known = Scheme.allCases.map { "\($0.rawValue)://" }
            throw NNGError(
                NNG_ENOTSUP,
                operation: "\(operation): unsupported scheme \"\(schemeText)\" (use \(known.dropLast().joined(separator: ", ")) or \(known.last!))")
        }
        switch scheme {
        case .tcp, .tlsTCP:
            try checkHostAndPort(address, invalid: invalid)
        case .ipc:
            if address.isEmpty { throw invalid("no socket path after ipc://") }
            if address.utf8.count > maximumIPCPathBytes {
                throw invalid("the socket path is \(address.utf8.count) bytes, over the \(maximumIPCPathBytes) a Unix socket allows")
            }
        case .inproc:
            if address.isEmpty { throw invalid("no name after inproc://") }
        }
        return scheme
    }

    /// `host:port`, `[ipv6]:port`, `:port` or `*:port`, optionally with a trailing "/" (nng
    /// accepts that, but no other path).
    private static func checkHostAndPort(_ address: String, invalid: (String) -> NNGError) throws(NNGError) {
        var hostAndPort = Substring(address)
        if hostAndPort.hasSuffix("/") { hostAndPort = hostAndPort.dropLast() }
        if hostAndPort.contains("/") { throw invalid("a tcp address has no path (expected host:port)") }
        let portText: Substring
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]"), hostAndPort[close...].hasPrefix("]:") else {
                throw invalid("expected [ipv6-address]:port")
            }
            portText = hostAndPort[hostAndPort.index(close, offsetBy: 2)...]
        } else {
            guard let colon = hostAndPort.lastIndex(of: ":") else { throw invalid("no port (expected host:port)") }
            if hostAndPort[..<colon].contains(":") { throw invalid("an IPv6 address goes in brackets: [address]:port") }
            portText = hostAndPort[hostAndPort.index(after: colon)...]
        }
        guard !portText.isEmpty, portText.allSatisfy(\.isASCIIDigit), let port = Int(portText), port <= 65535 else {
            throw invalid("port \"\(portText)\" is not a number from 0 to 65535")
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
