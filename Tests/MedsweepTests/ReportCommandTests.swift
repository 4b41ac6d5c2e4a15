import Foundation
import Testing
import TestSupport

/// `medsweep report` as users run it: the paper-shaped tables of synthetic records.
@Suite(.offThePool) struct ReportCommandTests {
    @Test func demoDataPrintsLabelledPaperShapedTables() throws {
        let run = try CommandRun.medsweep("report", "--demo-data")
        #expect(run.status == 0)
        let text = run.standardOutput
        #expect(text.hasPrefix("SYNTHETIC DEMO — medsweep report: accuracy"))
        for title in ["English (en)", "Spanish (es)", "German (de)", "Portuguese (pt)", "Russian (ru)", "French (fr)", "Arabic (ar)", "Chinese (zh)", "Average over the 10 tasks, per language"] {
            #expect(text.contains("\n\(title)\n"), "\(title)")
        }
        let header = try #require(text.split(separator: "\n").first { $0.hasPrefix("Model") })
        #expect(header.contains("Clinical KG") && header.contains("MedQA 5 opts") && header.hasSuffix("Avg."))
        // The merged model was not run in Arabic: its cells show "—", never 0.
        let arabic = try #require(text.components(separatedBy: "Arabic (ar)\n").last?.split(separator: "\n").first { $0.hasPrefix("synthetic-merged-7b") })
        #expect(arabic.split(separator: " ").dropFirst().allSatisfy { $0 == "—" })
        // The same seed prints the same report.
        #expect(try CommandRun.medsweep("report", "--demo-data").standardOutput == text)
    }

    @Test func everyFormatRendersAndOutputGoesToAFile() throws {
        let json = try CommandRun.medsweep("report", "--demo-data", "--format", "json", "--metric", "ece", "--bootstrap", "50")
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["synthetic"] as? Bool == true)
        let cell = try #require((object["cells"] as? [[String: Any]])?.first)
        #expect(cell["ci"] != nil)

        let markdown = try CommandRun.medsweep("report", "--demo-data", "--format", "markdown")
        #expect(markdown.standardOutput.contains("| Model | Clinical KG |"))
        let csv = try CommandRun.medsweep("report", "--demo-data", "--format", "csv", "--bootstrap", "0")
        #expect(csv.standardOutput.hasPrefix("metric,model,language,task,mean,std,sets"))

        let path = temporaryPath("report.html")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let html = try CommandRun.medsweep("report", "--demo-data", "--format", "html", "--output", path, "--ensemble", "synthetic-general-7b+synthetic-medical-7b")
        #expect(html.status == 0)
        #expect(html.standardOutput.isEmpty)
        let page = try String(contentsOfFile: path, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("synthetic-general-7b + synthetic-medical-7b"))
    }

    @Test func badInputIsRefused() throws {
        let noSource = try CommandRun.medsweep("report")
        #expect(noSource.status != 0 && noSource.status != 2)
        #expect(noSource.standardError.contains("--demo-data"))
        let format = try CommandRun.medsweep("report", "--demo-data", "--format", "pdf")
        #expect(format.standardError.contains("'pdf' is not a format"))
        let ensemble = try CommandRun.medsweep("report", "--demo-data", "--ensemble", "synthetic-general-7b+nobody")
        #expect(ensemble.status == 2)
        #expect(ensemble.standardError.contains("cannot ensemble synthetic-general-7b and nobody: nobody has no records"))
        let unwritable = try CommandRun.medsweep("report", "--demo-data", "--output", "/nonexistent/dir/report.txt")
        #expect(unwritable.status == 2)
        #expect(unwritable.standardError == "medsweep: error: /nonexistent/dir/report.txt: no such folder /nonexistent/dir\n")
        let baseline = try CommandRun.medsweep("report", "--demo-data", "--baseline", "nobody")
        #expect(baseline.status == 2)
        #expect(baseline.standardError.contains("--baseline nobody: no such model in the records (models: synthetic-general-7b, "), "\(baseline.standardError)")
    }

    /// `--baseline` from the command line: the Δ tables follow the score tables.
    @Test func baselineAddsTheComparisonTables() throws {
        let run = try CommandRun.medsweep("report", "--demo-data", "--baseline", "synthetic-medical-7b", "--format", "markdown")
        #expect(run.status == 0, "\(run.standardError)")
        let scores = try #require(run.standardOutput.range(of: "## Average over the 10 tasks, per language"))
        let deltas = try #require(run.standardOutput.range(of: "## Δ accuracy vs synthetic-medical-7b (points), English (en)"))
        #expect(scores.lowerBound < deltas.lowerBound)
        #expect(run.standardOutput.contains("| synthetic-general-7b | all |"))
    }

    @Test func helpDocumentsEveryOption() throws {
        let help = try CommandRun.medsweep("report", "--help")
        for option in ["--demo-data", "--full-size", "--format", "--metric", "--output", "--seed", "--bootstrap", "--ensemble", "--baseline", "--with-prompts", "--sweep"] {
            #expect(help.standardOutput.contains(option), "\(option)")
        }
    }
}
