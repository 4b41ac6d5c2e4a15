import Foundation
import NNG
import Testing

/// The transports a REQ/REP pair can meet on, each with an address no other test uses.
enum Transport: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case tcp, ipc, inproc

    var testDescription: String { rawValue }

    /// Where to listen: port 0 for tcp (the kernel picks), a fresh path or name otherwise.
    func listenAddress() -> String {
        switch self {
        case .tcp: "tcp://127.0.0.1:0"
        case .ipc: "ipc://" + temporaryNNGPath("rep.ipc")
        case .inproc: "inproc://medsweep-\(UUID().uuidString)"
        }
    }

    /// Where to dial what `listener` listens on.
    func dialAddress(for listener: NNGListener) -> String {
        switch self {
        case .tcp: "tcp://127.0.0.1:\(listener.boundPort ?? 0)"
        case .ipc, .inproc: listener.url
        }
    }
}

/// A short path in the temporary folder: ipc paths must fit a sockaddr_un (107 bytes).
func temporaryNNGPath(_ name: String) -> String {
    let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.count < 40 ? $0 : nil } ?? "/tmp"
    return URL(fileURLWithPath: folder).appendingPathComponent("nng-\(UUID().uuidString.prefix(13))-\(name)").path
}
