import Foundation
import Sweep
import Testing
import TestSupport

extension MultiProcessSweeps {
    /// `report --format json|html` on a real journal: the sweep, its models' digests, a
    /// variant's recipe and parents, the template's and data files' digests checked against the
    /// journal's units; and what is not known once the sweep file has changed or is gone.
    @Suite struct ReportProvenanceSweepTests {
        static func provenance(_ journal: String, format: String = "json") async throws -> (object: [String: Any], run: CommandRun) {
            let run = try await CommandRun.medsweepOffPool("report", "--journal", journal, "--format", format, "--bootstrap", "0")
            #expect(run.status == 0, "\(run.standardError)")
            guard format == "json" else { return ([:], run) }
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
            return (try #require(object["provenance"] as? [String: Any]), run)
        }

        @Test(.timeLimit(.minutes(3))) func aJournalsReportSaysWhereItsNumbersComeFrom() async throws {
            let sweep = try VariantSweep(name: "provenance")
            defer { sweep.remove() }
            let before = Date().addingTimeInterval(-1)
            let run = try await CommandRun.medsweepOffPool(
                "run", sweep.sweepPath, "--workers", "1", "--threads", "1", "--journal", sweep.journalPath)
            #expect(run.status == 0, "\(run.standardError.suffix(2000))")
            let models = try Journal.openForReading(path: sweep.journalPath).models()

            let provenance = try await Self.provenance(sweep.journalPath).object
            #expect(provenance["medsweep_version"] as? String == "0.1.0")
            #expect(provenance["synthetic"] is NSNull)
            let dates = ISO8601DateFormatter()
            let made = try #require((provenance["report_created"] as? String).flatMap(dates.date(from:)))
            let recorded = try #require(provenance["sweep"] as? [String: String])
            #expect(recorded["name"] == "provenance" && recorded["source"] == sweep.sweepPath)
            let created = try #require(recorded["created"].flatMap(dates.date(from:)))
            #expect(before <= created && created <= made)

            let listed = try #require(provenance["models"] as? [[String: Any]])
            #expect(listed.map { $0["name"] as? String } == models.map(\.name))
            #expect(listed.map { $0["sha256"] as? String } == models.map(\.sha256))
            #expect(listed[0]["variant"] == nil && listed[1]["variant"] == nil)
            let quantized = try #require(listed[2]["variant"] as? [String: Any])
            #expect((quantized["recipe"] as? [String: [String: String]]) == ["quantize": ["type": "Q8_0"]])
            #expect((quantized["parents"] as? [[String: String]]) == [["name": "bio", "sha256": models[1].sha256]])
            let merged = try #require(listed[3]["variant"] as? [String: Any])
            #expect(((merged["recipe"] as? [String: Any])?["merge"] as? [String: Any])?["method"] as? String == "slerp")
            #expect((merged["parents"] as? [[String: String]])?.map { $0["name"] } == ["base", "bio"])

            let template = try #require(provenance["template"] as? [String: String])
            #expect(template["name"] == "paper" && template["sha256"]?.count == 64)
            let data = try #require(provenance["data_files"] as? [[String: Any]])
            #expect(!data.isEmpty)
            #expect(data.allSatisfy { ($0["sha256"] as? String)?.count == 64 && ($0["tasks"] as? [String]) == ["MedQA"] })
            #expect(data.contains { $0["role"] as? String == "test" && ($0["languages"] as? [String]) == ["en"] })
            #expect(provenance["gaps"] as? [String] == [], "\(provenance["gaps"] ?? "")")

            let html = try await Self.provenance(sweep.journalPath, format: "html").run.standardOutput
            let section = try #require(html.components(separatedBy: "<h2 id=\"provenance\">Provenance</h2>").last)
            #expect(section.contains("sweep provenance from <code>\(sweep.sweepPath)</code>"))
            #expect(section.contains("<td>bio-Q8_0</td><td><code>\(models[2].sha256)</code></td><td><code>{&quot;quantize&quot;:{&quot;type&quot;:&quot;Q8_0&quot;}}</code> from bio"))

            // Another template in the sweep file: its digest no longer names the units, and the report says so.
            let text = try String(contentsOfFile: sweep.sweepPath, encoding: .utf8)
            try (text + "\ntemplate: lm-eval\n").write(toFile: sweep.sweepPath, atomically: true, encoding: .utf8)
            let changed = try await Self.provenance(sweep.journalPath).object
            let changedGaps = try #require(changed["gaps"] as? [String])
            #expect(changedGaps.count == 1 && changedGaps[0].contains("which no longer gives unit"), "\(changedGaps)")

            // The sweep file gone: no template or data digests, and why.
            try FileManager.default.removeItem(atPath: sweep.sweepPath)
            let gone = try await Self.provenance(sweep.journalPath).object
            #expect(gone["template"] is NSNull && (gone["data_files"] as? [Any])?.isEmpty == true)
            let goneGaps = try #require(gone["gaps"] as? [String])
            #expect(goneGaps.count == 1 && goneGaps[0].contains("the sweep file \(sweep.sweepPath) cannot be read now"), "\(goneGaps)")
            #expect((gone["models"] as? [Any])?.count == 4)
        }
    }
}
