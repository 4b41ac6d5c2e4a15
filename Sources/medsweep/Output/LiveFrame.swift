import Foundation

/// A block of lines redrawn in place on a terminal: each frame moves the cursor back up over
/// the previous one and clears below, so the scrollback keeps what was printed before it.
struct LiveFrame {
    let descriptor: Int32
    private var drawnLines = 0

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The terminal's columns and rows (80 × 24 when it does not say).
    var size: (columns: Int, rows: Int) {
        var window = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 else { return (80, 24) }
        return (Int(window.ws_col), Int(window.ws_row))
    }

    mutating func draw(_ lines: [String]) {
        var text = drawnLines > 0 ? "\u{1B}[\(drawnLines)A\r" : "\r"
        text += "\u{1B}[J" + lines.joined(separator: "\u{1B}[K\n") + "\u{1B}[K\n"
        write(text)
        drawnLines = lines.count
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { return }
            offset += written
        }
    }
}
