/// The report as one self-contained HTML page (no script, no external file): the title and
/// notes, a bar chart of the report's metric per language, a reliability diagram per model,
/// every table (each column's best value in bold, bootstrap intervals under the values), and
/// where the numbers come from.
enum HTMLReport {
    static func render(_ report: BenchmarkReport) -> String {
        let escape = SVGCharts.escape
        var body: [String] = []
        body.append("<h1>\(escape(report.title))</h1>")
        if report.isSynthetic {
            body.append(#"<p class="synthetic">These numbers are SYNTHETIC: made-up records from a seeded generator, for showing the report. They are not results of any model.</p>"#)
        }
        body.append("<ul class=\"notes\">" + report.notes.map { "<li>\(escape($0))</li>" }.joined() + "</ul>")
        for section in report.sections {
            let grid = section.grid
            body.append("<h2 class=\"chart-title\">\(escape(SVGCharts.axisTitle(report.metric))): average over the \(grid.tasks.count) tasks, per language\(escape(section.titleSuffix))</h2>")
            body.append("<figure class=\"chart\">" + SVGCharts.languageBars(grid) + "</figure>")
        }
        body.append("<h2>Calibration per model (all tasks, languages and sets of a setting; the paper's 5 bins; n: questions per bin)</h2>")
        body.append("<div class=\"charts\">" + report.calibration.map { "<figure>" + SVGCharts.reliabilityDiagram($0) + "</figure>" }.joined() + "</div>")
        body.append("<p class=\"legend-note\">Tables: each column's best value in <strong>bold</strong> (\(report.metric.higherIsBetter ? "highest" : "lowest") \(escape(report.metric.rawValue)); "
            + "in Δ tables the largest Δ); bracketed numbers are bootstrap intervals, where drawn.</p>")
        for table in report.tables {
            body.append("<h2>\(escape(table.title))</h2>")
            body.append(html(table, metric: report.metric))
        }
        body.append(ProvenanceHTML.section(report.provenance))
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(escape(report.title))</title>
            <style>
            body { font-family: sans-serif; margin: 2em; color: #222; }
            .synthetic { background: #fff3cd; border: 1px solid #e0c36c; padding: 0.6em 1em; font-weight: bold; }
            .table-scroll { overflow-x: auto; max-width: 100%; margin-bottom: 1.5em; }
            table { border-collapse: collapse; font-size: 0.8em; }
            th, td { border: 1px solid #ccc; padding: 0.2em 0.45em; }
            td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td:first-child, th:first-child { text-align: left; }
            td.missing { color: #999; text-align: center; }
            td.best { background: #eef5ee; }
            .ci { display: block; color: #777; font-size: 0.85em; }
            table.provenance td { text-align: left; white-space: normal; word-break: break-all; }
            .charts { display: flex; flex-wrap: wrap; gap: 1em; }
            figure { margin: 0 0 1em 0; overflow-x: auto; }
            code { font-size: 0.9em; }
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    /// A table in a scrolling box (the language tables have 12 columns): a best cell as
    /// `<td class="best"><strong>`, an interval as a small "[lower, upper]" line under its value
    /// with the level and resamples in its tooltip.
    private static func html(_ table: ReportTable, metric: CellMetric) -> String {
        let escape = SVGCharts.escape
        let head = "<tr>" + table.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        let rows = table.rows.enumerated().map { rowIndex, row in
            "<tr>" + row.enumerated().map { column, cell in
                if column > 0 && cell == "—" { return "<td class=\"missing\">—</td>" }
                let position = ReportTable.CellPosition(row: rowIndex, column: column)
                var content = escape(cell)
                if table.best.contains(position) { content = "<strong>\(content)</strong>" }
                if let interval = table.intervals[position] {
                    let tooltip = "\(CellMetric.fixed(interval.level * 100, decimals: 0))% bootstrap interval, \(interval.resamples) resamples of the questions"
                    content += "<span class=\"ci\" title=\"\(escape(tooltip))\">[\(metric.format(interval.lower)), \(metric.format(interval.upper))]</span>"
                }
                return table.best.contains(position) ? "<td class=\"best\">\(content)</td>" : "<td>\(content)</td>"
            }.joined() + "</tr>"
        }
        return "<div class=\"table-scroll\"><table>\n<thead>\(head)</thead>\n<tbody>\n" + rows.joined(separator: "\n") + "\n</tbody>\n</table></div>"
    }
}
