import GGUF

/// llama.cpp's tokenizer for byte-level BPE vocabularies (`tokenizer.ggml.model = "gpt2"`),
/// reproduced id for id, and its detokenizer.
///
/// Encoding treats the whole input as text: control tokens are not parsed, so a literal
/// "<|endoftext|>" is text; user-defined tokens are cut out first, as llama.cpp does (see
/// ``UserDefinedTokenSplitter``). Each piece of text is read as code points (``LenientUTF8``),
/// cut into words by the vocabulary's ``PreTokenizer``, written in the byte-level alphabet
/// (``ByteLevelAlphabet``) and merged by rank (``BytePairMerger``).
///
/// ```swift
/// let tokenizer = try BytePairTokenizer(file: GGUFFile(path: "ggml-vocab-llama-bpe.gguf"))
/// let ids = tokenizer.encode("The patient", addingBOS: true)   // [128000, 791, 8893]
/// tokenizer.piece(for: ids[2])                                // "Ġpatient"
/// tokenizer.decode(ids.dropFirst())                           // "The patient"
/// ```
public struct BytePairTokenizer: Sendable {
    public let vocabulary: BytePairVocabulary
    private let splitter: UserDefinedTokenSplitter
    /// The token whose text is each single byte (-1: none), for symbols that are no token.
    private let singleByteTokens: [Int32]
    /// Every token's decoded bytes with special tokens hidden (llama.cpp's `token_to_piece`
    /// with `special = false`), concatenated: token `id`'s are `pieces[pieceOffsets[id] ..< pieceOffsets[id + 1]]`.
    private let pieces: [UInt8]
    private let pieceOffsets: [Int]

    public init(vocabulary: BytePairVocabulary) {
        self.vocabulary = vocabulary
        splitter = UserDefinedTokenSplitter(
            tokens: vocabulary.tokens, ids: vocabulary.attributes.indices.filter { vocabulary.attributes[$0].isCutOutOfText })
        singleByteTokens = (0 ... 255).map { byte in
            [UInt8(byte)].withUnsafeBufferPointer { vocabulary.merges.symbols.id(of: $0) }
                .flatMap { Int($0) < vocabulary.count ? $0 : nil } ?? -1
        }
        var pieces: [UInt8] = []
        var pieceOffsets = [0]
        pieceOffsets.reserveCapacity(vocabulary.count + 1)
        for id in 0 ..< vocabulary.count {
            pieces += Self.decodedBytes(of: id, in: vocabulary, renderingSpecialTokens: false)
            pieceOffsets.append(pieces.count)
        }
        self.pieces = pieces
        self.pieceOffsets = pieceOffsets
    }

    /// The tokenizer of the vocabulary in `metadata`.
    public init(metadata: GGUFMetadata) throws(TokenizerError) {
        self.init(vocabulary: try BytePairVocabulary(metadata: metadata))
    }

    /// The tokenizer of the vocabulary stored in a GGUF file.
    public init(file: GGUFFile) throws(TokenizerError) {
        try self.init(metadata: file.metadata)
    }

    // MARK: encoding

    /// The token ids of `text`, BOS first when `addingBOS`; [] (or [BOS]) for empty text.
    public func encode(_ text: String, addingBOS: Bool = false) -> [Int32] {
        var text = text
        return text.withUTF8 { encode(utf8: $0, addingBOS: addingBOS) }
    }

    /// The token ids of UTF-8 bytes; bytes that are not valid UTF-8 read as U+FFFD, as in
    /// llama.cpp.
    public func encode(utf8 text: UnsafeBufferPointer<UInt8>, addingBOS: Bool = false) -> [Int32] {
        var output: [Int32] = []
        output.reserveCapacity(text.count / 3 + 2)
        if addingBOS { output.append(vocabulary.bosID) }
        var merger = BytePairMerger(
            merges: vocabulary.merges, ignoresMerges: vocabulary.profile.ignoresMerges, singleByteTokens: singleByteTokens)
        var bytes: [UInt8] = [], alphabet: [UInt8] = []
        for fragment in splitter.fragments(of: text) {
            switch fragment {
            case .token(let id):
                output.append(id)
            case .text(let range):
                let codePoints = LenientUTF8.codePoints(of: UnsafeBufferPointer(rebasing: text[range]))
                for wordRange in vocabulary.preTokenizer.words(of: codePoints) {
                    bytes.removeAll(keepingCapacity: true)
                    alphabet.removeAll(keepingCapacity: true)
                    for codePoint in codePoints[wordRange] {
                        LenientUTF8.forEachByte(of: codePoint) { byte in
                            bytes.append(byte)
                            ByteLevelAlphabet.appendCharacter(of: byte, to: &alphabet)
                        }
                    }
                    bytes.withUnsafeBufferPointer { bytes in
                        alphabet.withUnsafeBufferPointer { merger.tokenize(bytes: bytes, alphabet: $0, into: &output) }
                    }
                }
            }
        }
        return output
    }

