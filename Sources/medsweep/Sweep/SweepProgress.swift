import Foundation
import Sweep

/// The sweep's progress on standard error: redrawn in place twice a second on a terminal, a
/// plain line every 10 seconds otherwise (a log file or CI).
struct SweepProgress {
    private var line = ProgressLine()
    private var lastPlain = Date.distantPast
    private let isTerminal = isatty(2) == 1

    mutating func show(_ status: CoordinatorStatus) {
        let text = Self.describe(status)
        if isTerminal {
            line.update(text)
        } else if Date().timeIntervalSince(lastPlain) >= 10 {
            var standardError = StandardError()
            print(text, to: &standardError)
            lastPlain = Date()
        }
    }

    mutating func finish() {
        line.finish()
    }

    /// Shows `coordinator`'s progress twice a second until the returned Task is cancelled;
    /// awaiting its value after cancelling leaves the last line finished.
    static func follow(_ coordinator: Coordinator) -> Task<Void, Never> {
        Task {
            var display = SweepProgress()
            while !Task.isCancelled {
                display.show(await coordinator.status())
                try? await Task.sleep(for: .milliseconds(500))
            }
            display.finish()
        }
    }

    /// "units 120/720 (2 failed) · questions 360/2160 · 41.2 q/s · ETA 44s · 2 workers, 2 leases"
    static func describe(_ status: CoordinatorStatus) -> String {
        var parts = ["units \(status.unitsDone + status.unitsFailed)/\(status.unitsTotal)"
            + (status.unitsFailed > 0 ? " (\(status.unitsFailed) failed)" : "")]
        parts.append("questions \(status.questionsDone)/\(status.questionsTotal)")
        if status.questionsCommittedHere > 0 {
            parts.append(String(format: "%.1f q/s", status.questionsPerSecond))
        }
        if let eta = status.etaSeconds, !status.isFinished { parts.append("ETA \(duration(eta))") }
        parts.append("\(status.workersActive) worker\(status.workersActive == 1 ? "" : "s"), \(status.leases.count) lease\(status.leases.count == 1 ? "" : "s")")
        if status.rejectedMessages > 0 { parts.append("\(status.rejectedMessages) rejected") }
        return parts.joined(separator: " · ")
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        return "\(total / 3600)h\(String(format: "%02d", total / 60 % 60))m"
    }
}
