import ArgumentParser
import NNG

/// tls+tcp:// settings: the coordinator's certificate and key; the CA workers check it against.
struct CoordinatorTLSOptions: ParsableArguments {
    @Option(help: ArgumentHelp("With a tls+tcp:// listen URL: the coordinator's PEM certificate.", valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("With --tls-cert: its PEM private key (when not in the certificate file).", valueName: "file"))
    var tlsKey: String?

    func configuration(for url: String) throws -> NNGTLSConfiguration? {
        let wantsTLS = url.hasPrefix("tls+tcp://")
        if wantsTLS && tlsCert == nil { throw ValidationError("\(url) is a TLS address: give --tls-cert (and --tls-key).") }
        if !wantsTLS && tlsCert != nil { throw ValidationError("--tls-cert needs a tls+tcp:// address, not \(url).") }
        guard let tlsCert else { return nil }
        return .server(certificateFile: tlsCert, privateKeyFile: tlsKey)
    }
}

struct WorkerTLSOptions: ParsableArguments {
    @Option(help: ArgumentHelp("With a tls+tcp:// coordinator: the PEM CA bundle its certificate is checked against.", valueName: "file"))
    var tlsCA: String?

    @Option(help: ArgumentHelp("With --tls-ca: the name the coordinator's certificate must carry (default: the URL's host).", valueName: "name"))
    var tlsServerName: String?

    func configuration(for url: String) throws -> NNGTLSConfiguration? {
        let wantsTLS = url.hasPrefix("tls+tcp://")
        if wantsTLS && tlsCA == nil { throw ValidationError("\(url) is a TLS address: give --tls-ca.") }
        if !wantsTLS && tlsCA != nil { throw ValidationError("--tls-ca needs a tls+tcp:// address, not \(url).") }
        guard let tlsCA else { return nil }
        let host = url.dropFirst("tls+tcp://".count).split(separator: ":").first.map(String.init)
        return .client(caFile: tlsCA, serverName: tlsServerName ?? host)
    }
}
