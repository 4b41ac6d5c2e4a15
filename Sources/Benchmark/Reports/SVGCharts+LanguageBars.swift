import Foundation

/// The bar chart of the report's metric per language.
extension SVGCharts {
    /// What the bar chart's value axis shows: the metric and which way is better.
    static func axisTitle(_ metric: CellMetric) -> String {
        "\(metric.title) — \(metric.higherIsBetter ? "higher" : "lower") is better"
    }

    /// Grouped bars: for each language, then for the average over the languages ("Avg."), one
    /// bar per model at its average over the tasks, in the grid's metric; an error bar where the
    /// average has a bootstrap interval; "—" where the average is missing; a legend of the
    /// models (and of the error bar) under the plot. Grouping by language keeps 8 languages
    /// × 8 models about 700 points wide: bars narrow as models are added.
    static func languageBars(_ grid: ScoreGrid) -> String {
        let models = grid.models
        let groups: [(label: String, score: (String) -> CellScore?)] = grid.languages.map { language in
            (language.rawValue, { grid.average(model: $0, language: language) })
        } + [("Avg.", { grid.languageAverage(model: $0) })]
        let scores = groups.map { group in models.map(group.score) }
        let plotted = scores.joined().compactMap { $0 }
        let hasIntervals = plotted.contains { $0.interval != nil }
        let scale = ValueScale(metric: grid.metric, largest: plotted.map { max($0.mean, $0.interval?.upper ?? 0) }.max() ?? 0)

        let plotHeight = 220.0, left = 48.0, top = 12.0
        let barWidth = max(6, min(14, 64 / Double(max(models.count, 1)))), groupGap = 18.0
        let groupWidth = Double(max(models.count, 1)) * barWidth + groupGap
        let plotWidth = Double(groups.count) * groupWidth
        let legendTop = top + plotHeight + 54
        let legendRows = models.count + (hasIntervals ? 1 : 0)
        let width = max(left + plotWidth + 16, 360), height = legendTop + Double(legendRows) * 16 + 4
        let baseline = top + plotHeight
        func y(_ value: Double) -> Double { top + (1 - min(max(value / scale.maximum, 0), 1)) * plotHeight }

        var parts: [String] = []
        for tick in scale.ticks {
            parts.append(line(left, y(tick), left + plotWidth, y(tick), stroke: "#ddd"))
            parts.append(text(x: left - 4, y: y(tick) + 4, CellMetric.fixed(tick, decimals: scale.tickDecimals), anchor: "end"))
        }
        for (groupIndex, group) in groups.enumerated() {
            let groupX = left + Double(groupIndex) * groupWidth + groupGap / 2
            for (modelIndex, model) in models.enumerated() {
                let barX = groupX + Double(modelIndex) * barWidth, center = barX + (barWidth - 2) / 2
                guard let score = scores[groupIndex][modelIndex] else {
                    parts.append(text(x: center, y: baseline - 4, "—", anchor: "middle"))
                    continue
                }
                var tooltip = "\(model), \(group.label): \(grid.metric.format(score.mean))"
                if let interval = score.interval { tooltip += " [\(grid.metric.format(interval.lower)), \(grid.metric.format(interval.upper))]" }
                parts.append(##"<rect class="bar" x="\##(f(barX))" y="\##(f(y(score.mean)))" width="\##(f(barWidth - 2))" height="\##(f(baseline - y(score.mean)))" fill="\##(color(modelIndex))"><title>\##(escape(tooltip))</title></rect>"##)
                if let interval = score.interval {
                    parts.append(errorBar(x: center, from: y(interval.lower), to: y(interval.upper), cap: min(3, barWidth / 2 - 1)))
                }
            }
            parts.append(text(x: groupX + Double(models.count) * barWidth / 2, y: baseline + 16, group.label, anchor: "middle"))
        }
        parts.append(line(left, baseline, left + plotWidth, baseline, stroke: "#555"))
        parts.append(text(x: left, y: baseline + 32, axisTitle(grid.metric), anchor: "start", className: "axis-title"))
        for (index, model) in models.enumerated() {
            let rowY = legendTop + Double(index) * 16
            parts.append(##"<g class="legend-entry"><rect x="\##(f(left))" y="\##(f(rowY - 9))" width="10" height="10" fill="\##(color(index))"/>\##(text(x: left + 16, y: rowY, model, anchor: "start"))</g>"##)
        }
        if hasIntervals, let level = plotted.compactMap(\.interval).first?.level {
            let rowY = legendTop + Double(models.count) * 16
            parts.append(##"<g class="legend-entry">\##(errorBar(x: left + 5, from: rowY, to: rowY - 10, cap: 3))\##(text(x: left + 16, y: rowY, "\(CellMetric.fixed(level * 100, decimals: 0))% bootstrap interval", anchor: "start"))</g>"##)
        }
        return svg(width: width, height: height, label: axisTitle(grid.metric) + ", per language and model", parts)
    }

    /// A vertical error bar from `from` to `to` with caps `cap` wide on either side.
    private static func errorBar(x: Double, from: Double, to: Double, cap: Double) -> String {
        ##"<g class="error-bar" stroke="#222">"## + line(x, from, x, to, stroke: "#222") + line(x - cap, from, x + cap, from, stroke: "#222")
            + line(x - cap, to, x + cap, to, stroke: "#222") + "</g>"
    }
}

/// The value axis of a bar chart: 0 to 100 for accuracies (percentages, comparable across
/// reports), else 0 to a round number above the largest value (ECE ×100 and Brier are small,
/// and on a 0–100 axis their differences would vanish).
struct ValueScale {
    let maximum: Double
    let step: Double

    init(metric: CellMetric, largest: Double) {
        if metric.higherIsBetter {
            (maximum, step) = (100, 20)
            return
        }
        let step = Self.roundStep(max(largest, 1e-6) / 5)
        self.step = step
        maximum = max(step * (largest / step).rounded(.up), step)
    }

    var ticks: [Double] { stride(from: 0, through: maximum + step / 2, by: step).map { $0 } }

    /// Enough decimals to tell the ticks apart.
    var tickDecimals: Int { max(0, Int((-log10(step)).rounded(.up))) }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func roundStep(_ raw: Double) -> Double {
        let power = pow(10, log10(raw).rounded(.down))
        for factor in [1.0, 2, 5, 10] where factor * power >= raw * (1 - 1e-9) { return factor * power }
        return 10 * power
    }
}
