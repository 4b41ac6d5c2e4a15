import Foundation
import Monitor
import Sweep

/// A running sweep's progress on standard error. On a terminal it is redrawn in place twice a
/// second: the full status view (`run`, `demo`), or its one-line summary (`coordinator`, whose
/// log lines share the terminal). Elsewhere (a log file, CI) the summary line is printed every
/// 10 seconds.
enum SweepProgress {
    enum Form {
        case view, line
    }

    /// Follows `monitor` until the returned Task is cancelled; awaiting its value after
    /// cancelling leaves the last frame drawn.
    static func follow(_ monitor: SweepMonitor, form: Form) -> Task<Void, Never> {
        Task {
            let isTerminal = isatty(2) == 1
            var frame = LiveFrame(descriptor: 2)
            var line = ProgressLine()
            var lastPlain = ContinuousClock.now - .seconds(10)
            var latest: SweepStatus?
            while true {
                let cancelled = Task.isCancelled
                // Off a terminal, a status is made only when a line is due: most ticks draw nothing.
                let due = isTerminal || cancelled || ContinuousClock.now - lastPlain >= .seconds(10)
                if due, let status = try? await monitor.status() {
                    latest = status
                    if isTerminal {
                        switch form {
                        case .view:
                            let size = frame.size
                            frame.draw(StatusView(style: .ansi, width: size.columns, height: size.rows - 2).render(status))
                        case .line:
                            line.update(StatusView.summary(status))
                        }
                    } else {
                        var standardError = StandardError()
                        print(StatusView.summary(status), to: &standardError)
                        lastPlain = .now
                    }
                }
                if cancelled { break }
                try? await Task.sleep(for: .milliseconds(500))
            }
            if isTerminal, form == .line, let latest {
                line.finish()
                var standardError = StandardError()
                print(StatusView.summary(latest), to: &standardError)
            }
        }
    }
}
