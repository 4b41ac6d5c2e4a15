@testable import NNG
import Testing

/// What tls+tcp:// does where libnng has no TLS engine: a clear error at `listen`/`dial`,
/// naming the build, not the address, as the reason.
///
/// Debian's libnng1 1.5.2 is built with mbed TLS, so here `TLSTests` does real exchanges and
/// the end-to-end check below is skipped; the message itself is checked either way.
@Suite struct TLSAvailabilityTests {
    @Test func theErrorSaysTheBuildLacksTLS() {
        let error = NNGTLSConfiguration.unavailableError(for: "nng_listen tls+tcp://127.0.0.1:0")
        #expect(error.isNotSupported)
        #expect(error.description.hasPrefix("nng_listen tls+tcp://127.0.0.1:0: tls+tcp is not available in this libnng build"))
        #expect(error.description.hasSuffix("Not supported (9)"), "\(error)")
    }

    @Test(.enabled(if: !NNGTLSConfiguration.isAvailable, "this libnng has TLS (\(NNGTLSConfiguration.engineName ?? "?")): TLSTests exchange over it instead"))
    func listeningWithoutATLSEngineFailsClearly() throws {
        let server = try NNGSocket.reply()
        defer { server.close() }
        let error = #expect(throws: NNGError.self) {
            try server.listen("tls+tcp://127.0.0.1:0", tls: .server(certificateFile: "/nonexistent/cert.pem"))
        }
        #expect(error?.isNotSupported == true)
        #expect(error?.description.contains("tls+tcp is not available in this libnng build") == true, "\(String(describing: error))")
    }

    @Test func availabilityIsReported() {
        if NNGTLSConfiguration.isAvailable {
            #expect(NNGTLSConfiguration.engineName != nil)
        } else {
            #expect(NNGTLSConfiguration.engineName == nil)
        }
    }
}
