import Foundation

/// A TCP connection that speaks just enough of nng's wire format (the SP protocol over TCP) to
/// send a message header by hand: the 8-byte handshake (0x00 'S' 'P' 0x00, the protocol
/// number big-endian, two reserved bytes), then per message an 8-byte big-endian length.
///
/// Why not an nng REQ socket: libnng 1.5.2's sender can wedge its process-wide reaper when the
/// peer drops a connection in the middle of a large send (nanomsg/nng#1543), after which no
/// socket in the test process closes or reconnects. Plain POSIX sockets have no such state.
struct RawSPConnection {
    static let req0: UInt16 = 0x30
    let descriptor: Int32

    init(port: Int, protocolNumber: UInt16 = Self.req0) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close()
            throw POSIXError(.init(rawValue: errno) ?? .ECONNREFUSED)
        }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        try send([0x00, UInt8(ascii: "S"), UInt8(ascii: "P"), 0x00, UInt8(protocolNumber >> 8), UInt8(protocolNumber & 0xFF), 0, 0])
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw POSIXError(.init(rawValue: errno) ?? .EPIPE) }
            offset += sent
        }
    }

    /// The 8-byte big-endian length that starts a message.
    static func lengthHeader(_ length: UInt64) -> [UInt8] {
        (0 ..< 8).map { UInt8(truncatingIfNeeded: length >> (56 - 8 * $0)) }
    }

    /// Reads until the peer closes the connection (true) or nothing arrives for 10 s (false).
    func peerCloses() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
        }
    }

    func close() { _ = Glibc.close(descriptor) }
}
