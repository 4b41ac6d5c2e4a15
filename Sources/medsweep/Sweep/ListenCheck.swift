import NNG

/// Exits with status 2 when the coordinator could not listen at `url` now (the port is taken,
/// the host is not this machine's, the TLS files cannot be read): checked before the plan
/// hashes models and builds variants, which takes minutes on 7B files. It listens with nng
/// itself, as the coordinator will, and closes at once; the coordinator listens again later
/// and reports the same words should another process take the port meanwhile.
func checkListenURLOrExit(_ url: String, tls: NNGTLSConfiguration?) throws {
    do {
        let socket = try NNGSocket.reply()
        defer { socket.close() }
        try socket.listen(url, tls: tls).close()
    } catch {
        printError(listenProblem(error, url: url))
        throw badInputExitCode
    }
}

/// "--listen URL: the port is in use" for a taken address; nng's own words otherwise.
func listenProblem(_ error: any Error, url: String) -> String {
    guard let error = error as? NNGError, error.isAddressInUse else { return "cannot listen on \(url): \(error)" }
    return "--listen \(url): the \(url.hasPrefix("ipc://") ? "socket path" : "port") is in use"
}
