import Engine

/// What `bench scoring` prints: per family and overall, each run's rate and computed tokens,
/// and where each run's time went.
struct ScoringBenchReport {
    typealias Family = SyntheticScoringBenchmark.Family
    typealias Run = ScoringBenchCommand.Run

    /// One family's figures, or all families' together.
    struct Row {
        let name: String
        /// Prompts (a question in one language).
        let questions: Int
        let promptTokens: Int
        /// Tokens the 8 prompts of a question have in common, on average.
        let sharedTokens: Double
        let baselineSeconds: Double
        let groupedSeconds: Double
        let baselineComputed: Int
        let groupedComputed: Int

        var baselineRate: Double { Double(questions) / baselineSeconds }
        var groupedRate: Double { Double(questions) / groupedSeconds }
        var ratio: Double { groupedRate / baselineRate }
        func perQuestion(_ tokens: Int) -> Double { Double(tokens) / Double(questions) }
    }

    let rows: [Row]
    let overall: Row
    let baseline: Run
    let grouped: Run
    let identical: Bool
    let threads: Int
    let kernels: String
    let questionsPerFamily: Int

    init(
        benchmark: SyntheticScoringBenchmark, tokenizer: ModelTokenizer, baseline: Run, grouped: Run, identical: Bool,
        threads: Int, kernels: String
    ) {
        var rows: [Row] = []
        for family in Family.allCases {
            let questions = benchmark.questions.filter { $0.family == family }
            let tokens = questions.map { $0.prompts.map(tokenizer.promptTokens) }
            let shared = tokens.map { prompts in
                prompts.dropFirst().map { other in zip(prompts[0], other).prefix { $0 == $1 }.count }.min() ?? prompts[0].count
            }
            rows.append(Row(
                name: family.rawValue, questions: questions.count * SyntheticScoringBenchmark.languages.count,
                promptTokens: tokens.joined().map(\.count).reduce(0, +),
                sharedTokens: Double(shared.reduce(0, +)) / Double(max(1, shared.count)),
                baselineSeconds: baseline.seconds[family] ?? 0, groupedSeconds: grouped.seconds[family] ?? 0,
                baselineComputed: baseline.computed[family] ?? 0, groupedComputed: grouped.computed[family] ?? 0))
        }
        self.rows = rows
        overall = Row(
            name: "overall", questions: rows.map(\.questions).reduce(0, +), promptTokens: rows.map(\.promptTokens).reduce(0, +),
            sharedTokens: rows.map(\.sharedTokens).reduce(0, +) / Double(rows.count),
            baselineSeconds: baseline.total, groupedSeconds: grouped.total,
            baselineComputed: baseline.computedTotal, groupedComputed: grouped.computedTotal)
        self.baseline = baseline
        self.grouped = grouped
        self.identical = identical
        self.threads = threads
        self.kernels = kernels
        questionsPerFamily = benchmark.questions.count / Family.allCases.count
    }

    func text() -> String {
        var lines = [
            "\(questionsPerFamily) questions per family x \(SyntheticScoringBenchmark.languages.count) languages, "
                + "\(threads) threads, \(kernels) kernels; a question is one prompt (one language)",
            "family    prompt tok/q  shared tok  baseline q/s  grouped q/s  ratio  computed tok/q baseline  grouped",
        ]
        for row in rows + [overall] {
            lines.append(
                row.name.padding(toLength: 10, withPad: " ", startingAt: 0)
                    + column(InspectText.fixed(row.perQuestion(row.promptTokens), 1), 12)
                    + column(InspectText.fixed(row.sharedTokens, 1), 12)
                    + column(InspectText.fixed(row.baselineRate, 3), 14)
                    + column(InspectText.fixed(row.groupedRate, 3), 13)
                    + column(InspectText.fixed(row.ratio, 2), 7)
                    + column(InspectText.fixed(row.perQuestion(row.baselineComputed), 1), 25)
                    + column(InspectText.fixed(row.perQuestion(row.groupedComputed), 1), 9))
        }
        lines.append("identical: \(identical) (every score bit-equal between the runs)")
        for (name, run) in [("baseline", baseline), ("grouped", grouped)] {
            let t = seconds(run)
            lines.append(
                "\(name) time (s): total \(f(t.total)); tokenizing \(f(t.tokenizing)), forward of shared prefixes "
                    + "\(f(t.sharedPrefix)), forward of own tokens \(f(t.ownTokens)), answering (softmax) \(f(t.answering)), "
                    + "other \(f(t.other)); in the forward passes: blocks \(f(t.blocks)), attention \(f(t.attention)), "
                    + "output head \(f(t.outputHead)) (\(run.forward.passes) passes, \(run.forward.tokens) tokens, "
                    + "\(run.forward.outputHeadRows) head rows)")
        }
        return lines.joined(separator: "\n")
    }

