import Benchmark
import Foundation

/// A journal's provenance for its report: the sweep and its date and the models with their
/// digests and recipes come from the journal; the template's and data files' digests do not
/// (the journal names units by them but does not keep them), so they are read from the sweep
/// file the journal was first run from, when it is still there, and said to be unknown when not.
extension JournalRecordSource {
    public func provenance() throws -> ReportProvenance {
        let sweep = try journal.sweepRecord()
        var provenance = ReportProvenance(sweep: .init(name: sweep.name, source: sweep.source, created: sweep.created))
        let models = try journal.models()
        provenance.models = models.map { model in
            ReportProvenance.Model(
                name: model.name, path: model.path, sha256: model.sha256,
                variant: model.origin.map { origin in
                    .init(recipe: origin.recipe, parents: origin.parents.map { .init(name: $0.name, sha256: $0.sha256) })
                })
        }
        if models.isEmpty {
            provenance.gaps.append("model digests and recipes: \(journal.path) was written before medsweep recorded them (journal schema v5)")
        }
        do {
            let file = try SweepFile.load(path: sweep.source)
            let manifest = try file.benchmark.load()
            let template = try manifest.template(named: file.template)
            // The digest units are named by, computed as the plan computes it.
            let templateDigest = FileDigest.sha256(String(describing: template))
            provenance.template = .init(name: file.template, sha256: templateDigest)
            provenance.dataFiles = Self.dataFiles(manifest, tasks: tasks, languages: file.languages ?? manifest.languages)
            if models.isEmpty {
                provenance.gaps.append(
                    "template and data digests: read from \(sweep.source) as it is now; without model digests they cannot be checked against the journal's units")
            } else if let changed = try firstChangedUnit(manifest: manifest, templateDigest: templateDigest, models: models) {
                provenance.gaps.append(
                    "template and data digests: read from \(sweep.source) as it is now, which no longer gives unit \(changed)'s id: "
                        + "its template or data changed since the sweep, so these are not the digests it was scored with")
            }
        } catch {
            provenance.gaps.append("template and data digests: the sweep file \(sweep.source) cannot be read now (\(error)); the journal does not record them")
        }
        return provenance
    }

    /// The first unit whose id the sweep file's template and data (with the journal's model
    /// digests) do not give again, or nil when every unit's does: a unit's id is a digest of
    /// its model, template and data files, so matching ids prove the digests read now are the
    /// ones the units were scored with (as `PromptRebuilder` checks before showing a prompt).
    private func firstChangedUnit(manifest: BenchmarkManifest, templateDigest: String, models: [PlannedModel]) throws -> String? {
        let digests = Dictionary(grouping: models, by: \.name).mapValues { $0.map(\.sha256) }
        for (id, unit) in try journal.unitIdentities().sorted(by: { $0.key < $1.key }) {
            let named = unit.isNamed(id, modelDigests: digests[unit.model] ?? [], templateDigest: templateDigest) { language in
                try? manifest.entry(task: unit.task, language: language).file.sha256
            }
            if !named { return id }
        }
        return nil
    }

    /// The manifest's files holding the sweep's tasks in its languages: test data, then the
    /// few-shot files beside them, each once.
    static func dataFiles(_ manifest: BenchmarkManifest, tasks: [BenchmarkTask], languages: [BenchmarkLanguage]) -> [ReportProvenance.DataFile] {
        var files: [ReportProvenance.DataFile] = []
        var seen = Set<String>()
        for entry in manifest.entries {
            let entryTasks = entry.tasks.filter(tasks.contains), entryLanguages = entry.languages.filter(languages.contains)
            guard !entryTasks.isEmpty, !entryLanguages.isEmpty else { continue }
            if seen.insert(entry.file.path).inserted {
                files.append(.init(path: entry.file.path, sha256: entry.file.sha256, role: .test, tasks: entryTasks, languages: entryLanguages))
            }
            if let fewShot = entry.fewShot, seen.insert(fewShot.file.path).inserted {
                files.append(.init(path: fewShot.file.path, sha256: fewShot.file.sha256, role: .fewShot, tasks: entryTasks, languages: entryLanguages))
            }
        }
        return files
    }
}
