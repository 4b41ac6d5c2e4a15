import CNNG
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An `nng_tls_config` built from an `NNGTLSConfiguration`, for one listener or dialer.
/// Endpoints take their own hold on the config (`nng_tls_config_hold`), so ours is dropped right
/// after it is attached.
struct TLSConfigHandle: ~Copyable {
    private let config: OpaquePointer

    /// - Parameter url: the endpoint's address, for error messages.
    init(_ configuration: NNGTLSConfiguration, url: String) throws(NNGError) {
        var config: OpaquePointer?
        let mode = configuration.mode == .server ? NNG_TLS_MODE_SERVER : NNG_TLS_MODE_CLIENT
        let allocated = nng_tls_config_alloc(&config, mode)
        if allocated == Int32(NNG_ENOTSUP.rawValue) { throw NNGTLSConfiguration.unavailableError(for: "TLS for \(url)") }
        if allocated != 0 || config == nil {
            throw NNGError(code: allocated != 0 ? allocated : Int32(NNG_ENOMEM.rawValue), operation: "nng_tls_config_alloc for \(url)")
        }
        do throws(NNGError) {
            try Self.configure(config!, as: configuration, url: url)
        } catch {
            nng_tls_config_free(config)
            throw error
        }
        self.config = config!
    }

    deinit { nng_tls_config_free(config) }

    private static func configure(_ config: OpaquePointer, as configuration: NNGTLSConfiguration, url: String) throws(NNGError) {
        if let serverName = configuration.serverName {
            try check(nng_tls_config_server_name(config, serverName), "nng_tls_config_server_name \(serverName) for \(url)")
        }
        if let caFile = configuration.caFile {
            try check(nng_tls_config_ca_file(config, caFile), "nng_tls_config_ca_file \(caFile) for \(url)")
        }
        switch (configuration.certificateFile, configuration.privateKeyFile) {
        case (let certificate?, nil):
            // nng reads the chain and the key from one file here.
            try check(nng_tls_config_cert_key_file(config, certificate, nil), "nng_tls_config_cert_key_file \(certificate) for \(url)")
        case (let certificate?, let key?):
            // nng_tls_config_cert_key_file takes one file holding both; for two files nng has
            // only nng_tls_config_own_cert, which takes the PEM text.
            let certificatePEM = try read(certificate, purpose: "certificate", url: url)
            let keyPEM = try read(key, purpose: "private key", url: url)
            try check(nng_tls_config_own_cert(config, certificatePEM, keyPEM, nil), "nng_tls_config_own_cert \(certificate), \(key) for \(url)")
        case (nil, let key?):
            throw NNGError(NNG_EINVAL, operation: "TLS for \(url): private key \(key) given without a certificate")
        case (nil, nil):
            if configuration.mode == .server {
                throw NNGError(NNG_EINVAL, operation: "TLS for \(url): a server needs a certificate")
            }
        }
        if configuration.authMode != .none && configuration.caFile == nil {
            // Verifying against no CA fails every handshake, and a dialer would retry forever
            // with nothing but a timeout to show for it.
            let peer = configuration.mode == .server ? "clients" : "the server"
            throw NNGError(NNG_EINVAL, operation: "TLS for \(url): verifying \(peer) (auth mode \(configuration.authMode)) needs a CA file")
        }
        let authentication = switch configuration.authMode {
        case .none: NNG_TLS_AUTH_MODE_NONE
        case .optional: NNG_TLS_AUTH_MODE_OPTIONAL
        case .required: NNG_TLS_AUTH_MODE_REQUIRED
        }
        try check(nng_tls_config_auth_mode(config, authentication), "nng_tls_config_auth_mode \(configuration.authMode) for \(url)")
    }

    /// Attaches the config to a listener that has not started yet.
    func attach(to listener: nng_listener, url: String) throws(NNGError) {
        try check(nng_listener_set_ptr(listener, NNG_OPT_TLS_CONFIG, UnsafeMutableRawPointer(config)), "set \(NNG_OPT_TLS_CONFIG) on listener \(url)")
    }

    /// Attaches the config to a dialer that has not started yet.
    func attach(to dialer: nng_dialer, url: String) throws(NNGError) {
        try check(nng_dialer_set_ptr(dialer, NNG_OPT_TLS_CONFIG, UnsafeMutableRawPointer(config)), "set \(NNG_OPT_TLS_CONFIG) on dialer \(url)")
    }

    /// A PEM file's text (nng's own_cert takes PEM strings, not paths).
    private static func read(_ path: String, purpose: String, url: String) throws(NNGError) -> String {
        guard let file = fopen(path, "rb") else {
            let code = errno == ENOENT ? NNG_ENOENT : NNG_EPERM
            throw NNGError(code, operation: "reading TLS \(purpose) \(path) for \(url)")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
