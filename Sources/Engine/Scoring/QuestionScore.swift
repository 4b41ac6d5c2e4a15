/// One multiple-choice question's scores under the BioMistral authors' answer rule: the most
/// likely next token decoded to text is the answer, and each letter's probability is the
/// largest among the tokens that decode to it (see ``AnswerTokens``).
public struct QuestionScore: Sendable, Codable, Equatable {
    public struct LetterProbability: Sendable, Codable, Equatable {
        public let letter: String
        /// The most probable of the tokens that decode to the letter.
        public let tokenID: Int32
        /// That token's probability in the full softmax.
        public let probability: Double
    }

    /// The most likely next token over the whole vocabulary, its piece (as the vocabulary
    /// stores it), its decoded text and its probability.
    public let topTokenID: Int32
    public let topTokenPiece: String
    public let topTokenText: String
    public let topTokenProbability: Double
    /// Each option letter's probability from the full softmax, in the order given.
    public let letters: [LetterProbability]
    /// The letter the top token's text is, once trimmed, or nil when it is no option letter (the
    /// paper then counts the answer wrong).
    public let topLetter: String?
    /// The most probable letter among the letters only (the first on ties).
    public let bestLetter: String
    public let promptTokens: Int
    /// Prompt tokens whose keys and values came from the prefix cache.
    public let cachedTokens: Int
    /// Prompt tokens the engine computed for this prompt. A group's shared prefix, computed
    /// once, counts for the group's first prompt only (see ``Scorer/score(group:)``) and
    /// prefix-cache hits count for none, so the sum over a run is exactly the tokens its
    /// forward passes computed. Scored alone, `promptTokens - cachedTokens`.
    public let computedTokens: Int
}
