import Foundation

/// Which tokens of a vocabulary stand for which answer, by the text they decode to: the
/// BioMistral authors' answer rule.
///
/// Their evaluation decodes the single most likely next token to text and counts the answer
/// right when that text is the gold letter; a letter's probability is the largest probability
/// among all the tokens that decode to it. So "A", "▁A" and the byte token "<0x41>" all answer
/// A in a SentencePiece vocabulary, as "A" and "ĠA" do in a byte-level BPE one. A token's text is
/// its decoded bytes (special tokens decode to nothing) with surrounding whitespace removed, as
/// Python's `str.strip()` removes it.
///
/// Built once per model: one pass over the vocabulary, then every lookup is a dictionary read.
///
/// ```swift
/// let answers = AnswerTokens(tokenizer: tokenizer)
/// answers.tokens(decodingTo: "A")   // [330, 28741, 68] in Mistral's vocabulary
/// answers.text(of: 330)             // "A"
/// ```
public struct AnswerTokens: Sendable {
    /// Each token's decoded text, trimmed.
    private let texts: [String]
    /// The tokens of each trimmed text, in id order.
    private let tokensByText: [String: [Int32]]

    /// - Parameters:
    ///   - count: the vocabulary size.
    ///   - decodedBytes: what token `id` decodes to on its own.
    public init(count: Int, decodedBytes: (Int32) -> [UInt8]) {
        var texts: [String] = []
        texts.reserveCapacity(count)
        var tokensByText: [String: [Int32]] = [:]
        for id in 0 ..< Int32(count) {
            let text = String(decoding: decodedBytes(id), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            texts.append(text)
            if !text.isEmpty { tokensByText[text, default: []].append(id) }
        }
        self.texts = texts
        self.tokensByText = tokensByText
    }

    /// The vocabulary's answer tokens, as its tokenizer decodes them.
    public init(tokenizer: ModelTokenizer) {
        self.init(count: tokenizer.count) { tokenizer.decodedBytes(ofToken: $0) }
    }

    /// Every token whose text is `answer`, in id order; empty when none is.
    public func tokens(decodingTo answer: String) -> [Int32] {
        tokensByText[answer] ?? []
    }

    /// Token `id`'s text, trimmed (empty for special tokens and ids outside the vocabulary).
    public func text(of id: Int32) -> String {
        id >= 0 && Int(id) < texts.count ? texts[Int(id)] : ""
    }
}