    func json() -> JSONValue {
        func tokens(_ baseline: Int, _ grouped: Int) -> JSONValue {
            .object([("baseline", .int(Int64(baseline))), ("grouped", .int(Int64(grouped)))])
        }
        func perQuestion(_ row: Row) -> JSONValue {
            .object([("baseline", .double(row.perQuestion(row.baselineComputed))), ("grouped", .double(row.perQuestion(row.groupedComputed)))])
        }
        func times(_ run: Run) -> JSONValue {
            let t = seconds(run)
            return .object([
                ("total", .double(t.total)), ("tokenizing", .double(t.tokenizing)), ("shared_prefix_forward", .double(t.sharedPrefix)),
                ("own_tokens_forward", .double(t.ownTokens)), ("answering", .double(t.answering)), ("other", .double(t.other)),
                ("blocks", .double(t.blocks)), ("attention", .double(t.attention)), ("output_head", .double(t.outputHead)),
                ("forward_passes", .int(Int64(run.forward.passes))), ("forward_tokens", .int(Int64(run.forward.tokens))),
            ])
        }
        return .object([
            ("questions", .int(Int64(overall.questions))), ("languages", .int(Int64(SyntheticScoringBenchmark.languages.count))),
            ("threads", .int(Int64(threads))), ("kernels", .string(kernels)),
            ("baseline_questions_per_s", .double(overall.baselineRate)), ("grouped_questions_per_s", .double(overall.groupedRate)),
            ("ratio", .double(overall.ratio)), ("identical", .bool(identical)),
            ("prompt_tokens", .int(Int64(overall.promptTokens))),
            ("tokens_computed", tokens(overall.baselineComputed, overall.groupedComputed)),
            ("tokens_computed_per_question", perQuestion(overall)),
            ("families", .array(rows.map { row in
                .object([
                    ("family", .string(row.name)), ("questions", .int(Int64(row.questions))),
                    ("prompt_tokens_per_question", .double(row.perQuestion(row.promptTokens))),
                    ("shared_prefix_tokens", .double(row.sharedTokens)),
                    ("baseline_questions_per_s", .double(row.baselineRate)), ("grouped_questions_per_s", .double(row.groupedRate)),
                    ("ratio", .double(row.ratio)), ("tokens_computed", tokens(row.baselineComputed, row.groupedComputed)),
                    ("tokens_computed_per_question", perQuestion(row)),
                ])
            })),
            ("seconds", .object([("baseline", times(baseline)), ("grouped", times(grouped))])),
        ])
    }

    private struct Seconds {
        var total, tokenizing, sharedPrefix, ownTokens, answering, blocks, attention, outputHead: Double
        var other: Double { max(0, total - tokenizing - sharedPrefix - ownTokens - answering) }
    }

    private func seconds(_ run: Run) -> Seconds {
        func s(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e9 }
        return Seconds(
            total: run.total, tokenizing: s(run.times.tokenizing), sharedPrefix: s(run.times.sharedPrefix),
            ownTokens: s(run.times.ownTokens), answering: s(run.times.answering), blocks: s(run.forward.blockNanoseconds),
            attention: s(run.forward.attentionNanoseconds), outputHead: s(run.forward.outputHeadNanoseconds))
    }

    private func column(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(1, width - text.count)) + text
    }

    private func f(_ value: Double) -> String { InspectText.fixed(value, 2) }
}
