/// The report as one self-contained HTML page (no script, no external file): the title and
/// notes, a bar chart of accuracy per language, a reliability diagram per model, and every table.
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
            let accuracy = section.accuracyGrid
            body.append("<h2>Accuracy per language (average over the \(accuracy.tasks.count) tasks, %)\(escape(section.titleSuffix))</h2>")
            body.append("<figure>" + SVGCharts.languageBars(accuracy) + "</figure>")
        }
        body.append("<h2>Calibration per model (all tasks, languages and sets of a setting; the paper's 5 bins)</h2>")
        body.append("<div class=\"charts\">" + report.calibration.map { "<figure>" + SVGCharts.reliabilityDiagram($0) + "</figure>" }.joined() + "</div>")
        for table in report.tables {
            body.append("<h2>\(escape(table.title))</h2>")
            body.append(html(table))
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(escape(report.title))</title>
            <style>
            body { font-family: sans-serif; margin: 2em; color: #222; }
            .synthetic { background: #fff3cd; border: 1px solid #e0c36c; padding: 0.6em 1em; font-weight: bold; }
            table { border-collapse: collapse; margin-bottom: 1.5em; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; }
            td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td:first-child, th:first-child { text-align: left; }
            td.missing { color: #999; text-align: center; }
            .charts { display: flex; flex-wrap: wrap; gap: 1em; }
            figure { margin: 0 0 1em 0; }
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    private static func html(_ table: ReportTable) -> String {
        let escape = SVGCharts.escape
        let head = "<tr>" + table.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        let rows = table.rows.map { row in
            "<tr>" + row.enumerated().map { index, cell in
                index > 0 && cell == "—" ? "<td class=\"missing\">—</td>" : "<td>\(escape(cell))</td>"
            }.joined() + "</tr>"
        }
        return "<table>\n<thead>\(head)</thead>\n<tbody>\n" + rows.joined(separator: "\n") + "\n</tbody>\n</table>"
    }
}
