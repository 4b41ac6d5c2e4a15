import Foundation

/// Scores multiple-choice prompts with one forward pass each, reusing shared prefixes; a
/// group of prompts sharing a prefix scores together (``score(group:)``).
///
/// ```swift
/// let scorer = try Scorer(model: MistralModel(path: "model.gguf"))
/// let score = try scorer.score(prompt: prompt, letters: ["A", "B", "C", "D"])
/// print(score.topLetter ?? "none", score.letters.map(\.probability))
/// ```
///
/// The prompt is tokenized as llama.cpp does with special tokens added: BOS first when the
/// model's file asks for it. Which tokens answer which letter comes from the vocabulary once,
/// when the scorer is made (``AnswerTokens``); a letter no token decodes to is an error.
public final class Scorer: @unchecked Sendable {
    // `@unchecked Sendable`: one question or group at a time (the transformer, the cache and
    // `times` are not shared); a worker owns one scorer.
    /// The backend's forward pass (the CPU's ``Transformer`` unless given another).
    public let transformer: any ForwardPass
    public let tokenizer: ModelTokenizer
    public let answers: AnswerTokens
    public let prefixCache: PrefixCache?
    public let batchSize: Int

    /// - Parameters:
    ///   - prefixCacheBytes: memory for cached prefixes; 0 turns the cache off.
    public convenience init(
        model: MistralModel, threads: Int = ThreadPool.availableCores, batchSize: Int = 512,
        prefixCacheBytes: Int = 1 << 30, kernels: KernelSet = KernelSet()
    ) throws(TokenizerError) {
        try self.init(
            forwardPass: Transformer(model: model, threads: threads, kernels: kernels), batchSize: batchSize,
            prefixCacheBytes: prefixCacheBytes)
    }

    /// A scorer over `forwardPass`, any backend's.
    public init(forwardPass: any ForwardPass, batchSize: Int = 512, prefixCacheBytes: Int = 1 << 30) throws(TokenizerError) {
        transformer = forwardPass
        let model = forwardPass.model
        tokenizer = try ModelTokenizer(file: model.file)
        answers = AnswerTokens(tokenizer: tokenizer)
        prefixCache = prefixCacheBytes > 0 ? PrefixCache(byteLimit: prefixCacheBytes) : nil
        self.batchSize = batchSize
    }

    /// The prompt's tokens as the engine runs them: BOS first when the model's file asks for it
    /// (`tokenizer.ggml.add_bos_token`, else llama.cpp's default for the vocabulary), then the
    /// text's. Never EOS, even where the file asks for one: the model continues the prompt.
    public func promptTokens(_ prompt: String) -> [Int32] {
        tokenizer.promptTokens(prompt)
    }

    /// The tokens that answer each letter, in the order given.
    public func answerTokens(for letters: [String]) throws(ScoringError) -> [[Int32]] {
        guard !letters.isEmpty else { throw .noLetters }
        var seen = Set<String>()
        var tokens: [[Int32]] = []
        for letter in letters {
            if letter.isEmpty || letter.contains(where: \.isWhitespace) { throw .invalidLetter(letter) }
            if !seen.insert(letter).inserted { throw .duplicateLetter(letter) }
            let answering = answers.tokens(decodingTo: letter)
            if answering.isEmpty { throw .noTokenForLetter(letter) }
            tokens.append(answering)
        }
        return tokens
    }

    /// Scores one prompt: one forward pass of the tokens the prefix cache does not hold.
    public func score(prompt: String, letters: [String]) throws(ScoringError) -> QuestionScore {
        let (tokens, answering) = try prepare(prompt: prompt, letters: letters)
        return try score(tokens: tokens, letters: letters, answering: answering)
    }

