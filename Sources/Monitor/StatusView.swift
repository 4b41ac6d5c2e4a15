import Foundation
import Sweep

/// The terminal view of a sweep, as `medsweep status`, `run` and `demo` draw it: a header with
/// totals, throughput and ETA; a progress bar and running accuracy per model and task; the
/// worker table; the latest events. Text from the journal (worker ids, hosts, event details) is
/// shown with its control characters written out (`PrintableText.escaped`): a journal of an
/// earlier medsweep may hold names that would drive the terminal.
public struct StatusView {
    /// `ansi` colours and bars for a terminal; `plain` is the same text with no escapes.
    public enum Style: Sendable {
        case ansi, plain
    }

    public var style: Style
    /// Columns available; long unit labels are shortened to fit.
    public var width: Int
    /// Rows available (nil: no limit). Sections are cut, with a "… N more" line, to fit.
    public var height: Int?

    public init(style: Style, width: Int = 100, height: Int? = nil) {
        self.style = style
        self.width = max(60, width)
        self.height = height
    }

    /// The whole view, one string per line.
    public func render(_ status: SweepStatus) -> [String] {
        var header = [title(status), unitsLine(status), Self.summary(status)]
        if let tokens = Self.tokensComputed(status.totals) { header.append(tokens) }
        header.append("")
        var tasks = taskLines(status)
        var workers = workerLines(status)
        var events = eventLines(status)
        if let height {
            // Keep the header; share the rest, events giving way first, then tasks.
            var budget = height - header.count
            workers = cut(workers, to: min(workers.count, max(3, budget / 3)))
            budget -= workers.count
            tasks = cut(tasks, to: min(tasks.count, max(2, budget - min(events.count, 4))))
            budget -= tasks.count
            events = cut(events, to: max(0, budget))
        }
        return header + tasks + workers + events
    }

    /// One line for logs and pipes: "units 120/720 (2 failed) · questions 360/2160 · 41.2 q/s ·
    /// ETA 44s · accuracy 38.1% · 2 workers".
    public static func summary(_ status: SweepStatus) -> String {
        let totals = status.totals
        var parts = ["units \(totals.unitsDone + totals.unitsFailed)/\(totals.units)"
            + (totals.unitsFailed > 0 ? " (\(totals.unitsFailed) failed)" : "")]
        parts.append("questions \(totals.questionsDone)/\(totals.questions)"
            + (totals.questionsInFlight > 0 ? " (+\(totals.questionsInFlight) in flight)" : ""))
        parts.append(String(format: "%.1f q/s", status.throughput.questionsPerSecond))
        switch status.phase {
        case .finished?: parts.append("finished")
        case .stopping?: parts.append("stopping: finishing the units in flight")
        case .stopped?: parts.append("stopped")
        case .running?, nil:
            if status.finished {
                parts.append("finished")
            } else {
                parts.append("ETA " + (status.throughput.etaSeconds.map(duration) ?? "—"))
            }
        }
        if let accuracy = totals.accuracy { parts.append(String(format: "accuracy %.1f%%", 100 * accuracy)) }
        let working = status.workers.filter { $0.state == .working || $0.state == .idle }.count
        parts.append("\(working) worker\(working == 1 ? "" : "s")")
        return parts.joined(separator: " · ")
    }

    /// "prompt tokens computed 480.0k of 1.2M (2.50x fewer)": what shared prefixes and the
    /// prefix cache saved; nil before the first result that records it.
    public static func tokensComputed(_ totals: SweepStatus.Totals) -> String? {
        guard let computed = totals.promptTokensComputed, totals.promptTokens > 0 else { return nil }
        let ratio = computed > 0 ? String(format: " (%.2fx fewer)", Double(totals.promptTokens) / Double(computed)) : ""
        return "prompt tokens computed \(count(computed)) of \(count(totals.promptTokens))\(ratio)"
    }

    /// "950", "480.0k", "1.2M".
    static func count(_ value: Int) -> String {
        switch value {
        case ..<1000: "\(value)"
        case ..<1_000_000: String(format: "%.1fk", Double(value) / 1e3)
        default: String(format: "%.1fM", Double(value) / 1e6)
        }
    }

