/// A token's attributes as llama.cpp keeps them (`llama_token_attr`): its type from
/// `tokenizer.ggml.token_type`, corrected by token text where llama.cpp corrects it.
///
/// The attributes decide what the tokenizer cuts out of text before merging (user-defined
/// tokens that are neither control nor unknown) and what a token decodes to (control and
/// unknown tokens to nothing unless special tokens are rendered).
struct TokenAttributes: OptionSet, Sendable {
    let rawValue: UInt8

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    static let unknown = TokenAttributes(rawValue: 1 << 0)
    static let unused = TokenAttributes(rawValue: 1 << 1)
    static let normal = TokenAttributes(rawValue: 1 << 2)
    static let control = TokenAttributes(rawValue: 1 << 3)
    static let userDefined = TokenAttributes(rawValue: 1 << 4)
    static let byte = TokenAttributes(rawValue: 1 << 5)

    /// The attribute of a token type (an undefined type has none).
    init(_ type: Vocabulary.TokenType) {
        switch type {
        case .undefined: self = []
        case .normal: self = .normal
        case .unknown: self = .unknown
        case .control: self = .control
        case .userDefined: self = .userDefined
        case .unused: self = .unused
        case .byte: self = .byte
        }
    }

    /// Whether llama.cpp cuts the token out of text that is tokenized without parsing special
    /// tokens: user-defined tokens are, control and unknown ones are not.
    var isCutOutOfText: Bool {
        contains(.userDefined) && isDisjoint(with: [.control, .unknown])
    }

    /// The attributes of every token, with llama.cpp's corrections by text (from
    /// `llama_vocab::impl::load`), in its order:
    ///
    /// 1. Tokens that look like an end of turn, an end of message or a fill-in-the-middle marker
    ///    ("<|eot_id|>", "<|fim_prefix|>", ...) become control tokens when the file names no
    ///    token for that role, and end-of-generation texts ("<|endoftext|>", "<|im_end|>", ...)
    ///    always do. (Where several tokens could fill one role, llama.cpp marks the first it
    ///    meets in hash order; all of them are marked here.)
    /// 2. gpt-oss's "<|channel|>", "<|message|>", "<|start|>" and "<|constrain|>" become
    ///    user-defined tokens, and so does "<|end|>" beside "<|return|>" and "<|call|>" (or
    ///    "<|calls|>" and "<|flush|>").
    /// 3. "</s>" becomes a normal token in vocabularies with "<|tool_response>", or whose EOS
    ///    is "<|plamo:eos|>".
    static func corrected(
        types: [Vocabulary.TokenType], tokens: [String], lookup: TokenLookup,
        rolesNamedByFile: Set<SpecialTokenRole>, eosID: Int32
    ) -> [TokenAttributes] {
        var attributes = types.map(TokenAttributes.init)
        func id(_ text: String) -> Int? { lookup.id(of: text).map(Int.init) }

        for role in SpecialTokenRole.allCases where !rolesNamedByFile.contains(role) {
            for text in role.texts { if let id = id(text) { attributes[id].insert(.control) } }
        }
        for text in endOfGenerationTexts { if let id = id(text) { attributes[id].insert(.control) } }

        for text in ["<|channel|>", "<|message|>", "<|start|>", "<|constrain|>"] {
            if let id = id(text) { attributes[id] = .userDefined }
        }
        if let end = id("<|end|>"), id("<|call|>") != nil || id("<|calls|>") != nil,
           id("<|return|>") != nil || id("<|flush|>") != nil {
            attributes[end] = .userDefined
        }
        if let closing = id("</s>"), id("<|tool_response>") != nil || tokens[Int(eosID)] == "<|plamo:eos|>" {
            attributes[closing] = .normal
        }
        return attributes
    }

    /// Texts llama.cpp takes to end generation, whatever the file says.
    static let endOfGenerationTexts = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>", "<end_of_turn>",
        "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>",
        "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>", "<｜end▁of▁sentence｜>", "[e~[",
    ]
}

/// The special-token roles llama.cpp fills from token texts when the file names no token for
/// them, each with its metadata keys and the texts it looks for.
enum SpecialTokenRole: CaseIterable, Sendable {
    case endOfTurn, endOfMessage, fillPrefix, fillSuffix, fillMiddle, fillPad, fillRepository, fillSeparator

    /// The keys naming the role's token (the later ones are deprecated spellings).
    var keys: [String] {
        switch self {
        case .endOfTurn: ["tokenizer.ggml.eot_token_id"]
        case .endOfMessage: ["tokenizer.ggml.eom_token_id"]
        case .fillPrefix: ["tokenizer.ggml.fim_pre_token_id", "tokenizer.ggml.prefix_token_id"]
        case .fillSuffix: ["tokenizer.ggml.fim_suf_token_id", "tokenizer.ggml.suffix_token_id"]
        case .fillMiddle: ["tokenizer.ggml.fim_mid_token_id", "tokenizer.ggml.middle_token_id"]
        case .fillPad: ["tokenizer.ggml.fim_pad_token_id"]
        case .fillRepository: ["tokenizer.ggml.fim_rep_token_id"]
        case .fillSeparator: ["tokenizer.ggml.fim_sep_token_id"]
        }
    }

    var texts: [String] {
        switch self {
        case .endOfTurn:
            ["<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>",
             "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>"]
        case .endOfMessage: ["<|eom_id|>"]
        case .fillPrefix:
            ["<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>", "<|code_prefix|>", "<|prefix|>"]
        case .fillSuffix:
            ["<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>", "<|code_suffix|>", "<|suffix|>"]
        case .fillMiddle:
            ["<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>", "▁<MID>", "<|code_middle|>", "<|middle|>"]
        case .fillPad: ["<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"]
        case .fillRepository: ["<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"]
        case .fillSeparator: ["<|file_sep|>"]
        }
    }
}
