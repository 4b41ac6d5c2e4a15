import Foundation
import NNG
import Testing
import TestSupport

/// tls+tcp:// with a throwaway self-signed certificate made by `openssl` for this run.
/// Skipped, with the reason printed, where libnng has no TLS engine or openssl is missing.
@Suite(
    .enabled(if: NNGTLSConfiguration.isAvailable, "libnng was built without TLS (nng_tls_config_alloc fails)"),
    .enabled(if: TestCertificate.opensslAvailable, "openssl is not installed: no certificate to test with"))
struct TLSTests {
    @Test func requestAndReplyCrossTLS() async throws {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        let server = try NNGSocket.reply()
        let client = try NNGSocket.request()
        defer {
            client.close()
            server.close()
        }
        try client.setResendTime(.seconds(30))
        let listener = try server.listen(
            "tls+tcp://127.0.0.1:0",
            tls: .server(certificateFile: certificate.certificateFile, privateKeyFile: certificate.keyFile))
        let port = try #require(listener.boundPort)
        try client.dial(
            "tls+tcp://127.0.0.1:\(port)", tls: .client(caFile: certificate.certificateFile, serverName: "localhost"),
            reconnect: (minimum: .milliseconds(10), maximum: .milliseconds(100)))

        let context = try server.makeContext()
        let served = Task {
            let request = try await context.receive(timeout: patience)
            try await context.send(Array("secret reply to ".utf8) + request)
        }
        let reply = try await within { try await client.request("secret".bytes, timeout: patience) }
        #expect(reply.text == "secret reply to secret")
        try await served.value
        print("NNG TLS: round trip over tls+tcp with libnng's \(NNGTLSConfiguration.engineName ?? "?") engine")
    }

    @Test func certificateAndKeyInOneFileWork() async throws {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        let server = try NNGSocket.reply()
        let client = try NNGSocket.request()
        defer {
            client.close()
            server.close()
        }
        let listener = try server.listen("tls+tcp://127.0.0.1:0", tls: .server(certificateFile: certificate.combinedFile))
        try client.dial(
            "tls+tcp://127.0.0.1:\(try #require(listener.boundPort))",
            tls: .client(caFile: certificate.certificateFile, serverName: "localhost"))
        let context = try server.makeContext()
        let served = Task {
            try await context.send(try await context.receive(timeout: patience))
        }
        #expect(try await within { try await client.request("echo".bytes, timeout: patience) }.text == "echo")
        try await served.value
    }

    @Test func aClientThatDoesNotTrustTheServerNeverGetsThrough() async throws {
        let certificate = try TestCertificate.make()
        let stranger = try TestCertificate.make()
        defer {
            certificate.remove()
            stranger.remove()
        }
        let server = try NNGSocket.reply()
        let client = try NNGSocket.request()
        defer {
            client.close()
            server.close()
        }
        let listener = try server.listen(
            "tls+tcp://127.0.0.1:0", tls: .server(certificateFile: certificate.certificateFile, privateKeyFile: certificate.keyFile))
        // Trusts another CA: the handshake fails, the dialer retries, the request never leaves.
        try client.dial(
            "tls+tcp://127.0.0.1:\(try #require(listener.boundPort))", tls: .client(caFile: stranger.certificateFile, serverName: "localhost"),
            reconnect: (minimum: .milliseconds(20), maximum: .milliseconds(100)))
        let context = try server.makeContext()
        let error = await #expect(throws: NNGError.self) { try await within { try await client.request("let me in".bytes, timeout: .milliseconds(300)) } }
        #expect(error?.isTimeout == true)
        let nothing = await #expect(throws: NNGError.self) { try await context.receive(timeout: .milliseconds(10)) }
        #expect(nothing?.isTimeout == true)
    }

