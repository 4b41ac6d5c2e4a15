import ArgumentParser
import Benchmark
import Engine
import Foundation

struct PrefixCacheBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prefix-cache",
        abstract: "Questions per second of a unit sharing a 3-shot prefix, prefix cache on vs off.",
        discussion: """
            Builds a unit of --questions English questions from the built-in demo benchmark, \
            all with the same 3 solved examples (the paper's template), as a sweep unit of one \
            task and few-shot set has them, and scores it with a fresh scorer with the prefix \
            cache off (every prompt from scratch) and on (the shared instruction and examples \
            computed once). Prints questions per second of each, the median of --runs, and \
            their ratio; --json prints {"questions", "prompt_tokens", "shared_tokens", \
            "threads", "uncached_q_s", "cached_q_s", "ratio"}. The scores of both runs are \
            checked to be identical.
            """
    )

    @Option(help: "The GGUF model to run.")
    var model: String

    @Option(help: "Questions in the unit.")
    var questions: Int = 20

    @Option(help: "Threads (default: all cores).")
    var threads: Int = ThreadPool.availableCores

    @Option(help: "Timed runs of each mode; the median is reported.")
    var runs: Int = 3

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard (2 ... 1000).contains(questions) else { throw ValidationError("--questions \(questions) is outside 2...1000") }
        guard threads >= 1, runs >= 1 else { throw ValidationError("--threads and --runs must be at least 1") }
    }

    func run() throws {
        let loaded = try loadModelOrExit(model)
        let unit = try Self.unit(count: questions)
        var rates: [Bool: [Double]] = [false: [], true: []]
        var scores: [Bool: [QuestionScore]] = [:]
        var promptTokens = 0, sharedTokens = 0
        for _ in 0 ..< runs {
            for cached in [false, true] {
                let scorer = try Scorer(model: loaded, threads: threads, prefixCacheBytes: cached ? 1 << 30 : 0)
                let start = DispatchTime.now().uptimeNanoseconds
                let results = try unit.map { try scorer.score(prompt: $0.prompt, letters: $0.letters) }
                rates[cached]!.append(Double(unit.count) / secondsSince(start))
                scores[cached] = results
                promptTokens = results.reduce(0) { $0 + $1.promptTokens }
                if cached { sharedTokens = results.reduce(0) { $0 + $1.cachedTokens } }
            }
        }
        let identical = zip(scores[false]!, scores[true]!).allSatisfy { uncached, cached in
            uncached.letters == cached.letters && uncached.topTokenID == cached.topTokenID
                && uncached.topTokenProbability == cached.topTokenProbability
        }
        guard identical else {
            printError("scores differ with the prefix cache on: the engine is not deterministic")
            throw ExitCode.failure
        }
        let off = median(rates[false]!), on = median(rates[true]!)
        if json {
            print(JSONValue.object([
                ("questions", .int(Int64(unit.count))), ("prompt_tokens", .int(Int64(promptTokens))),
                ("shared_tokens", .int(Int64(sharedTokens))), ("threads", .int(Int64(threads))),
                ("uncached_q_s", .double(off)), ("cached_q_s", .double(on)), ("ratio", .double(on / off)),
            ]).rendered())
        } else {
            print("\(unit.count) questions, \(promptTokens) prompt tokens, \(sharedTokens) from the prefix cache, \(threads) threads")
            print("cache off \(InspectText.fixed(off, 2)) q/s, cache on \(InspectText.fixed(on, 2)) q/s, ratio \(InspectText.fixed(on / off, 2))")
        }
    }

    /// `count` demo questions (English, every task in turn) rendered with the paper's template
    /// after the same 3 solved examples.
    static func unit(count: Int) throws -> [(prompt: String, letters: [String])] {
        var pool: [BenchmarkQuestion] = []
        for task in BenchmarkTask.allCases {
            pool += try DemoBenchmark.manifest.questions(task: task, language: .en).questions
        }
        let examples = pool[0].examples(for: 1) ?? []
        return try (0 ..< count).map { index in
            let question = pool[(index + 1) % pool.count]
            let prompt = try PromptTemplate.paper.prompt(
                task: question.task, context: question.context, question: question.question,
                options: question.options, examples: examples)
            return (prompt, question.letters)
        }
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
