/// The HTML page's last section: where the numbers come from (see `ReportProvenance`).
enum ProvenanceHTML {
    static func section(_ provenance: ReportProvenance) -> String {
        let escape = SVGCharts.escape
        func code(_ text: String) -> String { "<code>\(escape(text))</code>" }
        var items: [String] = []
        items.append("medsweep " + (provenance.medsweepVersion.map(escape) ?? "(version not given)")
            + (provenance.reportCreated.map { ", report made " + ReportProvenance.timestamp($0) } ?? ""))
        if let synthetic = provenance.synthetic {
            items.append(#"<span class="synthetic-provenance">\#(escape(synthetic))</span>"#)
        }
        if let sweep = provenance.sweep {
            items.append("sweep \(escape(sweep.name)) from \(code(sweep.source)), created \(ReportProvenance.timestamp(sweep.created))")
        }
        if let template = provenance.template {
            items.append("prompt template \(escape(template.name)), sha256 \(code(template.sha256))")
        }
        var blocks = ["<h2 id=\"provenance\">Provenance</h2>", "<ul class=\"provenance\">" + items.map { "<li>\($0)</li>" }.joined() + "</ul>"]
        if !provenance.models.isEmpty {
            let rows = provenance.models.map { model in
                let made = model.variant.map { variant in
                    code(variant.recipe) + " from " + variant.parents.map { "\(escape($0.name)) (\(code(String($0.sha256.prefix(12)))))" }.joined(separator: ", ")
                } ?? "model file"
                return "<tr><td>\(escape(model.name))</td><td>\(code(model.sha256))</td><td>\(made)</td><td>\(code(model.path))</td></tr>"
            }
            blocks.append(table(["Model", "sha256", "Made by", "File"], rows))
        }
        if !provenance.dataFiles.isEmpty {
            let rows = provenance.dataFiles.map { file in
                "<tr><td>\(code(file.path))</td><td>\(file.role.rawValue)</td><td>\(code(file.sha256))</td><td>"
                    + escape(file.tasks.map(\.corpusName).joined(separator: ", ")) + "</td><td>"
                    + escape(file.languages.map(\.rawValue).joined(separator: ", ")) + "</td></tr>"
            }
            blocks.append(table(["Data file", "Role", "sha256", "Tasks", "Languages"], rows))
        }
        if !provenance.gaps.isEmpty {
            blocks.append("<p class=\"gaps\">Not known: " + provenance.gaps.map(escape).joined(separator: "; ") + "</p>")
        }
        return blocks.joined(separator: "\n")
    }

    private static func table(_ columns: [String], _ rows: [String]) -> String {
        "<div class=\"table-scroll\"><table class=\"provenance\">\n<thead><tr>" + columns.map { "<th>\($0)</th>" }.joined()
            + "</tr></thead>\n<tbody>\n" + rows.joined(separator: "\n") + "\n</tbody>\n</table></div>"
    }
}