    /// Mutual TLS: the server requires client certificates signed by a CA it trusts. A client
    /// presenting one is served; one without is never let through.
    @Test func aServerThatRequiresClientCertificatesServesOnlyClientsWithOne() async throws {
        let serverCertificate = try TestCertificate.make()
        let clientCertificate = try TestCertificate.make()
        defer {
            serverCertificate.remove()
            clientCertificate.remove()
        }
        let server = try NNGSocket.reply()
        defer { server.close() }
        let listener = try server.listen(
            "tls+tcp://127.0.0.1:0",
            tls: .server(
                certificateFile: serverCertificate.certificateFile, privateKeyFile: serverCertificate.keyFile,
                clientCAFile: clientCertificate.certificateFile))
        let address = "tls+tcp://127.0.0.1:\(try #require(listener.boundPort))"
        let context = try server.makeContext()
        let served = Task {
            let request = try await context.receive(timeout: patience)
            try await context.send(Array("hello, ".utf8) + request)
        }

        let anonymous = try NNGSocket.request()
        defer { anonymous.close() }
        try anonymous.dial(
            address, tls: .client(caFile: serverCertificate.certificateFile, serverName: "localhost"),
            reconnectMinimum: .milliseconds(20), reconnectMaximum: .milliseconds(100))
        let refused = await #expect(throws: NNGError.self) {
            try await within { try await anonymous.request("anonymous".bytes, timeout: .milliseconds(300)) }
        }
        #expect(refused?.isTimeout == true)

        let known = try NNGSocket.request()
        defer { known.close() }
        try known.dial(
            address,
            tls: .client(
                caFile: serverCertificate.certificateFile, serverName: "localhost",
                certificateFile: clientCertificate.certificateFile, privateKeyFile: clientCertificate.keyFile),
            reconnectMinimum: .milliseconds(20), reconnectMaximum: .milliseconds(100))
        #expect(try await within { try await known.request("known".bytes, timeout: patience) }.text == "hello, known")
        try await served.value
    }

    @Test func verifyingWithoutACAFileIsRefusedAtDial() throws {
        let client = try NNGSocket.request()
        defer { client.close() }
        let error = #expect(throws: NNGError.self) {
            try client.dial("tls+tcp://127.0.0.1:1", tls: .client(caFile: nil, serverName: "localhost"))
        }
        #expect(error?.description.contains("verifying the server (auth mode required) needs a CA file") == true, "\(String(describing: error))")
        // Explicitly not verifying is allowed (and dials in the background as usual).
        #expect(throws: Never.self) { try client.dial("tls+tcp://127.0.0.1:1", tls: .client(caFile: nil, authMode: .none)) }
    }

    @Test func aMissingCertificateFileIsReportedAtListen() throws {
        let server = try NNGSocket.reply()
        defer { server.close() }
        let error = #expect(throws: NNGError.self) {
            try server.listen("tls+tcp://127.0.0.1:0", tls: .server(certificateFile: "/nonexistent/cert.pem"))
        }
        #expect(error?.operation.contains("/nonexistent/cert.pem") == true, "\(String(describing: error))")
    }
}

/// A self-signed EC certificate for "localhost" and 127.0.0.1, valid for a day, in a fresh folder.
struct TestCertificate {
    let folder: String
    var certificateFile: String { folder + "/cert.pem" }
    var keyFile: String { folder + "/key.pem" }
    /// Certificate and key in one file, as nng_tls_config_cert_key_file reads them.
    var combinedFile: String { folder + "/combined.pem" }

    static let openssl = URL(fileURLWithPath: "/usr/bin/env")

    static let opensslAvailable: Bool = {
        (try? CommandRun.run(openssl, ["openssl", "version"]).status) == 0
    }()

    static func make() throws -> TestCertificate {
        let folder = temporaryPath("tls")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let certificate = TestCertificate(folder: folder)
        let run = try CommandRun.run(openssl, [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", certificate.keyFile, "-out", certificate.certificateFile, "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ])
        guard run.status == 0 else { throw OpenSSLFailed(output: run.standardError) }
        let combined = try String(contentsOfFile: certificate.certificateFile, encoding: .utf8)
            + String(contentsOfFile: certificate.keyFile, encoding: .utf8)
        try combined.write(toFile: certificate.combinedFile, atomically: true, encoding: .utf8)
        return certificate
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}

struct OpenSSLFailed: Error, CustomStringConvertible {
    let output: String
    var description: String { "openssl could not make a certificate: \(output)" }
}
