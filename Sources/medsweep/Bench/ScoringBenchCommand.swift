import ArgumentParser
import Benchmark
import Engine
import EngineVulkan
import Foundation

struct ScoringBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scoring",
        abstract: "Questions per second on a benchmark of the real shape: one language at a time vs all together.",
        discussion: """
            Builds a synthetic benchmark shaped like BioInstructQA (MMLU, MedQA and PubMedQA; --questions \
            questions of each, every one with its own 3 English solved \
            examples shared by its 8 languages; only the test question, options and context translated, 1.05–2x \
            longer than in English), rendered with the paper's template, and scores it twice with the same \
            settings and a fresh prefix cache each time:

            baseline: as per-language work units run it: all of a family's questions in one language, then the \
            next language, one prompt at a time, prefix cache on (emptied between languages: in a sweep a \
            question comes back in the next language only after thousands of other prompts, long evicted).
            grouped: each question's 8 languages together (Scorer.score(group:)): the shared instruction and \
            examples computed once, the 8 translated suffixes as one batch over them.

            A "question" below is a question in one language (one prompt), as the sweep counts them. Prints, per \
            family and overall, questions per second of each run and their ratio, prompt tokens computed per \
            question, whether every score is bit-identical between the runs, and where the time went. --json \
            prints {"questions", "languages", "threads", "kernels", "baseline_questions_per_s", \
            "grouped_questions_per_s", "ratio", "identical", "prompt_tokens", "tokens_computed": {"baseline", \
            "grouped"}, "families": [...], "seconds": {"baseline": {...}, "grouped": {...}}}. Exits 1 when the \
            scores differ.
            """
    )

    @Option(help: "The GGUF model to run.")
    var model: String

    @Option(help: "Questions of each task family (each scored in 8 languages).")
    var questions: Int = 2

    @Option(help: "Threads (default: all cores).")
    var threads: Int = ThreadPool.availableCores

    @Option(help: "Seed of the synthetic benchmark.")
    var seed: UInt64 = 14

    @OptionGroup var engine: BackendOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard (1 ... 1000).contains(questions) else { throw ValidationError("--questions \(questions) is outside 1...1000") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    typealias Family = SyntheticScoringBenchmark.Family

    /// One run's results: every prompt's score, and per family its time and tokens.
    struct Run {
        var scores: [[QuestionScore]] = []  // [question][language]
        var seconds: [Family: Double] = [:]
        var computed: [Family: Int] = [:]
        var times = ScoringTimes()
        var forward = ForwardStatistics()
        var total: Double { seconds.values.reduce(0, +) }
        var computedTotal: Int { computed.values.reduce(0, +) }
    }

    func run() throws {
        let loaded = try loadModelOrExit(model)
        let tokenizer = try ModelTokenizer(file: loaded.file)
        let benchmark = try SyntheticScoringBenchmark(perFamily: questions, tokenizer: tokenizer, seed: seed)
        let baseline = try score(benchmark, model: loaded, grouped: false)
        let grouped = try score(benchmark, model: loaded, grouped: true)

        let identical = zip(baseline.scores.joined(), grouped.scores.joined()).allSatisfy(Self.sameScore)
        let report = ScoringBenchReport(
            benchmark: benchmark, tokenizer: tokenizer, baseline: baseline, grouped: grouped, identical: identical,
            threads: threads, kernels: KernelSet().family.rawValue)
        print(json ? report.json().rendered() : report.text())
        guard identical else {
            printError("scores differ between the baseline and the grouped run: the engine is not deterministic")
            throw ExitCode.failure
        }
    }

    /// Scores the whole benchmark with a fresh scorer, one family after another.
    private func score(_ benchmark: SyntheticScoringBenchmark, model: MistralModel, grouped: Bool) throws -> Run {
        let scorer: Scorer
        do {
            scorer = try engine.settings(threads: threads).scorer(for: model)
        } catch {
            printError("--backend \(engine.backend.rawValue): \(error)")
            throw badInputExitCode
        }
        // A pass outside the timing, so neither run pays for first-use allocations.
        _ = try scorer.transformer.evaluate([1, 2, 3], appendingTo: scorer.transformer.makeSequence())
        let timesBefore = scorer.times, forwardBefore = scorer.transformer.statistics
        var run = Run()
        run.scores = benchmark.questions.map { _ in [] }
        for family in Family.allCases {
            let indices = benchmark.questions.indices.filter { benchmark.questions[$0].family == family }
            let start = DispatchTime.now().uptimeNanoseconds
            var computed = 0
            if grouped {
                for index in indices {
                    let question = benchmark.questions[index]
                    let scores = try scorer.score(group: question.prompts.map { ScoringRequest(prompt: $0, letters: question.letters) })
                    run.scores[index] = scores
                    computed += scores.map(\.computedTokens).reduce(0, +)
                }
            } else {
                for language in SyntheticScoringBenchmark.languages.indices {
                    // In a sweep, a question comes back in the next language only after
                    // thousands of other prompts, which have evicted its examples by then.
                    scorer.prefixCache?.removeAll()
                    for index in indices {
                        let question = benchmark.questions[index]
                        let score = try scorer.score(prompt: question.prompts[language], letters: question.letters)
                        run.scores[index].append(score)
                        computed += score.computedTokens
                    }
                }
            }
            run.seconds[family] = secondsSince(start)
            run.computed[family] = computed
        }
        run.times = scorer.times.since(timesBefore)
        run.forward = scorer.transformer.statistics.since(forwardBefore)
        return run
    }

    /// Every field but the token counts, bit for bit.
    static func sameScore(_ a: QuestionScore, _ b: QuestionScore) -> Bool {
        a.topTokenID == b.topTokenID && a.topTokenPiece == b.topTokenPiece && a.topTokenText == b.topTokenText
            && a.topTokenProbability.bitPattern == b.topTokenProbability.bitPattern
            && a.letters.map(\.tokenID) == b.letters.map(\.tokenID)
            && a.letters.map(\.probability.bitPattern) == b.letters.map(\.probability.bitPattern)
            && a.topLetter == b.topLetter && a.bestLetter == b.bestLetter && a.promptTokens == b.promptTokens
    }
}
