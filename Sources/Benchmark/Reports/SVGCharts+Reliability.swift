/// The reliability diagram of one model.
extension SVGCharts {
    /// For each bin of confidence (the highest letter probability), a bar as high as the share
    /// of its questions answered right, a dot at its mean confidence, the diagonal of perfect
    /// calibration, and under the axis the bin's number of questions (a bin of 3 questions
    /// says little, and the reader should see that).
    static func reliabilityDiagram(_ calibration: BenchmarkReport.ModelCalibration) -> String {
        let size = 240.0, left = 40.0, top = 28.0, bottom = 52.0
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
        parts.append(text(x: left - 4, y: top + size + 28, "n", anchor: "end"))
        for bin in calibration.bins {
            let center = x((bin.lower + bin.upper) / 2)
            parts.append(text(x: center, y: top + size + 28, String(bin.count), anchor: "middle", className: "bin-count"))
            guard let accuracy = bin.accuracy, let confidence = bin.meanConfidence else { continue }
            let barX = x(bin.lower) + 1, barWidth = (bin.upper - bin.lower) * size - 2
            let tooltip = "confidence \(CellMetric.fixed(bin.lower, decimals: 1))–\(CellMetric.fixed(bin.upper, decimals: 1)): \(bin.count) questions, "
                + "accuracy \(CellMetric.fixed(accuracy * 100, decimals: 1))%, mean confidence \(CellMetric.fixed(confidence * 100, decimals: 1))%"
            parts.append(##"<rect x="\##(f(barX))" y="\##(f(y(accuracy)))" width="\##(f(barWidth))" height="\##(f(accuracy * size))" fill="#4e79a7" fill-opacity="0.75"><title>\##(escape(tooltip))</title></rect>"##)
            parts.append(##"<circle cx="\##(f(x(confidence)))" cy="\##(f(y(accuracy)))" r="3" fill="#e15759"/>"##)
        }
        parts.append(line(x(0), y(0), x(1), y(1), stroke: "#555", extra: #" stroke-dasharray="4 3""#))
        parts.append(text(x: left + size / 2, y: height - 6, "confidence (highest letter probability)", anchor: "middle"))
        return svg(width: width, height: height, label: "Reliability diagram of \(calibration.label)", parts)
    }
}
