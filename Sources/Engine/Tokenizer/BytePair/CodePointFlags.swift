/// What llama.cpp's pre-tokenizers know of a code point (its `unicode_cpt_flags`): one general
/// category class, and whether it is white space.
///
/// llama.cpp reads these from tables generated from Unicode 15.1. Swift's own Unicode data is
/// newer, so code points assigned in Unicode 16.0 or later are classed as unassigned here, as
/// llama.cpp classes them: with that rule the classes agree on every one of the 1,114,112 code
/// points (checked once against llama.cpp's `unicode-data.cpp`; without it 9,988 code points of
/// Unicode 16.0 and 17.0 would differ). White space is Unicode's White_Space property, the set
/// llama.cpp lists.
///
/// Surrogates (which the lenient UTF-8 reader can produce, see ``LenientUTF8``) are control
/// characters, as in Unicode; values past U+10FFFF are unassigned.
struct CodePointFlags: OptionSet, Sendable {
    let rawValue: UInt16

    init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    static var unassigned: CodePointFlags { CodePointFlags(rawValue: 0x0001) }
    /// `\p{N}`: decimal, letter and other numbers.
    static var number: CodePointFlags { CodePointFlags(rawValue: 0x0002) }
    /// `\p{L}`: letters of every case and modifier and other letters.
    static var letter: CodePointFlags { CodePointFlags(rawValue: 0x0004) }
    /// `\p{Z}`: space, line and paragraph separators.
    static var separator: CodePointFlags { CodePointFlags(rawValue: 0x0008) }
    /// `\p{M}`: combining marks.
    static var mark: CodePointFlags { CodePointFlags(rawValue: 0x0010) }
    /// `\p{P}`
    static var punctuation: CodePointFlags { CodePointFlags(rawValue: 0x0020) }
    /// `\p{S}`
    static var symbol: CodePointFlags { CodePointFlags(rawValue: 0x0040) }
    /// `\p{C}`: control, format, surrogate and private-use code points.
    static var control: CodePointFlags { CodePointFlags(rawValue: 0x0080) }
    /// `\s`: Unicode's White_Space.
    static var whitespace: CodePointFlags { CodePointFlags(rawValue: 0x0100) }

    /// The category class alone, without ``whitespace``.
    var category: CodePointFlags { CodePointFlags(rawValue: rawValue & 0x00FF) }

    // Concrete forms of the set operations the splitters call per character: `OptionSet`'s
    // generic defaults are not specialized across files in debug builds. (The flags are
    // computed properties, not stored constants, for the same reason: no lazy-global check.)

    @inline(__always) func contains(_ member: CodePointFlags) -> Bool { rawValue & member.rawValue == member.rawValue }
    @inline(__always) func isDisjoint(with other: CodePointFlags) -> Bool { rawValue & other.rawValue == 0 }
    @inline(__always) var isEmpty: Bool { rawValue == 0 }

    /// The flags of `codePoint`: the Basic Multilingual Plane from a table, the rest from
    /// Swift's Unicode data.
    @inline(__always)
    init(_ codePoint: UInt32) {
        if codePoint < 0x10000 {
            self = Self.basicPlane[Int(codePoint)]
        } else {
            self = Self.computed(codePoint)
        }
    }

    /// The flags of U+0000 to U+FFFF, built on first use (a few milliseconds, once per
    /// process): asking Swift's Unicode data for three properties costs more than a load, and
    /// almost all text is in this plane.
    private static let basicPlane: [CodePointFlags] = (0 ..< 0x10000).map { computed(UInt32($0)) }

    /// The first Unicode version whose additions llama.cpp's tables do not have.
    private static let firstNewerVersion = (major: 16, minor: 0)

    private static func computed(_ codePoint: UInt32) -> CodePointFlags {
        guard codePoint < 0x110000 else { return .unassigned }
        guard let scalar = Unicode.Scalar(codePoint) else { return .control }
        let properties = scalar.properties
        if let age = properties.age, (age.major, age.minor) >= firstNewerVersion { return .unassigned }
        var flags: CodePointFlags
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            flags = .letter
        case .nonspacingMark, .spacingMark, .enclosingMark:
            flags = .mark
        case .decimalNumber, .letterNumber, .otherNumber:
            flags = .number
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            flags = .punctuation
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            flags = .symbol
        case .spaceSeparator, .lineSeparator, .paragraphSeparator:
            flags = .separator
        case .control, .format, .surrogate, .privateUse:
            flags = .control
        case .unassigned:
            flags = .unassigned
        @unknown default:
            flags = .unassigned
        }
        if properties.isWhitespace { flags.insert(.whitespace) }
        return flags
    }
}
