import ArgumentParser
import Benchmark
import Foundation
import Sweep

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the paper-shaped tables from a sweep's journal (or synthetic demo records).",
        discussion: """
            Prints one table per language (rows the models, columns the 10 tasks and their \
            average, each cell "mean ± std" over the 3 few-shot sets, the population standard \
            deviation as the paper's) and one table of the task averages per language. A cell \
            a model was not run on shows "—"; a cell over fewer than 3 sets is marked "*"; an \
            average shows "—" when one of its tasks is missing.

            --journal FILE reports the results a sweep committed to its journal; it can be read \
            while the sweep runs (the tables then hold what is done so far, cells with fewer \
            than 3 sets marked "*").

            --demo-data reports DETERMINISTIC SYNTHETIC records instead: four made-up models \
            over the demo benchmark's questions (--full-size: over as many questions as the \
            paper's test sets), drawn from a seeded generator (--seed). They are labelled \
            synthetic in every format and are no model's results.

            --metric: accuracy (the paper's: the top token must be the gold letter), \
            restricted-accuracy (argmax over the option letters), ece (the paper's: 5 \
            equal-width bins over the highest letter probability, x100), ece-renormalised \
            (letter probabilities scaled to sum to 1 first), brier (renormalised letter \
            probabilities; 0 best).

            --format: text (aligned columns, the default), markdown, csv (one row per score: \
            metric, model, language, task, mean, std, sets, set_1..set_3, questions, ci_level, \
            ci_low, ci_high), json (cells, averages, missing cells, calibration, provenance), \
            html (one self-contained page: a bar chart of the --metric per language and model \
            with a legend and the intervals as error bars, a reliability diagram per model with \
            each bin's question count, the tables with each column's best value in bold and the \
            intervals under the values, and the provenance, as inline SVG and HTML). csv, json \
            and html carry a bootstrap 95% interval per score, averages included (--bootstrap \
            resamples of the questions, seeded by --seed; 0 turns it off).

            json and html end with the report's provenance: the medsweep version and when the \
            report was made; from a journal, the sweep, when it was created and its sweep file, \
            each model's sha256 (a variant's recipe and parents), and the template and data \
            files' digests read from that sweep file, checked against the journal's unit ids \
            (a sweep file that is gone or changed is said to be). Synthetic records say they \
            are synthetic. --ensemble FIRST+SECOND adds the ensemble of two models (letter \
            probabilities summed per question, as the paper's ensembles); repeat it for more.

            --format samples writes the records themselves from a journal, one JSON object per \
            line and scored question: model, task, language, fewshot_set, question_id, \
            question_index, gold, top_token (id, piece, decoded text, probability), top_letter, \
            correct (the paper's verdict), letters, letter_probabilities, \
            restricted_prediction, restricted_correct, prompt_tokens, computed_tokens, seconds \
            and unit. --with-prompts adds each prompt, rebuilt from the sweep file the journal \
            was first run from (--sweep FILE for another) and checked against the journal: a \
            unit's id is a digest of its model, template and data, so a prompt is shown only \
            when recomputing the id from the sweep file gives the journal's.

            --baseline MODEL adds, after the tables, every other model against MODEL on the \
            same questions (language and few-shot set), as the paper's quantization and merge \
            tables do: per task and language the difference in accuracy (restricted accuracy \
            with --metric restricted-accuracy), in points, marked † where McNemar's exact test \
            on the questions only one model got right gives p < 0.05; per language and over all \
            languages the average Δ (the mean of the tasks'), the test on the pooled pairs, the \
            share of flips (right for one model only), top-1 agreement (same answer) and the \
            mean KL divergence of the letter distributions (baseline ‖ model, renormalised, \
            nats). In every format; csv adds the columns baseline, delta, p_value, flip_rate, \
            agreement, mean_kl, pairs, json a "baseline" object.

            --output FILE writes the report there instead of standard output. Exits with \
            status 2, the reason on standard error, when the records cannot be used or the \
            file cannot be written.
            """
    )

    @Option(help: ArgumentHelp("The sweep journal to report (from run, coordinator or demo).", valueName: "file"))
    var journal: String?

    @Flag(help: "Report deterministic synthetic records of made-up models (labelled as such).")
    var demoData = false

    @Flag(help: "With --demo-data: as many questions as the paper's test sets, not the demo benchmark's.")
    var fullSize = false

    @Option(help: ArgumentHelp(
        "Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")), or \(Self.samplesFormat) (one JSON line per question).",
        valueName: "format"))
    var format: String = ReportFormat.text.rawValue

    @Flag(name: .customLong("with-prompts"), help: "With --format samples: each line carries its prompt, rebuilt from the sweep file and checked.")
    var withPrompts = false

    @Option(name: .customLong("sweep"), help: ArgumentHelp(
        "With --with-prompts: the sweep file to rebuild the prompts from (default: the one the journal was first run from).",
        valueName: "file"))
    var sweepFile: String?

    @Option(help: ArgumentHelp("The score in the cells: \(CellMetric.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "metric"))
    var metric: String = CellMetric.accuracy.rawValue

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: "Seed of the synthetic records and of the bootstrap.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Bootstrap resamples for the intervals in csv, json and html (0: none).", valueName: "n"))
    var bootstrap: Int = 1000

    @Option(help: ArgumentHelp("Add the ensemble of two models, named FIRST+SECOND.", valueName: "first+second"))
    var ensemble: [String] = []

    @Option(help: ArgumentHelp(
        "Compare every other model with this one on the same questions: Δ accuracy, McNemar's p, flips, agreement, KL.",
        valueName: "model"))
    var baseline: String?

    /// `--format samples`: the records themselves, not tables.
    static let samplesFormat = "samples"

    func validate() throws {
        guard (journal != nil) != demoData else {
            throw ValidationError("Name the records to report: --journal FILE, or --demo-data for synthetic records (not both).")
        }
        if fullSize && !demoData { throw ValidationError("--full-size goes with --demo-data.") }
        if format == Self.samplesFormat {
            if demoData { throw ValidationError("--format samples reads a journal (--journal FILE): synthetic records have no tokens or prompts.") }
            if !ensemble.isEmpty || baseline != nil {
                throw ValidationError("--ensemble and --baseline make tables; --format samples writes each question as it was scored.")
            }
        } else {
            if withPrompts { throw ValidationError("--with-prompts goes with --format samples.") }
            guard ReportFormat(rawValue: format) != nil else {
                throw ValidationError("'\(format)' is not a format; the formats are \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")), \(Self.samplesFormat).")
            }
        }
        if sweepFile != nil && !withPrompts { throw ValidationError("--sweep goes with --with-prompts.") }
        guard CellMetric(rawValue: metric) != nil else {
            throw ValidationError("'\(metric)' is not a metric; the metrics are \(CellMetric.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap must be 0 or more.") }
        for pair in ensemble where Self.ensemblePair(pair) == nil {
            throw ValidationError("'\(pair)' is not two model names joined by '+'.")
        }
    }

    /// Where the records come from: a journal, or the synthetic generator.
    func recordsSource() throws -> any QuestionRecordSource {
        if let journal {
            return try JournalRecordSource(journal: Journal.openForReading(path: journal))
        }
        return SyntheticRecordSource(benchmark: fullSize ? .fullSize : .demo, seed: seed)
    }

    func run() throws {
        if let output { try checkOutputFolderOrExit(output, as: "a report file") }
        if format == Self.samplesFormat { return try writeSamples() }
        let format = ReportFormat(rawValue: format)!
        let showsIntervals = format == .csv || format == .json || format == .html
        do {
            var report = try BenchmarkReport(
                source: recordsSource(), metric: CellMetric(rawValue: metric)!,
                ensembles: ensemble.compactMap(Self.ensemblePair),
                bootstrap: showsIntervals && bootstrap > 0 ? BootstrapSettings(resamples: bootstrap, seed: seed) : nil,
                baseline: baseline)
            // The module that builds reports imports nothing of the tool's: the version and the
            // date are the command's to give.
            report.provenance.medsweepVersion = Medsweep.version
            report.provenance.reportCreated = Date()
            let text = report.rendered(format)
            if let output {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    printError("\(output): cannot write: \(PathProblem(error: error))")
                    throw badInputExitCode
                }
            } else {
                print(text, terminator: "")
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("\(error)")
            throw badInputExitCode
        }
    }

    /// `--format samples`: every scored question as a JSON line.
    private func writeSamples() throws {
        guard let journal else { return }
        do {
            let opened = try Journal.openForReading(path: journal)
            let prompts = withPrompts ? try PromptRebuilder(journal: opened, sweepPath: sweepFile) : nil
            let count = try SampleLines.write(journal: opened, prompts: prompts, output: output)
            if let output {
                var standardError = StandardError()
                print("wrote \(output): \(count) scored questions", to: &standardError)
            }
        } catch {
            printError("\(error)")
            throw badInputExitCode
        }
    }

    /// "FIRST+SECOND" as (FIRST, SECOND), or nil.
    static func ensemblePair(_ text: String) -> (String, String)? {
        let parts = text.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (parts[0], parts[1])
    }
}
