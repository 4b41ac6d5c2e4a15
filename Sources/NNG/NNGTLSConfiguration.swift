import CNNG

/// TLS for a `tls+tcp://` listener (`.server`) or dialer (`.client`), from PEM files.
///
/// A plain value: the `nng_tls_config` is built from it (`TLSConfigHandle`) when a listener or
/// dialer is made, so files are read then, and a missing or bad file is reported by `listen`
/// or `dial` with its path.
///
/// ```swift
/// // Coordinator: its certificate chain and key; workers are not asked for certificates.
/// let server = NNGTLSConfiguration.server(certificateFile: "coordinator.pem", privateKeyFile: "coordinator.key")
/// try socket.listen("tls+tcp://0.0.0.0:5556", tls: server)
///
/// // Worker: trusts the CA that signed the coordinator's certificate and checks its name.
/// let client = NNGTLSConfiguration.client(caFile: "ca.pem", serverName: "coordinator.example")
/// try socket.dial("tls+tcp://coordinator.example:5556", tls: client)
/// ```
///
/// Whether libnng was built with a TLS engine is a run-time fact: see `isAvailable`. (Debian's
/// libnng1 1.5.2 has one: mbed TLS 2.28.)
public struct NNGTLSConfiguration: Sendable {
    public enum Mode: Sendable, CustomStringConvertible {
        case server, client

        public var description: String { self == .server ? "server" : "client" }
    }

    /// Whether the peer must show a certificate, and whether it is checked (nng_tls_auth_mode).
    public enum AuthMode: Sendable {
        /// The peer's certificate is neither asked for (server) nor checked (client).
        case none
        /// A certificate the peer presents is checked against `caFile`; none is accepted too.
        case optional
        /// The peer must present a certificate that `caFile` verifies (and, for a client,
        /// that carries `serverName`).
        case required
    }

    public var mode: Mode
    /// PEM certificate chain for this side (its own certificate first); it may also hold the
    /// private key. Required for a server.
    public var certificateFile: String?
    /// PEM private key for `certificateFile`, when it is not in that file; unencrypted.
    public var privateKeyFile: String?
    /// PEM CA bundle to verify the peer's certificate against.
    public var caFile: String?
    /// Client: the name the server's certificate must carry (and the SNI sent).
    public var serverName: String?
    public var authMode: AuthMode

    /// - Parameter authMode: nil takes nng's default for the mode: clients require and verify
    ///   the server's certificate, servers do not ask clients for one.
    public init(
        mode: Mode, certificateFile: String? = nil, privateKeyFile: String? = nil, caFile: String? = nil,
        serverName: String? = nil, authMode: AuthMode? = nil
    ) {
        self.mode = mode
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
        self.caFile = caFile
        self.serverName = serverName
        self.authMode = authMode ?? (mode == .client ? .required : .none)
    }

    /// A listener's configuration: its certificate chain and key. Clients are asked for
    /// certificates only when `clientCAFile` is given (then required, unless `authMode` says
    /// otherwise).
    public static func server(
        certificateFile: String, privateKeyFile: String? = nil, clientCAFile: String? = nil, authMode: AuthMode? = nil
    ) -> Self {
        Self(mode: .server, certificateFile: certificateFile, privateKeyFile: privateKeyFile, caFile: clientCAFile,
             authMode: authMode ?? (clientCAFile != nil ? .required : .none))
    }

    /// A dialer's configuration: verifies the server against `caFile` and, if given,
    /// `serverName`; presents `certificateFile` when the server asks for one.
    public static func client(
        caFile: String?, serverName: String? = nil, certificateFile: String? = nil, privateKeyFile: String? = nil,
        authMode: AuthMode = .required
    ) -> Self {
        Self(mode: .client, certificateFile: certificateFile, privateKeyFile: privateKeyFile, caFile: caFile,
             serverName: serverName, authMode: authMode)
    }

    /// Whether this libnng has a TLS engine (so `tls+tcp://` works): nng_tls_config_alloc
    /// fails with NNG_ENOTSUP in a build without one.
    public static let isAvailable: Bool = {
        var config: OpaquePointer?
        guard nng_tls_config_alloc(&config, NNG_TLS_MODE_CLIENT) == 0, let config else { return false }
        nng_tls_config_free(config)
        return true
    }()

    /// The TLS engine libnng was built with, e.g. "mbed" (nng_tls_engine_name), or nil.
    public static var engineName: String? {
        guard isAvailable, let name = nng_tls_engine_name() else { return nil }
        return String(cString: name)
    }

    /// The error for tls+tcp:// where libnng has no TLS engine: nng's own NNG_ENOTSUP ("Not
    /// supported") would not say that it is the library build, not the address, that lacks it.
    static func unavailableError(for operation: String) -> NNGError {
        NNGError(NNG_ENOTSUP, operation: "\(operation): tls+tcp is not available in this libnng build (nng_tls_config_alloc fails)")
    }
}
