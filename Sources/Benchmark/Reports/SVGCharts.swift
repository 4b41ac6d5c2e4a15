import Foundation

/// The HTML page's plots as inline SVG, drawn with nothing but text (no script, no external
/// file): the shared pieces. The plots themselves are `SVGCharts.reliabilityDiagram` (one per
/// model) and `SVGCharts.languageBars` (the report's metric per language and model).
enum SVGCharts {
    /// Tableau 10: distinct hues that stay apart for the 4 to 10 models a report has.
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    static func color(_ index: Int) -> String { palette[index % palette.count] }

    static func svg(width: Double, height: Double, label: String, _ parts: [String]) -> String {
        ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(f(width))" height="\##(f(height))" viewBox="0 0 \##(f(width)) \##(f(height))" role="img" aria-label="\##(escape(label))" font-family="sans-serif" font-size="11">"##
            + "\n" + parts.joined(separator: "\n") + "\n</svg>"
    }

    static func text(x: Double, y: Double, _ content: String, anchor: String, weight: String = "normal", className: String? = nil) -> String {
        let classAttribute = className.map { #" class="\#($0)""# } ?? ""
        return ##"<text\##(classAttribute) x="\##(f(x))" y="\##(f(y))" text-anchor="\##(anchor)" font-weight="\##(weight)">\##(escape(content))</text>"##
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, extra: String = "") -> String {
        ##"<line x1="\##(f(x1))" y1="\##(f(y1))" x2="\##(f(x2))" y2="\##(f(y2))" stroke="\##(stroke)"\##(extra)/>"##
    }

    /// A coordinate with one decimal.
    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

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