    /// Scores one prepared prompt (``prepare(prompt:letters:)``) alone.
    func score(tokens: [Int32], letters: [String], answering: [[Int32]]) throws(ScoringError) -> QuestionScore {
        let match = prefixCache?.lookup(tokens) ?? PrefixCache.Match()
        let sequence = self.sequence(continuing: match, of: tokens)
        let cached = sequence.length
        let logits: [Float]
        do {
            logits = try timed(\.ownTokens) { () throws(ForwardPassError) in
                try transformer.evaluate(Array(tokens[cached...]), appendingTo: sequence, batchSize: batchSize)
            }
        } catch {
            throw .forwardPass(error)
        }
        prefixCache?.insert(sequence)
        return try score(
            logits: logits, letters: letters, answering: answering, promptTokens: tokens.count, cachedTokens: cached,
            computedTokens: tokens.count - cached)
    }

    /// Where scoring's time went since the scorer was made.
    public internal(set) var times = ScoringTimes()

    /// Checks a prompt and its letters, and tokenizes it.
    func prepare(prompt: String, letters: [String]) throws(ScoringError) -> (tokens: [Int32], answering: [[Int32]]) {
        if prompt.isEmpty { throw .emptyPrompt }
        let answering = try answerTokens(for: letters)
        let tokens = timed(\.tokenizing) { promptTokens(prompt) }
        let context = transformer.model.config.contextLength
        if tokens.count > context { throw .promptTooLong(tokens: tokens.count, contextLength: context) }
        return (tokens, answering)
    }

    /// A new sequence for `tokens` holding what the cache matched of them: its whole blocks
    /// shared, its partial block copied.
    func sequence(continuing match: PrefixCache.Match, of tokens: [Int32]) -> KVSequence {
        let whole = match.blocks.count * KVBlock.positions
        let sequence = KVSequence(store: transformer.kvStore, sharing: match.blocks, tokens: Array(tokens.prefix(whole)))
        if let partial = match.partial {
            sequence.appendCopy(of: partial.block, count: partial.count, tokens: tokens[whole ..< whole + partial.count])
        }
        return sequence
    }

    /// The scores the last position's `logits` give.
    func score(
        logits: [Float], letters: [String], answering: [[Int32]], promptTokens: Int, cachedTokens: Int, computedTokens: Int
    ) throws(ScoringError) -> QuestionScore {
        if let bad = logits.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteLogits(token: Int32(bad), value: logits[bad]) }
        let started = DispatchTime.now().uptimeNanoseconds
        defer { times.answering += DispatchTime.now().uptimeNanoseconds - started }
        let probabilities = Self.softmax(logits)
        let top = Self.argmax(probabilities)
        let letterScores = zip(letters, answering).map { letter, ids in
            let best = ids[Self.argmax(ids.map { probabilities[Int($0)] })]
            return QuestionScore.LetterProbability(letter: letter, tokenID: best, probability: probabilities[Int(best)])
        }
        let topText = answers.text(of: Int32(top))
        return QuestionScore(
            topTokenID: Int32(top), topTokenPiece: tokenizer.piece(for: Int32(top)),
            topTokenText: tokenizer.decode([Int32(top)]), topTokenProbability: probabilities[top], letters: letterScores,
            topLetter: letters.contains(topText) ? topText : nil,
            bestLetter: letterScores[Self.argmax(letterScores.map(\.probability))].letter,
            promptTokens: promptTokens, cachedTokens: cachedTokens, computedTokens: computedTokens)
    }

    /// `body`'s result, its wall time added to `times[keyPath: part]`.
    func timed<T, Failure: Error>(_ part: WritableKeyPath<ScoringTimes, UInt64>, _ body: () throws(Failure) -> T) throws(Failure) -> T {
        let started = DispatchTime.now().uptimeNanoseconds
        defer { times[keyPath: part] += DispatchTime.now().uptimeNanoseconds - started }
        return try body()
    }

    /// The index of the largest value, the first on ties (numpy's argmax).
    static func argmax(_ values: [Double]) -> Int {
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return best
    }

    /// The softmax over the whole vocabulary, in double.
    static func softmax(_ logits: [Float]) -> [Double] {
        let largest = Double(logits.max() ?? 0)
        var exponentials = logits.map { exp(Double($0) - largest) }
        let sum = exponentials.reduce(0, +)
        for index in exponentials.indices { exponentials[index] /= sum }
        return exponentials
    }
}