    // MARK: pieces and decoding

    /// The token's text as the vocabulary stores it ("Ġpatient", "<|endoftext|>"); `id` must
    /// be a token of the vocabulary.
    public func piece(for id: Int32) -> String {
        precondition(id >= 0 && Int(id) < vocabulary.count, "token id \(id) is not in the vocabulary of \(vocabulary.count)")
        return vocabulary.tokens[Int(id)]
    }

    /// The bytes token `id` stands for (llama.cpp's `token_to_piece` with `special = false`):
    /// a normal token's text read back through the byte-level alphabet (" patient" for
    /// "Ġpatient"), a user-defined token's text, nothing for control and unknown tokens.
    /// Nothing for ids outside the vocabulary.
    public func decodedBytes(ofToken id: Int32) -> [UInt8] {
        Array(piece(ofToken: id))
    }

    /// ``decodedBytes(ofToken:)`` without a copy.
    private func piece(ofToken id: Int32) -> ArraySlice<UInt8> {
        guard id >= 0, Int(id) < vocabulary.count else { return [] }
        return pieces[pieceOffsets[Int(id)] ..< pieceOffsets[Int(id) + 1]]
    }

    /// Text of the token ids, as llama.cpp's `llama_detokenize` gives it (without removing or
    /// rendering special tokens, unless `renderingSpecialTokens`): each token's bytes, control
    /// and unknown tokens as nothing (or their text when `renderingSpecialTokens`); one leading
    /// space of the first token dropped when the vocabulary has `addsSpacePrefix`; then, when
    /// the pre-tokenizer asks for it (``PreTokenizerProfile/cleansSpaces``: GPT-2's and Llama
    /// 3's do, Qwen2's and SmolLM's do not), spaces before ".,!?" and some contractions
    /// removed (``SpaceCleanup``), so `decode(encode(text)) == text` only for texts without
    /// those. Ids outside the vocabulary give nothing (llama.cpp refuses them). Bytes that do
    /// not form valid UTF-8 become U+FFFD; ``decodeBytes(_:renderingSpecialTokens:)`` gives the
    /// bytes themselves.
    public func decode(_ ids: some Sequence<Int32>, renderingSpecialTokens: Bool = false) -> String {
        String(decoding: decodeBytes(ids, renderingSpecialTokens: renderingSpecialTokens), as: UTF8.self)
    }

    /// The bytes ``decode(_:renderingSpecialTokens:)`` turns into text.
    public func decodeBytes(_ ids: some Sequence<Int32>, renderingSpecialTokens: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        var removeSpace = vocabulary.addsSpacePrefix
        for id in ids {
            guard id >= 0, Int(id) < vocabulary.count else {
                removeSpace = false
                continue
            }
            var piece: ArraySlice<UInt8>
            if renderingSpecialTokens {
                piece = Self.decodedBytes(of: Int(id), in: vocabulary, renderingSpecialTokens: true)[...]
            } else {
                piece = self.piece(ofToken: id)
            }
            if removeSpace && piece.first == 0x20 { piece = piece.dropFirst() }
            removeSpace = false
            output += piece
        }
        if vocabulary.profile.cleansSpaces { SpaceCleanup.clean(&output) }
        return output
    }

    /// One token's bytes, as llama.cpp's `token_to_piece` for BPE (with `lstrip = 0`).
    static func decodedBytes(of id: Int, in vocabulary: BytePairVocabulary, renderingSpecialTokens: Bool) -> [UInt8] {
        let attributes = vocabulary.attributes[id]
        let text = vocabulary.tokens[id]
        if !attributes.isDisjoint(with: [.unknown, .control]) && !renderingSpecialTokens { return [] }
        if !attributes.isDisjoint(with: [.unknown, .control, .userDefined]) { return Array(text.utf8) }
        if attributes.contains(.normal) { return bytesOfAlphabetText(text) }
        if attributes.contains(.byte) { return [byteValue(of: text)] }
        return []
    }

    /// The bytes a text in the byte-level alphabet stands for. A character outside the
    /// alphabet becomes "[UNK_BYTE_0x<its UTF-8 in hex><the whole text>]", as llama.cpp
    /// writes it.
    static func bytesOfAlphabetText(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            if let byte = ByteLevelAlphabet.byte(for: scalar.value) {
                bytes.append(byte)
            } else {
                let hex = scalar.utf8.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
                bytes += Array("[UNK_BYTE_0x\(hex)\(text)]".utf8)
            }
        }
        return bytes
    }

    /// The byte a byte token ("<0x0A>") stands for: the two hexadecimal digits after "<0x", as
    /// llama.cpp reads them (`strtol` of those two characters).
    private static func byteValue(of text: String) -> UInt8 {
        var value: UInt8 = 0
        for character in text.utf8.dropFirst(3).prefix(2) {
            guard let digit = UInt8(String(UnicodeScalar(character)), radix: 16) else { break }
            value = value * 16 + digit
        }
        return value
    }
}
