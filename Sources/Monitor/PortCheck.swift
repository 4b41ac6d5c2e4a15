import Foundation

/// Why a server cannot listen at an address, in words: "127.0.0.1:8080: the port is in use"
/// (SwiftNIO's own error reads "bind(descriptor:ptr:bytes:): Address already in use (errno: 98)").
public enum ListenProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case portInUse(address: String)
    case cannotListen(address: String, reason: String)

    public var description: String {
        switch self {
        case .portInUse(let address): "\(address): the port is in use"
        case .cannotListen(let address, let reason): "\(address): cannot listen: \(reason)"
        }
    }
}

extension HTTPAddress {
    /// Throws when the monitor could not listen here now: the port is taken, or the host is
    /// not an address of this machine. A command checks this before the minutes it spends
    /// hashing models and building variants, rather than failing after them.
    ///
    /// It binds a TCP socket with SO_REUSEADDR, as SwiftNIO binds the server's, and closes it:
    /// on Linux that bind fails while another socket listens on the port or holds it bound
    /// without SO_REUSEADDR, as the server's would, but not for the TIME_WAIT connections of a
    /// server that just stopped. Port 0 is always free.
    public func checkCanListen() throws(ListenProblem) {
        guard port != 0 else { return }
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &found)
        guard resolved == 0, let first = found else {
            throw .cannotListen(address: description, reason: String(cString: gai_strerror(resolved)))
        }
        defer { freeaddrinfo(found) }
        let descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard descriptor >= 0 else { throw .cannotListen(address: description, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let code = errno
            if code == EADDRINUSE { throw .portInUse(address: description) }
            throw .cannotListen(address: description, reason: String(cString: strerror(code)))
        }
    }
}
