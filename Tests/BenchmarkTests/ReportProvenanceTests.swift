@testable import Benchmark
import Foundation
import Testing

/// The report's provenance in JSON and HTML: synthetic records say they are synthetic, a
/// source that knows nothing says so, and what a source gives is printed.
@Suite struct ReportProvenanceTests {
    static func provenanceObject(_ report: BenchmarkReport) throws -> [String: Any] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any])
        return try #require(object["provenance"] as? [String: Any])
    }

    @Test func syntheticRecordsSayTheyAreSynthetic() throws {
        var report = try BenchmarkReport(source: SyntheticRecordSource(benchmark: .demo, seed: 7), metric: .accuracy)
        report.provenance.medsweepVersion = "9.9.9"
        report.provenance.reportCreated = Date(timeIntervalSince1970: 1_700_000_000)
        let provenance = try Self.provenanceObject(report)
        let synthetic = try #require(provenance["synthetic"] as? String)
        #expect(synthetic.hasPrefix("SYNTHETIC records") && synthetic.contains("seed 7") && synthetic.contains("synthetic-merged-7b"))
        #expect(provenance["medsweep_version"] as? String == "9.9.9")
        #expect(provenance["report_created"] as? String == "2023-11-14T22:13:20Z")
        #expect(provenance["sweep"] is NSNull && provenance["template"] is NSNull)
        #expect((provenance["models"] as? [Any])?.isEmpty == true && (provenance["data_files"] as? [Any])?.isEmpty == true)

        let html = report.rendered(.html)
        let section = try #require(html.components(separatedBy: "<h2 id=\"provenance\">Provenance</h2>").last)
        #expect(section.contains("medsweep 9.9.9, report made 2023-11-14T22:13:20Z"))
        #expect(section.contains("<span class=\"synthetic-provenance\">SYNTHETIC records"))
    }

    /// A source with no provenance: the report says it has none rather than printing nothing.
    @Test func aSourceWithoutProvenanceSaysSo() throws {
        struct Bare: QuestionRecordSource {
            var label: String { "bare test records" }
            var isSynthetic: Bool { false }
            var tasks: [BenchmarkTask] { [.medQA] }
            func records() throws -> [QuestionRecord] { ScoreGridTests.records("model-a", languages: [.en], tasks: [.medQA]) }
        }
        let report = try BenchmarkReport(source: Bare(), metric: .accuracy)
        let provenance = try Self.provenanceObject(report)
        #expect(provenance["medsweep_version"] is NSNull && provenance["synthetic"] is NSNull)
        #expect(provenance["gaps"] as? [String] == ["the records' source (bare test records) records no provenance"])
        #expect(report.rendered(.html).contains("Not known: the records&#39; source (bare test records) records no provenance"))
    }

    /// Models, a variant's recipe (as an object) and parents, template and data files as given.
    @Test func whatASourceGivesIsPrinted() throws {
        let provenance = ReportProvenance(
            sweep: .init(name: "s", source: "/x/sweep.yaml", created: Date(timeIntervalSince1970: 0)),
            models: [
                .init(name: "base", path: "/m/base.gguf", sha256: String(repeating: "a", count: 64)),
                .init(name: "base-Q8_0", path: "/m/v.gguf", sha256: String(repeating: "b", count: 64),
                      variant: .init(recipe: #"{"quantize":{"type":"Q8_0"}}"#, parents: [.init(name: "base", sha256: String(repeating: "a", count: 64))])),
            ],
            template: .init(name: "paper", sha256: String(repeating: "c", count: 64)),
            dataFiles: [.init(path: "data/en.json", sha256: String(repeating: "d", count: 64), role: .test, tasks: [.medQA], languages: [.en])])
        let report = try BenchmarkReport(
            records: ScoreGridTests.records("base", languages: [.en], tasks: [.medQA]), metric: .accuracy, tasks: [.medQA],
            sourceLabel: "t", isSynthetic: false, provenance: provenance)
        let object = try Self.provenanceObject(report)
        #expect((object["sweep"] as? [String: String]) == ["name": "s", "source": "/x/sweep.yaml", "created": "1970-01-01T00:00:00Z"])
        let models = try #require(object["models"] as? [[String: Any]])
        #expect(models.count == 2 && models[0]["variant"] == nil)
        let variant = try #require(models[1]["variant"] as? [String: Any])
        #expect((variant["recipe"] as? [String: [String: String]]) == ["quantize": ["type": "Q8_0"]])
        #expect((variant["parents"] as? [[String: String]]) == [["name": "base", "sha256": String(repeating: "a", count: 64)]])
        #expect((object["template"] as? [String: String])?["name"] == "paper")
        let data = try #require((object["data_files"] as? [[String: Any]])?.first)
        #expect(data["role"] as? String == "test" && data["tasks"] as? [String] == ["MedQA"] && data["languages"] as? [String] == ["en"])
        let html = report.rendered(.html)
        #expect(html.contains("<code>{&quot;quantize&quot;:{&quot;type&quot;:&quot;Q8_0&quot;}}</code> from base (<code>aaaaaaaaaaaa</code>)"))
        #expect(html.contains("<td><code>data/en.json</code></td><td>test</td>"))
    }
}