    /// "44s", "3m05s", "2h10m".
    public static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        return "\(total / 3600)h\(String(format: "%02d", total / 60 % 60))m"
    }

    /// "running", "stopping", "stopped" or "finished", coloured.
    private func phaseLabel(_ status: SweepStatus) -> String {
        switch status.phase ?? (status.finished ? .finished : .running) {
        case .finished: paint("finished", .green)
        case .running: paint("running", .yellow)
        case .stopping: paint("stopping (finishing the units in flight; Ctrl-C again hands them back)", .yellow)
        case .stopped: paint("stopped", .red)
        }
    }

    private func title(_ status: SweepStatus) -> String {
        var parts = ["sweep \(PrintableText.escaped(status.sweep, limit: 200))", phaseLabel(status)]
        if let uptime = status.uptimeSeconds { parts.append("up \(Self.duration(uptime))") }
        parts.append(status.source == .coordinator ? "live from the coordinator" : "from the journal")
        return bold(parts.joined(separator: " · "))
    }

    private func unitsLine(_ status: SweepStatus) -> String {
        let totals = status.totals
        let finished = totals.unitsDone + totals.unitsFailed
        return "units  " + bar(Double(finished), of: Double(totals.units), width: 30)
            + String(format: " %5.1f%%  ", percent(finished, totals.units))
            + "\(totals.unitsDone) done · \(totals.unitsLeased) running · \(totals.unitsQueued) queued · "
            + (totals.unitsFailed > 0 ? paint("\(totals.unitsFailed) failed", .red) : "0 failed")
    }

    /// Per model, then per task summed over languages.
    private func taskLines(_ status: SweepStatus) -> [String] {
        // A plain bar has brackets around its 30 cells.
        let barWidth = style == .plain ? 32 : 30
        var lines = [dim(pad("model / task", 28) + " " + pad("progress", barWidth) + "      units        questions  accuracy")]
        // One pass over the cells (thousands in a large sweep), not one per model and task.
        let cellsByModelAndTask = Dictionary(grouping: status.cells) { [$0.model, $0.task] }
        for model in status.models {
            lines.append(bold(PrintableText.escaped(model, limit: 200)))
            for task in status.tasks {
                guard let cells = cellsByModelAndTask[[model, task.id]] else { continue }
                // A unit holds every language, so it is in each language's cell: the task's units
                // are the most any of its cells has.
                let units = cells.map(\.units).max() ?? 0
                let done = cells.map { $0.unitsDone + $0.unitsFailed }.max() ?? 0
                let questions = cells.reduce(0) { $0 + $1.questions }
                let questionsDone = cells.reduce(0) { $0 + $1.questionsDone }
                let correct = cells.reduce(0) { $0 + $1.correct }
                let accuracy = questionsDone > 0 ? String(format: "%7.1f%%", 100 * Double(correct) / Double(questionsDone)) : "       —"
                lines.append("  " + pad(task.label, 26) + " " + bar(Double(done), of: Double(units), width: 30)
                    + String(format: " %4.0f%%", percent(done, units)) + " " + lpad("\(done)/\(units)", 10)
                    + " " + lpad("\(questionsDone)/\(questions)", 16) + " " + accuracy)
            }
        }
        return lines + [""]
    }

    private func workerLines(_ status: SweepStatus) -> [String] {
        let notListed = status.workersNotListed > 0 ? ", and \(status.workersNotListed) not heard from lately" : ""
        var lines = [bold("workers (\(status.workers.count)\(notListed))")]
        if status.workers.isEmpty { return lines + ["  none yet", ""] }
        let unitWidth = max(12, width - 96)
        lines.append(dim("  " + pad("id", 22) + " " + pad("host", 14) + " " + pad("state", 8) + " " + pad("model", 14) + " "
            + pad("unit", unitWidth) + " " + lpad("progress", 9) + " " + lpad("q/s", 6) + " " + lpad("tok/s", 7) + " " + lpad("heard", 6)))
        for worker in status.workers {
            let progress = worker.questionCount.map { "\(worker.questionsDone ?? 0)/\($0)" } ?? ""
            let heard = worker.lastHeardSecondsAgo.map { $0 < 60 ? String(format: "%.0fs", $0) : Self.duration($0) } ?? ""
            let stateColour: Colour = switch worker.state {
            case .working: .green
            case .idle, .seen: .plain
            case .lost: .red
            case .finished: .blue
            }
            lines.append("  " + pad(worker.id, 22) + " " + pad(worker.host, 14) + " " + paint(pad(worker.state.rawValue, 8), stateColour)
                + " " + pad(worker.model ?? "", 14) + " " + pad(worker.unit ?? "", unitWidth) + " " + lpad(progress, 9)
                + " " + lpad(worker.questionsPerSecond.map { String(format: "%.1f", $0) } ?? "", 6)
                + " " + lpad(worker.tokensPerSecond.map { String(format: "%.0f", $0) } ?? "", 7) + " " + lpad(heard, 6))
        }
        return lines + [""]
    }

    private func eventLines(_ status: SweepStatus) -> [String] {
        guard !status.events.isEmpty else { return [] }
        let clock = DateFormatter()
        clock.dateFormat = "HH:mm:ss"
        var lines = [bold("events")]
        for event in status.events {
            let colour: Colour = event.kind.isAlarming ? .red : .plain
            let text = [event.worker, event.unit, event.detail].compactMap { $0 }.joined(separator: " · ")
            lines.append("  " + clock.string(from: Date(timeIntervalSince1970: event.at)) + " " + paint(pad(event.kind.displayName, 17), colour)
                + " " + pad(text, width - 29))
        }
        return lines
    }

    private func cut(_ lines: [String], to count: Int) -> [String] {
        guard lines.count > count else { return lines }
        guard count > 0 else { return [] }
        return Array(lines.prefix(count - 1)) + [dim("  … \(lines.count - count + 1) more lines")]
    }

    private func percent(_ part: Int, _ whole: Int) -> Double {
        whole > 0 ? 100 * Double(part) / Double(whole) : 0
    }

    private func bar(_ part: Double, of whole: Double, width: Int) -> String {
        let filled = whole > 0 ? Int((Double(width) * part / whole).rounded(.down)) : 0
        switch style {
        case .ansi: return paint(String(repeating: "█", count: filled), .green) + dim(String(repeating: "░", count: width - filled))
        case .plain: return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
        }
    }

    // MARK: text and colour

    private enum Colour: String {
        case plain = "", red = "31", green = "32", yellow = "33", blue = "34"
    }

    private func paint(_ text: String, _ colour: Colour) -> String {
        style == .ansi && colour != .plain ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }

    private func bold(_ text: String) -> String { style == .ansi ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    private func dim(_ text: String) -> String { style == .ansi ? "\u{1B}[2m\(text)\u{1B}[0m" : text }

    /// `text` (control characters written out) cut or padded to `count` characters; cut text
    /// ends with "…".
    private func pad(_ raw: String, _ count: Int) -> String {
        guard count > 0 else { return "" }
        let text = PrintableText.escaped(raw, limit: count + 1)
        if text.count > count { return String(text.prefix(count - 1)) + "…" }
        return text + String(repeating: " ", count: count - text.count)
    }

    private func lpad(_ text: String, _ count: Int) -> String {
        text.count >= count ? text : String(repeating: " ", count: count - text.count) + text
    }
}
