import NNG
import Testing

/// Addresses are checked before nng sees them, so a typo is reported with the URL it is in
/// rather than as nng's bare "Not supported" or "Address invalid".
@Suite struct NNGURLTests {
    @Test(arguments: [
        ("tcp://127.0.0.1:5555", NNGURL.Scheme.tcp), ("tcp://:0", .tcp), ("tcp://*:5555", .tcp),
        ("tcp://[::1]:5555", .tcp), ("tcp://coordinator.example:5555/", .tcp),
        ("ipc:///tmp/medsweep.ipc", .ipc), ("ipc://relative.ipc", .ipc), ("inproc://medsweep", .inproc),
        ("tls+tcp://coordinator.example:5556", .tlsTCP),
    ])
    func acceptsTheFourSchemes(_ url: String, _ scheme: NNGURL.Scheme) throws {
        #expect(try NNGURL.validate(url) == scheme)
    }

    @Test func anUnknownSchemeIsNotSupportedAndNamed() {
        let error = #expect(throws: NNGError.self) { try NNGURL.validate("htp://coordinator:5555") }
        #expect(error?.isNotSupported == true)
        #expect(error?.description.contains("htp://coordinator:5555") == true)
        #expect(error?.description.contains("unsupported scheme \"htp\"") == true)
        #expect(error?.description.contains("tcp://, ipc://, inproc:// or tls+tcp://") == true, "\(String(describing: error))")
    }

    @Test(arguments: [
        ("127.0.0.1:5555", "not a URL"), ("tcp://127.0.0.1", "no port"), ("tcp://127.0.0.1:http", "port \"http\""),
        ("tcp://127.0.0.1:70000", "port \"70000\""), ("tcp://::1:5555", "brackets"), ("tcp://host:1/path", "no path"),
        ("ipc://", "no socket path"), ("inproc://", "no name"),
        ("ipc:///" + String(repeating: "d", count: 120), "over the 107"),
    ])
    func aMalformedAddressIsInvalidAndSaysWhy(_ url: String, _ why: String) {
        let error = #expect(throws: NNGError.self) { try NNGURL.validate(url) }
        #expect(error?.isAddressInvalid == true)
        #expect(error?.description.contains(url) == true)
        #expect(error?.description.contains(why) == true, "\(String(describing: error))")
    }

    /// The brief: a dial to a URL with a bad scheme gives a clear error, before nng is asked.
    @Test func dialingABadSchemeSaysSo() throws {
        let client = try NNGSocket.request()
        defer { client.close() }
        let error = #expect(throws: NNGError.self) { try client.dial("tcpp://127.0.0.1:5555") }
        #expect(error?.isNotSupported == true)
        #expect(error?.operation.hasPrefix("nng_dial tcpp://127.0.0.1:5555: unsupported scheme \"tcpp\"") == true)
        #expect(error?.description.hasSuffix(": Not supported (9)") == true, "\(String(describing: error))")
    }

    @Test func listeningOnAMalformedAddressSaysSo() throws {
        let server = try NNGSocket.reply()
        defer { server.close() }
        let error = #expect(throws: NNGError.self) { try server.listen("tcp://127.0.0.1") }
        #expect(error?.description.hasPrefix("nng_listen tcp://127.0.0.1: no port") == true, "\(String(describing: error))")
    }
}
