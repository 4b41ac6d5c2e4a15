import Foundation

/// The HTML page's plots as inline SVG, drawn with nothing but text (no script, no external
/// file): a reliability diagram per model and a bar chart of accuracy per language.
enum SVGCharts {
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    /// A reliability diagram: for each bin of confidence (the highest letter probability), a bar
    /// as high as the share of its questions answered right, a dot at its mean confidence, and
    /// the diagonal of perfect calibration.
    static func reliabilityDiagram(_ calibration: BenchmarkReport.ModelCalibration) -> String {
        let size = 240.0, left = 40.0, top = 28.0, bottom = 36.0
        let width = left + size + 12, height = top + size + bottom
        func x(_ value: Double) -> Double { left + value * size }
        func y(_ value: Double) -> Double { top + (1 - value) * size }
        var parts: [String] = []
        let ece = calibration.ece.map { "ECE " + CellMetric.fixed($0, decimals: 1) } ?? "no records"
        parts.append(text(x: left, y: 16, "\(calibration.label) — \(ece)", anchor: "start", weight: "bold"))
        parts.append(##"<rect x="\##(f(left))" y="\##(f(top))" width="\##(f(size))" height="\##(f(size))" fill="#fafafa" stroke="#999"/>"##)
        for tick in stride(from: 0.0, through: 1.0, by: 0.2) {
            parts.append(text(x: x(tick), y: top + size + 14, CellMetric.fixed(tick, decimals: 1), anchor: "middle"))
            parts.append(text(x: left - 4, y: y(tick) + 4, CellMetric.fixed(tick, decimals: 1), anchor: "end"))
        }
        for bin in calibration.bins {
            guard let accuracy = bin.accuracy, let confidence = bin.meanConfidence else { continue }
            let barX = x(bin.lower) + 1, barWidth = (bin.upper - bin.lower) * size - 2
            parts.append(##"<rect x="\##(f(barX))" y="\##(f(y(accuracy)))" width="\##(f(barWidth))" height="\##(f(accuracy * size))" fill="#4e79a7" fill-opacity="0.75"><title>\##(escape("confidence \(CellMetric.fixed(bin.lower, decimals: 1))–\(CellMetric.fixed(bin.upper, decimals: 1)): \(bin.count) questions, accuracy \(CellMetric.fixed(accuracy * 100, decimals: 1))%, mean confidence \(CellMetric.fixed(confidence * 100, decimals: 1))%"))</title></rect>"##)
            parts.append(##"<circle cx="\##(f(x(confidence)))" cy="\##(f(y(accuracy)))" r="3" fill="#e15759"/>"##)
        }
        parts.append(##"<line x1="\##(f(x(0)))" y1="\##(f(y(0)))" x2="\##(f(x(1)))" y2="\##(f(y(1)))" stroke="#555" stroke-dasharray="4 3"/>"##)
        parts.append(text(x: left + size / 2, y: height - 4, "confidence (highest letter probability)", anchor: "middle"))
        return svg(width: width, height: height, label: "Reliability diagram of \(calibration.label)", parts)
    }

    /// Grouped bars: for each language, one bar per model at its average over the tasks; a
    /// missing average is marked "—".
    static func languageBars(_ grid: ScoreGrid, maximum: Double = 100, unit: String = "%") -> String {
        let models = grid.models, languages = grid.languages
        let plotHeight = 220.0, left = 44.0, top = 16.0
        let barWidth = 14.0, groupGap = 18.0
        let groupWidth = Double(max(models.count, 1)) * barWidth + groupGap
        let plotWidth = Double(languages.count) * groupWidth
        let legendTop = top + plotHeight + 34
        let width = left + plotWidth + 16, height = legendTop + Double(models.count) * 16 + 8
        func y(_ value: Double) -> Double { top + (1 - min(max(value / maximum, 0), 1)) * plotHeight }
        var parts: [String] = []
        for tick in stride(from: 0.0, through: maximum, by: maximum / 5) {
            parts.append(##"<line x1="\##(f(left))" y1="\##(f(y(tick)))" x2="\##(f(left + plotWidth))" y2="\##(f(y(tick)))" stroke="#ddd"/>"##)
            parts.append(text(x: left - 4, y: y(tick) + 4, CellMetric.fixed(tick, decimals: 0), anchor: "end"))
        }
        for (languageIndex, language) in languages.enumerated() {
            let groupX = left + Double(languageIndex) * groupWidth + groupGap / 2
            for (modelIndex, model) in models.enumerated() {
                let barX = groupX + Double(modelIndex) * barWidth
                if let average = grid.average(model: model, language: language) {
                    let value = average.mean
                    parts.append(##"<rect x="\##(f(barX))" y="\##(f(y(value)))" width="\##(f(barWidth - 2))" height="\##(f(top + plotHeight - y(value)))" fill="\##(palette[modelIndex % palette.count])"><title>\##(escape("\(model), \(language.rawValue): \(CellMetric.fixed(value, decimals: 1))\(unit)"))</title></rect>"##)
                } else {
                    parts.append(text(x: barX + barWidth / 2, y: top + plotHeight - 4, "—", anchor: "middle"))
                }
            }
            parts.append(text(x: groupX + Double(models.count) * barWidth / 2, y: top + plotHeight + 16, language.rawValue, anchor: "middle"))
        }
        parts.append(##"<line x1="\##(f(left))" y1="\##(f(top + plotHeight))" x2="\##(f(left + plotWidth))" y2="\##(f(top + plotHeight))" stroke="#555"/>"##)
        for (index, model) in models.enumerated() {
            let rowY = legendTop + Double(index) * 16
            parts.append(##"<rect x="\##(f(left))" y="\##(f(rowY - 9))" width="10" height="10" fill="\##(palette[index % palette.count])"/>"##)
            parts.append(text(x: left + 16, y: rowY, model, anchor: "start"))
        }
        return svg(width: width, height: height, label: "Average over the tasks per language and model", parts)
    }

    private static func svg(width: Double, height: Double, label: String, _ parts: [String]) -> String {
        ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(f(width))" height="\##(f(height))" viewBox="0 0 \##(f(width)) \##(f(height))" role="img" aria-label="\##(escape(label))" font-family="sans-serif" font-size="11">"##
            + "\n" + parts.joined(separator: "\n") + "\n</svg>"
    }

    private static func text(x: Double, y: Double, _ content: String, anchor: String, weight: String = "normal") -> String {
        ##"<text x="\##(f(x))" y="\##(f(y))" text-anchor="\##(anchor)" font-weight="\##(weight)">\##(escape(content))</text>"##
    }

    /// A coordinate with one decimal.
    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Text for HTML or SVG: `&`, `<`, `>` and quotes as entities.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
