/// The JSON report's `"provenance"` object:
///
/// ```
/// {"medsweep_version", "report_created", "synthetic" (text or null),
///  "sweep": {"name", "source", "created"} or null,
///  "models": [{"name", "path", "sha256", "variant"?: {"recipe": {…}, "parents": [{"name", "sha256"}]}}],
///  "template": {"name", "sha256"} or null,
///  "data_files": [{"path", "sha256", "role" ("test", "few-shot"), "tasks", "languages"}],
///  "gaps": ["what is not known, and why"]}
/// ```
///
/// Dates are ISO 8601 in UTC; a recipe is the variant's recipe JSON as an object (as a string
/// when it does not parse).
enum ProvenanceJSON {
    static func node(_ provenance: ReportProvenance) -> JSONNode {
        .object([
            JSONMember("medsweep_version", provenance.medsweepVersion.map { .string($0) } ?? .null),
            JSONMember("report_created", provenance.reportCreated.map { .string(ReportProvenance.timestamp($0)) } ?? .null),
            JSONMember("synthetic", provenance.synthetic.map { .string($0) } ?? .null),
            JSONMember("sweep", provenance.sweep.map { sweep in
                .object([
                    JSONMember("name", .string(sweep.name)), JSONMember("source", .string(sweep.source)),
                    JSONMember("created", .string(ReportProvenance.timestamp(sweep.created))),
                ])
            } ?? .null),
            JSONMember("models", .array(provenance.models.map(model))),
            JSONMember("template", provenance.template.map { .object([JSONMember("name", .string($0.name)), JSONMember("sha256", .string($0.sha256))]) } ?? .null),
            JSONMember("data_files", .array(provenance.dataFiles.map { file in
                .object([
                    JSONMember("path", .string(file.path)), JSONMember("sha256", .string(file.sha256)),
                    JSONMember("role", .string(file.role.rawValue)),
                    JSONMember("tasks", .array(file.tasks.map { .string($0.corpusName) })),
                    JSONMember("languages", .array(file.languages.map { .string($0.rawValue) })),
                ])
            })),
            JSONMember("gaps", .array(provenance.gaps.map { .string($0) })),
        ])
    }

    private static func model(_ model: ReportProvenance.Model) -> JSONNode {
        var members = [
            JSONMember("name", .string(model.name)), JSONMember("path", .string(model.path)), JSONMember("sha256", .string(model.sha256)),
        ]
        if let variant = model.variant {
            // The recipe is JSON already: nested as an object, so a reader does not parse twice.
            let recipe = (try? JSONParser.parseDocument(Array(variant.recipe.utf8))) ?? .string(variant.recipe)
            members.append(JSONMember("variant", .object([
                JSONMember("recipe", recipe),
                JSONMember("parents", .array(variant.parents.map { .object([JSONMember("name", .string($0.name)), JSONMember("sha256", .string($0.sha256))]) })),
            ])))
        }
        return .object(members)
    }
}
