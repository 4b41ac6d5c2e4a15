/// How a journal's results decide the model's answer, as its `sweep.answer_rule` records.
public enum AnswerRule: String, Sendable, Equatable {
    /// medsweep before journal schema v2: the top token's id against the one token each letter
    /// makes after the prompt; a letter's probability that token's.
    case tokenID = "token-id"
    /// The authors' rule: the top token decoded to text is the answer when it is the letter; a
    /// letter's probability is the largest among the tokens that decode to it.
    case decodedText = "decoded-text"
}
